package io.netweave.o2ims.server.internal.tls;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.xnio.Options;
import org.xnio.Sequence;
import org.xnio.SslClientAuthMode;

/**
 * The listener's TLS: builds the {@link SSLContext} (reloading key manager, client CA trust,
 * session cache) from {@link TlsSettings} and adds the HTTPS listener with the protocol,
 * cipher-suite, client-authentication and HTTP/2 options to an Undertow builder.
 *
 * <p>Lifecycle: create once in the composition root before the server starts; the SSL context lives
 * as long as the server. Construction throws {@link InvalidTlsMaterialException} when a file cannot
 * be used or a cipher suite is not supported by this JDK. Session tickets are a JVM-wide switch
 * read when JSSE initializes ({@code jdk.tls.server.enableSessionTicketExtension}), so the
 * constructor sets that system property and must run before any other TLS use in the process.
 * Thread-safe after construction.
 */
public final class ServerTls {
  private final TlsSettings settings;
  private final ReloadingKeyManager keyManager;
  private final SSLContext sslContext;

  public ServerTls(TlsSettings settings, Clock clock) {
    this.settings = settings;
    System.setProperty(
        "jdk.tls.server.enableSessionTicketExtension", Boolean.toString(settings.sessionTickets()));
    this.keyManager =
        new ReloadingKeyManager(settings.keyMaterial(), clock, settings.reloadCheckInterval());
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new javax.net.ssl.KeyManager[] {keyManager}, trustManagers(settings), null);
      SSLSessionContext sessions = context.getServerSessionContext();
      sessions.setSessionCacheSize(settings.sessionCacheSize());
      sessions.setSessionTimeout((int) settings.sessionTimeout().toSeconds());
      this.sslContext = context;
    } catch (GeneralSecurityException e) {
      throw new InvalidTlsMaterialException("cannot initialise TLS: " + e.getMessage(), e);
    }
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

  public SSLContext sslContext() {
    return sslContext;
  }

  public ReloadingKeyManager keyManager() {
    return keyManager;
  }

  /**
   * Adds the HTTPS listener and sets the TLS socket options and HTTP/2 server options on the
   * builder. The builder's other options (timeouts, sizes) are the caller's.
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

  private static TrustManager[] trustManagers(TlsSettings settings)
      throws GeneralSecurityException {
    if (settings.clientAuth() == ClientAuth.NONE) {
      return null;
    }
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      trust.load(null, null);
    } catch (java.io.IOException e) {
      throw new InvalidTlsMaterialException("cannot create an empty trust store", e);
    }
    int index = 0;
    for (Path bundle : settings.clientCaBundles()) {
      for (X509Certificate ca : PemFiles.certificates(bundle)) {
        trust.setCertificateEntry("client-ca-" + index++, ca);
      }
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    return factory.getTrustManagers();
  }
}
