package io.netweave.o2ims.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.UUID;

/**
 * Name-based UUIDs, version 5 (RFC 9562: SHA-1 over a namespace UUID and a name). DECISIONS.md
 * "Ids": every O2 id is derived this way from the O-Cloud id and the backing object's stable
 * identity, so replicas and restarts agree on ids without storing them; notification ids are
 * derived the same way from the change. The one implementation in netweave. Stateless, thread-safe.
 */
public final class NameBasedUuid {
  private NameBasedUuid() {}

  /** The version-5 UUID of {@code name} (UTF-8) in {@code namespace}. */
  public static UUID v5(UUID namespace, String name) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every Java runtime", e);
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
