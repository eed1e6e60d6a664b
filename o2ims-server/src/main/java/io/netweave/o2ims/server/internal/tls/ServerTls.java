package io.netweave.o2ims.server.internal.tls;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import org.xnio.Options;
import org.xnio.Sequence;
import org.xnio.SslClientAuthMode;

/**
 * The listener's TLS: builds the {@link SSLContext} (reloading key manager, client CA trust,
 * session cache) from {@link TlsSettings} and adds the HTTPS listener with the protocol,
 * cipher-suite, client-authentication and HTTP/2 options to an Undertow builder. The client CA
 * bundle reloads like the certificate: see {@link #reloadClientTrustIfChanged()}.
 *
 * <p>Lifecycle: create once in the composition root before the server starts; the SSL context lives
 * as long as the server. Construction throws {@link InvalidTlsMaterialException} when a file cannot
 * be used or a cipher suite is not supported by this JDK. Session tickets are a JVM-wide switch
 * read when JSSE initializes ({@code jdk.tls.server.enableSessionTicketExtension}), and so is the
 * refusal of client-initiated renegotiation ({@code jdk.tls.rejectClientInitiatedRenegotiation},
 * always on: TLS 1.2 clients get a {@code handshake_failure} alert), so the constructor sets these
 * system properties and must run before any other TLS use in the process. Thread-safe after
 * construction.
 */
public final class ServerTls {
  private final TlsSettings settings;
  private final ReloadingKeyManager keyManager;
  private final Optional<ClientCaBundle> clientCas;
  private volatile SSLContext sslContext;

  public ServerTls(TlsSettings settings, Clock clock) {
    this.settings = settings;
    System.setProperty(
        "jdk.tls.server.enableSessionTicketExtension", Boolean.toString(settings.sessionTickets()));
    // A TLS 1.2 client may otherwise renegotiate on an open connection as often as it likes, each
    // time making the server do a full handshake's private-key work (a CPU amplifier: one
    // connection, unbounded handshakes). Read once, when JSSE's server handshake class loads.
    System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
    this.keyManager =
        new ReloadingKeyManager(settings.keyMaterial(), clock, settings.reloadCheckInterval());
    this.clientCas =
        settings.clientAuth() == ClientAuth.NONE
            ? Optional.empty()
            : Optional.of(
                new ClientCaBundle(
                    settings.clientCaBundles(), clock, settings.reloadCheckInterval()));
    this.sslContext = newContext();
    Set<String> supported =
        new TreeSet<>(Arrays.asList(sslContext.getSupportedSSLParameters().getCipherSuites()));
    List<String> unknown =
        settings.cipherSuites().stream().filter(s -> !supported.contains(s)).toList();
    if (!unknown.isEmpty()) {
      throw new InvalidTlsMaterialException(
          "server.tls.cipher_suites names suites this JVM does not support: " + unknown);
    }
  }

  /**
   * How long a connection may take to complete its handshake ({@code
   * server.tls.handshake_timeout}).
   */
  public java.time.Duration handshakeTimeout() {
    return settings.handshakeTimeout();
  }

  /** The SSL context for the next connection (a new one after the client CA bundle changed). */
  public SSLContext sslContext() {
    return sslContext;
  }

  /**
   * Looks at the client CA bundle files (at most once per {@code server.tls.reload_interval}); when
   * they changed into a usable bundle, {@link #sslContext()} becomes a new context that trusts it
   * and true is returned. The new context has its own session cache and ticket keys, so no client
   * resumes a session its certificate earned under the previous bundle. A listener calls this
   * before it accepts a connection, and then closes the open connections that {@link
   * #admits(SSLSession)} no longer.
   */
  public boolean reloadClientTrustIfChanged() {
    if (clientCas.isEmpty() || !clientCas.get().reloadIfChanged()) {
      return false;
    }
    synchronized (this) {
      sslContext = newContext();
    }
    return true;
  }

