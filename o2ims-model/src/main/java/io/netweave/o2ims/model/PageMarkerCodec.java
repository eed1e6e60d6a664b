package io.netweave.o2ims.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encodes and decodes SOL013 {@code nextpage_opaque_marker} values: an opaque, tamper-evident
 * (HMAC-SHA256) keyset position bound to the query it pages. Thread-safe; holds only the key.
 *
 * <p>Layout before unpadded URL-safe Base64: a version byte, the first 16 bytes of the SHA-256 of
 * the query fingerprint, the last key in UTF-8, then the HMAC-SHA256 of all of that. The key is
 * readable to anyone who decodes the Base64 (it is a position, not a secret) but cannot be changed
 * without the secret. {@link #decode} throws {@link InvalidQueryException} with parameter {@code
 * nextpage_opaque_marker} for every bad marker and never any other exception.
 */
public final class PageMarkerCodec {
  private static final String PARAMETER = "nextpage_opaque_marker";
  private static final byte VERSION = 1;
  private static final int QUERY_HASH_BYTES = 16;
  private static final int MAC_BYTES = 32;
  private static final int MAX_MARKER_CHARS = 8192;

  private final SecretKeySpec key;
  private final String keyId;

  /**
   * @param secret the HMAC key (32 random bytes or more recommended); replicas behind one load
   *     balancer must share it. The array is copied.
   * @throws IllegalArgumentException if the secret is empty
   */
  public PageMarkerCodec(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length == 0) {
      throw new IllegalArgumentException("the page marker secret must not be empty");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    byte[] label = "netweave page marker key id".getBytes(StandardCharsets.UTF_8);
    this.keyId = java.util.HexFormat.of().formatHex(Arrays.copyOf(mac(label, label.length), 8));
  }

  /**
   * A short name of the key: 8 bytes of an HMAC under it, in hex. Codecs with equal secrets have
   * equal ids, others (almost surely) not, and the id does not reveal the key. Whatever keeps
   * markers beyond one request (a shared response cache) keeps them under this id, so that a codec
   * with another key never hands them out.
   */
  public String keyId() {
    return keyId;
  }

  /**
   * A marker meaning "continue after {@code lastKey}" for the query whose canonical form is {@code
   * queryFingerprint}.
   */
  public String encode(String lastKey, String queryFingerprint) {
    byte[] keyBytes = Objects.requireNonNull(lastKey, "lastKey").getBytes(StandardCharsets.UTF_8);
    byte[] queryHash = queryHash(Objects.requireNonNull(queryFingerprint, "queryFingerprint"));
    ByteBuffer body = ByteBuffer.allocate(1 + QUERY_HASH_BYTES + keyBytes.length + MAC_BYTES);
    body.put(VERSION).put(queryHash).put(keyBytes);
    byte[] bytes = body.array();
    byte[] mac = mac(bytes, bytes.length - MAC_BYTES);
    System.arraycopy(mac, 0, bytes, bytes.length - MAC_BYTES, MAC_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The last key of a marker made by {@link #encode} for the same query.
   *
   * @throws InvalidQueryException (parameter {@code nextpage_opaque_marker}) if the marker is
   *     malformed, tampered with, or made for another query
   */
  public String decode(String marker, String queryFingerprint) {
    if (marker == null || marker.isEmpty()) {
      throw invalid("the paging marker is empty", "");
    }
    if (marker.length() > MAX_MARKER_CHARS) {
      throw invalid("the paging marker is too long", "");
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(marker);
    } catch (IllegalArgumentException e) {
      throw invalid("the paging marker is not valid; restart from the first page", marker);
    }
    int bodyLength = bytes.length - MAC_BYTES;
    if (bodyLength < 1 + QUERY_HASH_BYTES || bytes[0] != VERSION) {
      throw invalid("the paging marker is not valid; restart from the first page", marker);
    }
    byte[] expected = mac(bytes, bodyLength);
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(bytes, bodyLength, bytes.length))) {
      // Tampering, or (far more often) a marker signed with another key: a replica that does not
      // share the server's page marker key, or the same server before a restart without one.
      throw invalid(
          "the paging marker was altered or signed with another key (replicas must share"
              + " server.page_marker_secret, and without one a restart changes it); restart from"
              + " the first page",
          marker);
    }
    byte[] queryHash = queryHash(queryFingerprint == null ? "" : queryFingerprint);
    if (!MessageDigest.isEqual(queryHash, Arrays.copyOfRange(bytes, 1, 1 + QUERY_HASH_BYTES))) {
      throw invalid(
          "the paging marker belongs to a different query (filter, selectors or sort changed);"
              + " restart from the first page",
          marker);
    }
    int keyStart = 1 + QUERY_HASH_BYTES;
    return new String(bytes, keyStart, bodyLength - keyStart, StandardCharsets.UTF_8);
  }

  private byte[] mac(byte[] bytes, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(bytes, 0, length);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }

  private static byte[] queryHash(String fingerprint) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(fingerprint.getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(digest, QUERY_HASH_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  private static InvalidQueryException invalid(String message, String marker) {
    return new InvalidQueryException(PARAMETER, message, marker, -1);
  }
}
