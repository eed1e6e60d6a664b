package io.netweave.o2ims.model;

/**
 * Encodes and decodes SOL013 {@code nextpage_opaque_marker} values: an opaque, tamper-evident
 * (HMAC-SHA256) keyset position bound to the query it pages. Thread-safe.
 */
public final class PageMarkerCodec {
  // PENDING(model helper)

  /**
   * @param secret the HMAC key; replicas behind one load balancer must share it
   */
  public PageMarkerCodec(byte[] secret) {
    throw new UnsupportedOperationException("pending");
  }

  /**
   * A marker meaning "continue after {@code lastKey}" for the query whose canonical form is {@code
   * queryFingerprint}.
   */
  public String encode(String lastKey, String queryFingerprint) {
    throw new UnsupportedOperationException("pending");
  }

  /**
   * The last key of a marker made by {@link #encode} for the same query.
   *
   * @throws InvalidQueryException (parameter {@code nextpage_opaque_marker}) if the marker is
   *     malformed, tampered with, or made for another query
   */
  public String decode(String marker, String queryFingerprint) {
    throw new UnsupportedOperationException("pending");
  }
}
