package io.netweave.o2ims.server.internal.demo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Name-based UUIDs, version 5 (RFC 4122 / 9562: SHA-1 over namespace and name), as DECISIONS.md
 * "Ids" requires: the same O-Cloud id and identity always give the same O2 id. Stateless.
 */
public final class NameBasedIds {
  /** The namespace for O-Cloud ids derived from a name. */
  public static final UUID OCLOUD_NAMESPACE =
      UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

  private NameBasedIds() {}

  /** The version-5 UUID of {@code name} in {@code namespace}. */
  public static UUID of(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required by every Java platform", e);
    }
    ByteBuffer ns = ByteBuffer.allocate(16);
    ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
    sha1.update(ns.array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }
}