  /**
   * Whether a connection's TLS session would be admitted by the current client CA bundle: true
   * without client authentication, without a client certificate (optional authentication; the
   * request still needs a token) or when the handshake is not done; false when the client's chain
   * no longer leads to a trusted CA.
   */
  public boolean admits(SSLSession session) {
    if (clientCas.isEmpty() || session == null) {
      return true;
    }
    Certificate[] peer;
    try {
      peer = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return true;
    }
    X509Certificate[] chain = new X509Certificate[peer.length];
    for (int i = 0; i < peer.length; i++) {
      if (!(peer[i] instanceof X509Certificate x509)) {
        return false;
      }
      chain[i] = x509;
    }
    return clientCas.get().admits(chain);
  }

  /** Changed certificate or key files that could not be loaded, since the start. */
  public long certificateReloadFailures() {
    return keyManager.reloadFailures();
  }

  /** Changed client CA bundles that could not be loaded, since the start. */
  public long clientCaReloadFailures() {
    return clientCas.map(ClientCaBundle::reloadFailures).orElse(0L);
  }

  /**
   * Whether the certificate files or the client CA bundle on disk changed into something that
   * cannot be used (the last good material keeps serving until they are fixed).
   */
  public boolean reloadFailing() {
    return keyManager.failing() || clientCas.map(ClientCaBundle::failing).orElse(false);
  }

  /** CA certificates trusted for client certificates now (0 without client authentication). */
  public int clientCaCertificates() {
    return clientCas.map(ClientCaBundle::certificates).orElse(0);
  }

  public ReloadingKeyManager keyManager() {
    return keyManager;
  }

  /**
   * Adds the HTTPS listener and sets the TLS socket options and HTTP/2 server options on the
   * builder. The builder's other options (timeouts, sizes) are the caller's. This listener keeps
   * the SSL context of the moment (no client CA reload); the gateway's listener is {@link
   * TlsListener}.
   */
  public Undertow.Builder addListener(Undertow.Builder builder, String host, int port) {
    return builder
        .addHttpsListener(port, host, sslContext)
        .setSocketOption(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(settings.protocols()))
        .setSocketOption(Options.SSL_ENABLED_CIPHER_SUITES, Sequence.of(settings.cipherSuites()))
        .setSocketOption(Options.SSL_CLIENT_AUTH_MODE, clientAuthMode(settings.clientAuth()))
        .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
        .setServerOption(
            UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, settings.maxConcurrentStreams());
  }

  /** The TLS socket options of the listener: protocols, cipher suites, client authentication. */
  public org.xnio.OptionMap socketOptions() {
    return org.xnio.OptionMap.builder()
        .set(Options.SSL_ENABLED_PROTOCOLS, Sequence.of(settings.protocols()))
        .set(Options.SSL_ENABLED_CIPHER_SUITES, Sequence.of(settings.cipherSuites()))
        .set(Options.SSL_CLIENT_AUTH_MODE, clientAuthMode(settings.clientAuth()))
        .getMap();
  }

  private static SslClientAuthMode clientAuthMode(ClientAuth clientAuth) {
    return switch (clientAuth) {
      case NONE -> SslClientAuthMode.NOT_REQUESTED;
      case OPTIONAL -> SslClientAuthMode.REQUESTED;
      case REQUIRED -> SslClientAuthMode.REQUIRED;
    };
  }

  private SSLContext newContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          new javax.net.ssl.KeyManager[] {keyManager},
          clientCas.map(ClientCaBundle::trustManagers).orElse(null),
          null);
      SSLSessionContext sessions = context.getServerSessionContext();
      sessions.setSessionCacheSize(settings.sessionCacheSize());
      sessions.setSessionTimeout((int) settings.sessionTimeout().toSeconds());
      return context;
    } catch (GeneralSecurityException e) {
      throw new InvalidTlsMaterialException("cannot initialise TLS: " + e.getMessage(), e);
    }
  }
}
