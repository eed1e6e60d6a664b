package io.netweave.o2ims.server.internal.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The TLS configuration of the listener ({@code server.tls.*}). An immutable value; the compact
 * constructor refuses impossible combinations with a message naming the key to change.
 *
 * @param keyMaterial the certificate chain and key ({@code --tls-cert}/{@code --tls-key} or
 *     PKCS#12)
 * @param clientAuth whether client certificates are requested or required ({@code
 *     server.tls.client_auth})
 * @param clientCaBundles PEM CA bundles trusted for client certificates ({@code --tls-client-ca});
 *     required unless {@code clientAuth} is {@code NONE}
 * @param protocols TLS versions, a non-empty subset of TLSv1.2 and TLSv1.3
 * @param cipherSuites the enabled suites (JSSE names), in preference order
 * @param sessionCacheSize server-side session cache entries ({@code session_cache_size})
 * @param sessionTimeout lifetime of a cached session
 * @param sessionTickets stateless TLS session tickets ({@code session_tickets})
 * @param maxConcurrentStreams HTTP/2 streams per connection ({@code server.max_concurrent_streams})
 * @param reloadCheckInterval how often the key files are checked for a change
 * @param handshakeTimeout a connection that has not completed its handshake by then is closed
 *     ({@code server.tls.handshake_timeout})
 */
public record TlsSettings(
    KeyMaterial keyMaterial,
    ClientAuth clientAuth,
    List<Path> clientCaBundles,
    List<String> protocols,
    List<String> cipherSuites,
    int sessionCacheSize,
    Duration sessionTimeout,
    boolean sessionTickets,
    int maxConcurrentStreams,
    Duration reloadCheckInterval,
    Duration handshakeTimeout) {

  /** TLS 1.3 and the TLS 1.2 AEAD suites with forward secrecy. */
  public static final List<String> DEFAULT_CIPHER_SUITES =
      List.of(
          "TLS_AES_128_GCM_SHA256",
          "TLS_AES_256_GCM_SHA384",
          "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
          "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
          "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
          "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  public static final int DEFAULT_SESSION_CACHE_SIZE = 10_000;
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofHours(1);
  public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 250;
  public static final Duration DEFAULT_RELOAD_CHECK_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  private static final Set<String> ALLOWED_PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  public TlsSettings {
    Objects.requireNonNull(keyMaterial, "keyMaterial");
    Objects.requireNonNull(clientAuth, "clientAuth");
    clientCaBundles = List.copyOf(clientCaBundles);
    protocols = List.copyOf(protocols);
    cipherSuites = List.copyOf(cipherSuites);
    Objects.requireNonNull(sessionTimeout, "sessionTimeout");
    Objects.requireNonNull(reloadCheckInterval, "reloadCheckInterval");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new InvalidTlsMaterialException("server.tls.handshake_timeout must be positive");
    }
    if (protocols.isEmpty() || !ALLOWED_PROTOCOLS.containsAll(protocols)) {
      throw new InvalidTlsMaterialException(
          "server.tls.protocols must be TLSv1.2 and/or TLSv1.3, was " + protocols);
    }
    if (cipherSuites.isEmpty()) {
      throw new InvalidTlsMaterialException("server.tls.cipher_suites must not be empty");
    }
    if (clientAuth != ClientAuth.NONE && clientCaBundles.isEmpty()) {
      throw new InvalidTlsMaterialException(
          "server.tls.client_auth is "
              + clientAuth
              + " but no client CA bundle is configured (--tls-client-ca FILE or"
              + " server.tls.client_ca)");
    }
    if (sessionCacheSize < 0) {
      throw new InvalidTlsMaterialException("server.tls.session_cache_size must be >= 0");
    }
    if (maxConcurrentStreams < 1) {
      throw new InvalidTlsMaterialException("server.max_concurrent_streams must be >= 1");
    }
  }

  /** Settings with the default handshake timeout. */
  public TlsSettings(
      KeyMaterial keyMaterial,
      ClientAuth clientAuth,
      List<Path> clientCaBundles,
      List<String> protocols,
      List<String> cipherSuites,
      int sessionCacheSize,
      Duration sessionTimeout,
      boolean sessionTickets,
      int maxConcurrentStreams,
      Duration reloadCheckInterval) {
    this(
        keyMaterial,
        clientAuth,
        clientCaBundles,
        protocols,
        cipherSuites,
        sessionCacheSize,
        sessionTimeout,
        sessionTickets,
        maxConcurrentStreams,
        reloadCheckInterval,
        DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /** Settings with the defaults for everything but the key material and client authentication. */
  public static TlsSettings defaults(
      KeyMaterial keyMaterial, ClientAuth clientAuth, List<Path> clientCaBundles) {
    return new TlsSettings(
        keyMaterial,
        clientAuth,
        clientCaBundles,
        DEFAULT_PROTOCOLS,
        DEFAULT_CIPHER_SUITES,
        DEFAULT_SESSION_CACHE_SIZE,
        DEFAULT_SESSION_TIMEOUT,
        true,
        DEFAULT_MAX_CONCURRENT_STREAMS,
        DEFAULT_RELOAD_CHECK_INTERVAL);
  }

  /** A copy with another cipher-suite list. */
  public TlsSettings withCipherSuites(List<String> suites) {
    return new TlsSettings(
        keyMaterial,
        clientAuth,
        clientCaBundles,
        protocols,
        suites,
        sessionCacheSize,
        sessionTimeout,
        sessionTickets,
        maxConcurrentStreams,
        reloadCheckInterval,
        handshakeTimeout);
  }

  /** A copy with another reload check interval. */
  public TlsSettings withReloadCheckInterval(Duration interval) {
    return new TlsSettings(
        keyMaterial,
        clientAuth,
        clientCaBundles,
        protocols,
        cipherSuites,
        sessionCacheSize,
        sessionTimeout,
        sessionTickets,
        maxConcurrentStreams,
        interval,
        handshakeTimeout);
  }
}
