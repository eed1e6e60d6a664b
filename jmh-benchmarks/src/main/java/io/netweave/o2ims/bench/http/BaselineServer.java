package io.netweave.o2ims.bench.http;

import io.netweave.o2ims.model.Pem;
import io.netweave.o2ims.server.internal.tls.TlsSettings;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSessionContext;
import org.xnio.Options;
import org.xnio.Sequence;

/**
 * The practical limit of this machine for the HTTP load runs: a minimal Undertow server that
 * answers every request with one fixed byte array (a response body captured from the gateway), with
 * no routing, no cache and no serialization. {@code bench/http-load.sh} and {@code
 * bench/tls-load.sh} run it beside the gateway in the same run so that the two are compared under
 * the same load generator and machine state.
 *
 * <p>With {@code --tls CERT KEY} it listens on HTTPS with the gateway's TLS defaults ({@link
 * TlsSettings}: TLS 1.3 and 1.2, the same cipher suites in the same order, HTTP/2 over ALPN, a
 * session cache of {@code --session-cache N} entries (default 10,000, one hour) and session tickets
 * unless {@code --no-tickets}), but with the JDK's plain key manager (no reloading) and Undertow's
 * default listener (no handshake timeout, no connection registry).
 *
 * <p>Run: {@code java -cp jmh-benchmarks/target/benchmarks.jar
 * io.netweave.o2ims.bench.http.BaselineServer PORT BODY_FILE [--tls CERT KEY] [--session-cache N]
 * [--no-tickets]}
 */
public final class BaselineServer {
  private BaselineServer() {}

  public static void main(String[] args) throws IOException, GeneralSecurityException {
    if (args.length < 2) {
      usage();
    }
    int port = Integer.parseInt(args[0]);
    byte[] body = Files.readAllBytes(Path.of(args[1]));
    Path cert = null;
    Path key = null;
    int sessionCache = TlsSettings.DEFAULT_SESSION_CACHE_SIZE;
    boolean tickets = true;
    for (int i = 2; i < args.length; i++) {
      switch (args[i]) {
        case "--tls" -> {
          if (i + 2 >= args.length) {
            usage();
          }
          cert = Path.of(args[++i]);
          key = Path.of(args[++i]);
        }
        case "--session-cache" -> {
          if (i + 1 >= args.length) {
            usage();
          }
          sessionCache = Integer.parseInt(args[++i]);
        }
        case "--no-tickets" -> tickets = false;
        default -> usage();
      }
    }
    ByteBuffer shared = ByteBuffer.allocateDirect(body.length).put(body).flip();
    Undertow.Builder builder =
        Undertow.builder()
            .setHandler(
                exchange -> {
                  exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                  exchange.getResponseSender().send(shared.duplicate());
                });
    String scheme;
    if (cert == null) {
      builder.addHttpListener(port, "127.0.0.1");
      scheme = "http";
    } else {
      System.setProperty("jdk.tls.server.enableSessionTicketExtension", Boolean.toString(tickets));
      builder
          .addHttpsListener(port, "127.0.0.1", sslContext(cert, key, sessionCache))
          .setSocketOption(
              Options.SSL_ENABLED_PROTOCOLS, Sequence.of(TlsSettings.DEFAULT_PROTOCOLS))
          .setSocketOption(
              Options.SSL_ENABLED_CIPHER_SUITES, Sequence.of(TlsSettings.DEFAULT_CIPHER_SUITES))
          .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
          .setServerOption(
              UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS,
              TlsSettings.DEFAULT_MAX_CONCURRENT_STREAMS);
      scheme = "https";
    }
    builder.build().start();
    System.out.println("baseline listening on " + scheme + "://127.0.0.1:" + port + "/");
  }

  private static SSLContext sslContext(Path cert, Path key, int sessionCache)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> chain =
        Pem.certificates(Files.readString(cert, StandardCharsets.US_ASCII));
    PrivateKey privateKey = Pem.privateKey(Files.readString(key, StandardCharsets.US_ASCII));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", privateKey, new char[0], chain.toArray(new X509Certificate[0]));
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, new char[0]);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    SSLSessionContext sessions = context.getServerSessionContext();
    sessions.setSessionCacheSize(sessionCache);
    sessions.setSessionTimeout((int) TlsSettings.DEFAULT_SESSION_TIMEOUT.toSeconds());
    return context;
  }

  private static void usage() {
    System.err.println(
        "usage: BaselineServer PORT BODY_FILE [--tls CERT KEY] [--session-cache N] [--no-tickets]");
    System.exit(2);
  }
}
