package io.netweave.o2ims.server.internal.notify.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run by its SHA1 digest ({@code EVALSHA}), so a call sends the digest instead of the
 * script's text and Redis skips hashing that text on every call. When Redis does not have the
 * script in its cache (first use, after a restart, a failover to a replica that never ran it, or
 * {@code SCRIPT FLUSH}) it answers {@code NOSCRIPT} without running anything, and the script is
 * sent once with {@code EVAL}, which also caches it: the script runs exactly once either way.
 *
 * <p>Immutable and thread-safe.
 */
final class RedisScript {
  private final String text;
  private final String sha1;

  RedisScript(String text) {
    this.text = text;
    try {
      this.sha1 =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
    }
  }

  /** The script's SHA1 digest in lower-case hex, as Redis names it. */
  String sha1() {
    return sha1;
  }

  /**
   * Runs the script.
   *
   * @throws io.lettuce.core.RedisCommandExecutionException if the script fails
   */
  <T> T run(
      RedisCommands<String, String> redis,
      ScriptOutputType type,
      String[] keys,
      String... arguments) {
    try {
      return redis.evalsha(sha1, type, keys, arguments);
    } catch (RedisNoScriptException e) {
      return redis.eval(text, type, keys, arguments);
    }
  }
}
