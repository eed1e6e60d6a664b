package io.netweave.o2ims.bench.http;

import io.netweave.o2ims.model.Pem;
import io.netweave.o2ims.server.internal.tls.TlsSettings;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
 * <p>With {@code --headers FILE} (a {@code curl -D} capture of the gateway's response to the same
 * request) it also sends the gateway's response headers, so both servers put the same bytes on the
 * wire and the load generator parses the same response; without it, {@code Content-Type} only
 * (Undertow adds {@code Date} and {@code Content-Length}).
 *
 * <p>With {@code --tls CERT KEY} it listens on HTTPS with the gateway's TLS defaults ({@link
 * TlsSettings}: TLS 1.3 and 1.2, the same cipher suites in the same order, HTTP/2 over ALPN, a
 * session cache of {@code --session-cache N} entries (default 10,000, one hour) and session tickets
 * unless {@code --no-tickets}), but with the JDK's plain key manager (no reloading) and Undertow's
 * default listener (no handshake timeout, no connection registry).
 *
 * <p>Run: {@code java -cp jmh-benchmarks/target/benchmarks.jar
 * io.netweave.o2ims.bench.http.BaselineServer PORT BODY_FILE [--headers CURL_D_FILE] [--tls CERT
 * KEY] [--session-cache N] [--no-tickets]}
 */
public final class BaselineServer {
  /** Response headers Undertow writes itself: a replayed capture leaves them out. */
  private static final Set<String> UNDERTOWS_OWN =
      Set.of("date", "content-length", "transfer-encoding");

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
    boolean replayed = false;
    List<String[]> headers = List.<String[]>of(new String[] {"Content-Type", "application/json"});
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
        case "--headers" -> {
          if (i + 1 >= args.length) {
            usage();
          }
          headers = replayedHeaders(Path.of(args[++i]));
          replayed = true;
        }
        default -> usage();
      }
    }
    Undertow.Builder builder = Undertow.builder().setHandler(handler(body, headers));
    if (replayed) {
      // Only the captured headers: Undertow adds "Connection: keep-alive" to HTTP/1.1 responses
      // unless told not to (the gateway tells it not to; a captured Connection header is replayed).
      builder.setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false);
    }
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

  /**
   * The bare handler: every response is {@code body} with {@code headers} (name and value pairs, in
   * order). Shared by {@code HandlerChainBenchmark}'s in-process baseline. A server replaying a
   * gateway's headers must also set {@link UndertowOptions#ALWAYS_SET_KEEP_ALIVE} to false, as the
   * gateway does.
   */
  public static HttpHandler handler(byte[] body, List<String[]> headers) {
    ByteBuffer shared = ByteBuffer.allocateDirect(body.length).put(body).flip();
    HttpString[] names = new HttpString[headers.size()];
    String[] values = new String[headers.size()];
    for (int h = 0; h < names.length; h++) {
      names[h] = new HttpString(headers.get(h)[0]);
      values[h] = headers.get(h)[1];
    }
    return exchange -> {
      HeaderMap response = exchange.getResponseHeaders();
      for (int h = 0; h < names.length; h++) {
        response.put(names[h], values[h]);
      }
      exchange.getResponseSender().send(shared.duplicate());
    };
  }

  /**
   * The response headers a {@code curl -D} capture of the gateway holds, for the bare server to
   * send the same ones (in the same order and with the same lengths: a captured request id is sent
   * on every response), without the status line and the two Undertow sets itself ({@code Date},
   * {@code Content-Length}).
   */
  private static List<String[]> replayedHeaders(Path capture) throws IOException {
    return replayedHeaders(Files.readAllLines(capture, StandardCharsets.ISO_8859_1));
  }

  /**
   * {@link #replayedHeaders(Path)} over a response head's lines (the status line and blank lines
   * are skipped).
   */
  public static List<String[]> replayedHeaders(List<String> head) {
    List<String[]> headers = new ArrayList<>();
    for (String line : head) {
      int colon = line.indexOf(':');
      if (line.startsWith("HTTP/") || colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).trim();
      if (UNDERTOWS_OWN.contains(name.toLowerCase(Locale.ROOT))) {
        continue;
      }
      headers.add(new String[] {name, line.substring(colon + 1).trim()});
    }
    return headers;
  }

  private static void usage() {
    System.err.println(
        "usage: BaselineServer PORT BODY_FILE [--headers CURL_D_FILE] [--tls CERT KEY]"
            + " [--session-cache N] [--no-tickets]");
    System.exit(2);
  }
}
