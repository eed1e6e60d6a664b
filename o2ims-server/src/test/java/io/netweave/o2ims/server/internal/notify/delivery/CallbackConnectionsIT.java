package io.netweave.o2ims.server.internal.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.model.O2Json;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How callbacks are spoken to, against a real Undertow receiver: deliveries to one callback host
 * reuse one keep-alive connection, and a TLS callback that offers HTTP/2 (ALPN) gets HTTP/2.
 */
class CallbackConnectionsIT {
  private static final String HOST = "hooks.smo.test";

  /**
   * What the receiver saw of each request: its protocol and the client port of the TCP connection
   * it came on.
   */
  private record Seen(String protocol, int connection, String body) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private Undertow server;
  private OkHttpClient base;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
    if (base != null) {
      base.connectionPool().evictAll();
    }
  }

  private void handle(HttpServerExchange ex) {
    ex.getRequestReceiver()
        .receiveFullString(
            (e, body) -> {
              seen.add(new Seen(e.getProtocol().toString(), e.getSourceAddress().getPort(), body));
              e.setStatusCode(204);
              e.endExchange();
            });
  }

  private int port() {
    return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
  }

  /**
   * Starts the receiver over TLS with a certificate for {@link #HOST} (offering HTTP/2 by ALPN when
   * {@code http2}), and the base client trusting it.
   */
  private void startTls(boolean http2) {
    HeldCertificate cert = new HeldCertificate.Builder().addSubjectAlternativeName(HOST).build();
    SSLContext serverTls =
        new HandshakeCertificates.Builder().heldCertificate(cert).build().sslContext();
    server =
        Undertow.builder()
            .setServerOption(UndertowOptions.ENABLE_HTTP2, http2)
            .addHttpsListener(0, "127.0.0.1", serverTls)
            .setHandler(this::handle)
            .build();
    server.start();
    HandshakeCertificates trust =
        new HandshakeCertificates.Builder().addTrustedCertificate(cert.certificate()).build();
    base =
        CallbackClient.baseClient(Duration.ofSeconds(10), 8)
            .newBuilder()
            .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
            .build();
  }

  /** Starts the receiver in cleartext, and a base client with this timeout and connection cap. */
  private void startCleartext(Duration timeout, int maxConnections) {
    server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(this::handle).build();
    server.start();
    base = CallbackClient.baseClient(timeout, maxConnections);
  }

  private CallbackClient client(boolean allowHttp) {
    return client(allowHttp, 8);
  }

  /** A client over {@link #base}, every host resolving to 127.0.0.1, the allow-list's address. */
  private CallbackClient client(boolean allowHttp, int maxConnections) {
    CallbackPolicy policy =
        new CallbackPolicy(
            allowHttp, List.of("127.0.0.1"), host -> List.of(InetAddress.getByName("127.0.0.1")));
    return new CallbackClient(
        base, policy, Map.of(), O2Json.newMapper(), Clock.systemUTC(), maxConnections);
  }

  @Test
  void aTlsCallbackThatOffersHttp2GetsHttp2OverOneConnection() {
    startTls(true);
    CallbackClient client = client(false);

    for (int i = 1; i <= 3; i++) {
      assertThat(client.post("https://" + HOST + ":" + port() + "/cb", "{\"n\":" + i + "}"))
          .isEqualTo(new CallbackClient.Outcome.Delivered(204));
    }

    assertThat(seen).extracting(Seen::body).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    assertThat(seen).extracting(Seen::protocol).containsOnly("HTTP/2.0");
    assertThat(seen).extracting(Seen::connection).containsOnly(seen.get(0).connection());
    client.close();
  }

  /**
   * A host name written as an absolute DNS name (a final dot, {@code hooks.smo.test.}) is vetted
   * without its dot, and the connection is pinned to the vetted addresses under the name the HTTP
   * client looks up, with its dot. The pin compared the two as they were: every delivery to such a
   * callback failed with "not the vetted callback host", after a create that had answered 201.
   */
  @Test
  void aCallbackWhoseHostNameEndsInADotIsDelivered() {
    startTls(false);
    CallbackClient client = client(true);

    assertThat(client.post("https://" + HOST + ".:" + port() + "/cb", "{\"n\":1}"))
        .isEqualTo(new CallbackClient.Outcome.Delivered(204));
    assertThat(client.post("https://HOOKS.smo.test.:" + port() + "/cb", "{\"n\":2}"))
        .isEqualTo(new CallbackClient.Outcome.Delivered(204));

    assertThat(seen).extracting(Seen::body).containsExactly("{\"n\":1}", "{\"n\":2}");
    client.close();
  }

  @Test
  void aCleartextCallbackGetsHttp11OverOneKeptAliveConnection() {
    startCleartext(Duration.ofSeconds(10), 8);
    CallbackClient client = client(true);

    for (int i = 1; i <= 3; i++) {
      assertThat(client.post("http://127.0.0.1:" + port() + "/cb", "{\"n\":" + i + "}"))
          .isEqualTo(new CallbackClient.Outcome.Delivered(204));
    }

    assertThat(seen).extracting(Seen::body).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    assertThat(seen).extracting(Seen::protocol).containsOnly("HTTP/1.1");
    assertThat(seen).extracting(Seen::connection).containsOnly(seen.get(0).connection());
    client.close();
  }

  @Test
  void manyDeliveryThreadsToOneCleartextCallbackReuseTheConnectionsTheyOpened() throws Exception {
    startCleartext(Duration.ofSeconds(10), 64);
    CallbackClient client = client(true, 64);
    String url = "http://127.0.0.1:" + port() + "/cb";
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      // First round: every thread at once (each opens or finds a connection).
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<CallbackClient.Outcome>> first = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int n = t;
        first.add(
            pool.submit(
                () -> {
                  start.await();
                  return client.post(url, "{\"round\":1,\"n\":" + n + "}");
                }));
      }
      for (Future<CallbackClient.Outcome> f : first) {
        assertThat(f.get()).isEqualTo(new CallbackClient.Outcome.Delivered(204));
      }
      Set<Integer> opened = seen.stream().map(Seen::connection).collect(Collectors.toSet());
      // Second round: the same threads one after the other; each finds a kept-alive connection.
      CountDownLatch all = new CountDownLatch(threads);
      Object oneAtATime = new Object();
      List<Future<CallbackClient.Outcome>> second = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int n = t;
        second.add(
            pool.submit(
                () -> {
                  all.countDown();
                  all.await();
                  synchronized (oneAtATime) {
                    return client.post(url, "{\"round\":2,\"n\":" + n + "}");
                  }
                }));
      }
      for (Future<CallbackClient.Outcome> f : second) {
        assertThat(f.get()).isEqualTo(new CallbackClient.Outcome.Delivered(204));
      }

      assertThat(seen).hasSize(2 * threads).extracting(Seen::protocol).containsOnly("HTTP/1.1");
      assertThat(opened).hasSizeBetween(1, threads);
      assertThat(seen.subList(threads, 2 * threads))
          .extracting(Seen::connection)
          .allSatisfy(port -> assertThat(opened).contains(port));
    } finally {
      pool.shutdownNow();
      client.close();
    }
  }

  @Test
  void aCallbackThatNeverAnswersIsCutAtTheDeliveryTimeoutAndTheNextDeliveryGoesThrough()
      throws Exception {
    startCleartext(Duration.ofMillis(300), 8);
    CallbackClient client = client(true);
    try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"))) {
      List<Socket> accepted = new CopyOnWriteArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept()); // reads nothing, answers nothing
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.start();

      CallbackClient.Outcome outcome =
          client.post("http://127.0.0.1:" + silent.getLocalPort() + "/cb", "{\"n\":0}");

      assertThat(outcome)
          .isEqualTo(
              new CallbackClient.Outcome.Failed("timeout: no complete answer within 300 ms"));
      assertThat(accepted).hasSize(1);
      assertThat(client.post("http://127.0.0.1:" + port() + "/cb", "{\"n\":1}"))
          .isEqualTo(new CallbackClient.Outcome.Delivered(204));
      assertThat(seen).extracting(Seen::body).containsExactly("{\"n\":1}");
      for (Socket s : accepted) {
        s.close();
      }
    } finally {
      client.close();
    }
  }
}
