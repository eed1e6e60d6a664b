package io.netweave.o2ims.server.internal.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic notification ids: a name-based UUID (version 5, SHA-1) of the object key, the event
 * type, the revision and a digest of the states. Every subscription receiving a change gets the
 * same id, redeliveries keep it (it is stored in the body), and two producers that see the same
 * change at the same revision agree on it. Stateless.
 */
final class NotificationIds {
  /** The namespace of netweave notification ids (a fixed random UUID). */
  static final UUID NAMESPACE = UUID.fromString("5b0f4c6e-8f0e-4d8a-9d3c-2f6b1e7a9c41");

  private NotificationIds() {}

  static UUID of(ObjectChange change, String priorText, String postText) {
    String name =
        change.key()
            + "|"
            + change.eventType().code()
            + "|"
            + change.revision()
            + "|"
            + priorText
            + "|"
            + postText;
    return v5(NAMESPACE, name);
  }

  static UUID v5(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every Java runtime", e);
    }
    sha1.update(toBytes(namespace));
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (hash[i] & 0xff);
      lsb = (lsb << 8) | (hash[i + 8] & 0xff);
    }
    return new UUID(msb, lsb);
  }

  private static byte[] toBytes(UUID uuid) {
    byte[] out = new byte[16];
    long msb = uuid.getMostSignificantBits();
    long lsb = uuid.getLeastSignificantBits();
    for (int i = 0; i < 8; i++) {
      out[i] = (byte) (msb >>> (56 - 8 * i));
      out[i + 8] = (byte) (lsb >>> (56 - 8 * i));
    }
    return out;
  }
}
