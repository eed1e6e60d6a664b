package io.netweave.o2ims.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netweave.o2ims.model.ProblemDetails;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

class ErrorsAndRetriesIT {
  @StartStop final MockWebServer server = new MockWebServer();
  final Fixtures.RecordingSleeper sleeper = new Fixtures.RecordingSleeper();
  final MutableClock clock = MutableClock.of(Instant.parse("2026-11-27T07:00:00Z"), ZoneOffset.UTC);
  O2imsClient client;

  @BeforeEach
  void build() {
    client =
        O2imsClient.builder()
            .baseUrl(server.url("/").toString())
            .retry(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(5)))
            .readTimeout(Duration.ofSeconds(1))
            .sleeper(sleeper)
            .clock(clock)
            .build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  private static MockResponse reset() {
    return new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build();
  }

  @Test
  void badRequestCarriesTheServersProblem() {
    server.enqueue(
        new MockResponse.Builder()
            .code(400)
            .setHeader("Content-Type", "application/problem+json")
            .body(
                "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                    + "\"detail\":\"unknown attribute 'x'\",\"instance\":\"/o2ims-infrastructureInventory/v1/resourcePools\","
                    + "\"additionalAttributes\":{\"parameter\":\"filter\"}}")
            .build());
    assertThatThrownBy(() -> client.resourcePools().list())
        .isInstanceOfSatisfying(
            O2imsApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.problem().detail()).isEqualTo("unknown attribute 'x'");
              assertThat(e.problem().additionalAttributes()).containsEntry("parameter", "filter");
              assertThat(e.problem().instance())
                  .contains("/o2ims-infrastructureInventory/v1/resourcePools");
            });
  }

  @Test
  void notFoundCarriesTheUnknownId() {
    server.enqueue(
        new MockResponse.Builder()
            .code(404)
            .setHeader("Content-Type", "application/problem+json")
            .body(
                Fixtures.json(
                    ProblemDetails.of(404, "Not Found", "resource pool not found", "/x")
                        .withAttribute("resourcePoolId", Fixtures.POOL.toString())))
            .build());
    assertThatThrownBy(() -> client.resourcePools().get(Fixtures.POOL))
        .isInstanceOfSatisfying(
            O2imsApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.problem().additionalAttributes())
                  .containsEntry("resourcePoolId", Fixtures.POOL.toString());
            });
  }

  @Test
  void conflictNamesTheExistingSubscription() {
    server.enqueue(
        new MockResponse.Builder()
            .code(409)
            .setHeader("Content-Type", "application/problem+json")
            .body(
                Fixtures.json(
                    ProblemDetails.of(409, "Conflict", "duplicate subscription", "/x")
                        .withAttribute("subscriptionId", "6a1d5c34-0000-4000-8000-000000000001")))
            .build());
    assertThatThrownBy(() -> client.subscriptions().create(URI.create("https://smo/cb")))
        .isInstanceOfSatisfying(
            O2imsApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.problem().additionalAttributes())
                  .containsEntry("subscriptionId", "6a1d5c34-0000-4000-8000-000000000001");
            });
  }

  @Test
  void aBodyThatIsNoProblemIsSynthesizedIntoOne() {
    server.enqueue(
        new MockResponse.Builder()
            .code(502)
            .setHeader("Content-Type", "text/html")
            .body("<html><body>Bad gateway</body></html>")
            .build());
    assertThatThrownBy(() -> client.oCloud())
        .isInstanceOfSatisfying(
            O2imsApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(502);
              assertThat(e.problem().status()).isEqualTo(502);
              assertThat(e.problem().title()).isEqualTo("Bad Gateway");
              assertThat(e.problem().detail()).contains("Bad gateway");
              assertThat(e.problem().instance()).contains("/o2ims-infrastructureInventory/v1");
            });
  }

  @Test
  void aPtiStyleProblemWithAnInstanceArrayIsStillRead() {
    server.enqueue(
        new MockResponse.Builder()
            .code(400)
            .setHeader("Content-Type", "application/json")
            .body(
                "{\"type\":\"/o2ims-infrastructureInventory/v1/resourcePools\",\"title\":\"Bad Request\","
                    + "\"status\":400,\"detail\":\"Filter attrName nosuch is invalid\",\"instance\":[]}")
            .build());
    assertThatThrownBy(() -> client.resourcePools().list())
        .isInstanceOfSatisfying(
            O2imsApiException.class,
            e -> assertThat(e.problem().detail()).isEqualTo("Filter attrName nosuch is invalid"));
  }

  @Test
  void malformedJsonIsAResponseException() {
    server.enqueue(new MockResponse.Builder().code(200).body("[{\"resourcePoolId\": ").build());
    assertThatThrownBy(() -> client.resourcePools().list())
        .isInstanceOf(O2imsResponseException.class);
    server.enqueue(new MockResponse.Builder().code(200).body("{\"items\":[]}").build());
    assertThatThrownBy(() -> client.resourcePools().list())
        .isInstanceOf(O2imsResponseException.class);
    server.enqueue(new MockResponse.Builder().code(200).body("[{\"name\":\"no id\"}]").build());
    assertThatThrownBy(() -> client.resourcePools().list())
        .isInstanceOf(O2imsResponseException.class);
  }

  @Test
  void aSlowAnswerIsATimeout() {
    server.enqueue(
        Fixtures.ok(Fixtures.oCloud()).newBuilder().headersDelay(5, TimeUnit.SECONDS).build());
    assertThatThrownBy(() -> client.oCloud())
        .isInstanceOf(O2imsTimeoutException.class)
        .hasMessageEndingWith(
            "timed out: no data read or written within the read timeout (1 s,"
                + " O2imsClient.Builder.readTimeout)");
    assertThat(sleeper.waits).isEmpty();
  }

  /** OkHttp says "timeout" for the read and the call timeouts alike: the message tells which. */
  @Test
  void aCallLongerThanTheCallTimeoutSaysSo() {
    server.enqueue(
        Fixtures.ok(Fixtures.oCloud()).newBuilder().headersDelay(5, TimeUnit.SECONDS).build());
    try (O2imsClient impatient =
        O2imsClient.builder()
            .baseUrl(server.url("/").toString())
            .callTimeout(Duration.ofMillis(300))
            .sleeper(sleeper)
            .build()) {
      assertThatThrownBy(() -> impatient.oCloud())
          .isInstanceOf(O2imsTimeoutException.class)
          .hasMessageEndingWith(
              "timed out: the call timeout elapsed (300 ms per attempt,"
                  + " O2imsClient.Builder.callTimeout)");
    }
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void anInterruptWhileConnectingIsAnUncheckedTransportExceptionAndIsNotRetried() {
    // a new connection: OkHttp waits for it on a queue and throws a raw InterruptedException
    assertInterruptedCallFailsAsTransportException();
  }

  @Test
  void anInterruptOnAPooledConnectionIsNotReportedAsATimeout() {
    // a pooled connection: OkHttp reports the interrupt as an InterruptedIOException
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    assertThat(client.oCloud()).isEqualTo(Fixtures.oCloud());
    assertInterruptedCallFailsAsTransportException();
  }

  private void assertInterruptedCallFailsAsTransportException() {
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> client.oCloud())
          .isInstanceOf(O2imsTransportException.class)
          .hasMessageContaining("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(sleeper.waits).isEmpty();
    assertThat(client.oCloud()).isEqualTo(Fixtures.oCloud());
  }

  @Test
  void aResetConnectionIsRetriedForAGet() {
    server.enqueue(reset());
    server.enqueue(reset());
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    assertThat(client.oCloud()).isEqualTo(Fixtures.oCloud());
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
  }

  @Test
  void aGetFailsAfterTheLastAttempt() {
    server.enqueue(reset());
    server.enqueue(reset());
    server.enqueue(reset());
    assertThatThrownBy(() -> client.oCloud()).isInstanceOf(O2imsTransportException.class);
    assertThat(sleeper.waits).hasSize(2);
  }

  @Test
  void aPortWhereNothingListensOrAnUnknownHostIsSaidSoNotAsAJavaExceptionName() throws Exception {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    try (O2imsClient nothing =
        O2imsClient.builder()
            .baseUrl("http://127.0.0.1:" + closed)
            .retry(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)))
            .build()) {
      assertThatThrownBy(() -> nothing.oCloud())
          .isInstanceOf(O2imsTransportException.class)
          .hasMessageStartingWith("GET http://127.0.0.1:" + closed + "/")
          .hasMessageContaining("connection refused: nothing listens at 127.0.0.1:" + closed)
          .hasMessageContaining("check the URL")
          .hasMessageNotContaining("java.net.");
    }
    try (O2imsClient unknown =
        O2imsClient.builder()
            .baseUrl("http://no-such-host.invalid")
            .retry(new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1)))
            .build()) {
      assertThatThrownBy(() -> unknown.oCloud())
          .isInstanceOf(O2imsTransportException.class)
          .hasMessageContaining("unknown host no-such-host.invalid")
          .hasMessageContaining("check the URL")
          .hasMessageNotContaining("java.net.");
    }
  }

  /**
   * A connect timeout means the request was never sent: a GET tries again as after a refused
   * connection, and the last attempt's timeout is what the caller gets. A port whose accept queue
   * is full drops the connection attempt, which is how an overloaded or unreachable server looks.
   */
  @Test
  void aConnectTimeoutIsRetriedForAGetButNotForAWrite() throws Exception {
    try (java.net.ServerSocket full =
            new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        Fixtures.FullBacklog backlog = Fixtures.FullBacklog.fill(full)) {
      java.util.concurrent.atomic.AtomicInteger attempts =
          new java.util.concurrent.atomic.AtomicInteger();
      try (O2imsClient unreachable =
          O2imsClient.builder()
              .baseUrl("http://127.0.0.1:" + full.getLocalPort())
              .retry(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(5)))
              .connectTimeout(Duration.ofMillis(200))
              .addInterceptor(
                  chain -> {
                    attempts.incrementAndGet();
                    return chain.proceed(chain.request());
                  })
              .sleeper(sleeper)
              .build()) {
        assertThatThrownBy(unreachable::oCloud)
            .isInstanceOf(O2imsTimeoutException.class)
            .hasMessageContaining("no connection within the connect timeout");
        assertThat(attempts).hasValue(3);
        assertThat(sleeper.waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));

        assertThatThrownBy(() -> unreachable.subscriptions().delete(Fixtures.POOL))
            .isInstanceOf(O2imsTimeoutException.class);
        assertThat(attempts).hasValue(4);
        assertThat(sleeper.waits).hasSize(2);
      }
    }
  }

  @Test
  void aResetConnectionIsNeverRetriedForAPost() {
    server.enqueue(reset());
    server.enqueue(Fixtures.ok(Fixtures.subscription(1)));
    assertThatThrownBy(() -> client.subscriptions().create(URI.create("https://smo/cb")))
        .isInstanceOf(O2imsTransportException.class);
    assertThat(sleeper.waits).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aDeleteIsNotRetriedOn503() {
    server.enqueue(Fixtures.problem(503, "Service Unavailable", "busy"));
    assertThatThrownBy(() -> client.subscriptions().delete(Fixtures.POOL))
        .isInstanceOfSatisfying(
            O2imsApiException.class, e -> assertThat(e.status()).isEqualTo(503));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void a503ThenA200Succeeds() {
    server.enqueue(Fixtures.problem(503, "Service Unavailable", "warming up"));
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    assertThat(client.oCloud()).isEqualTo(Fixtures.oCloud());
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void retryAfterSecondsIsHonoured() {
    server.enqueue(
        Fixtures.problem(503, "Service Unavailable", "later")
            .newBuilder()
            .setHeader("Retry-After", "3")
            .build());
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    client.oCloud();
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(3));
  }

  /**
   * A 429 (the gateway's rate limits, docs/security.md) says the request was refused before it was
   * processed and when the budget is back: a GET and a write alike wait for it and are sent again,
   * the write with the same body.
   */
  @Test
  void a429IsRetriedAfterItsRetryAfterForAGetAndForAWrite() throws Exception {
    server.enqueue(tooMany());
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    assertThat(client.oCloud()).isEqualTo(Fixtures.oCloud());
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1));
    server.takeRequest();
    server.takeRequest();

    server.enqueue(tooMany());
    server.enqueue(Fixtures.ok(Fixtures.subscription(1)).newBuilder().code(201).build());
    assertThat(client.subscriptions().create(URI.create("https://smo/cb")))
        .isEqualTo(Fixtures.subscription(1));
    String refused = server.takeRequest().getBody().utf8();
    String sentAgain = server.takeRequest().getBody().utf8();
    assertThat(sentAgain).isEqualTo(refused).contains("https://smo/cb");

    server.enqueue(tooMany());
    server.enqueue(new MockResponse.Builder().code(204).build());
    client.subscriptions().delete(Fixtures.POOL);
    assertThat(server.getRequestCount()).isEqualTo(6);
    assertThat(sleeper.waits).hasSize(3).containsOnly(Duration.ofSeconds(1));
  }

  /** A gateway that may answer 429 after acting on a write: writes can be sent once whatever. */
  @Test
  void writesAreNotRetriedOn429WhenThePolicySaysSo() {
    try (O2imsClient once =
        O2imsClient.builder()
            .baseUrl(server.url("/").toString())
            .retry(RetryPolicy.DEFAULT.withoutWriteRetries())
            .sleeper(sleeper)
            .build()) {
      server.enqueue(tooMany());
      assertThatThrownBy(() -> once.subscriptions().delete(Fixtures.POOL))
          .isInstanceOfSatisfying(
              O2imsApiException.class, e -> assertThat(e.status()).isEqualTo(429));
      assertThat(server.getRequestCount()).isEqualTo(1);
      server.enqueue(tooMany());
      server.enqueue(Fixtures.ok(Fixtures.oCloud()));
      assertThat(once.oCloud()).isEqualTo(Fixtures.oCloud());
      assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1));
    }
  }

  /** A write whose 429 asks for a longer wait than the policy allows is reported at once. */
  @Test
  void aWrite429WithARetryAfterBeyondTheMaximumIsReportedAtOnce() {
    server.enqueue(tooMany().newBuilder().setHeader("Retry-After", "60").build());
    assertThatThrownBy(() -> client.subscriptions().delete(Fixtures.POOL))
        .isInstanceOfSatisfying(
            O2imsApiException.class, e -> assertThat(e.status()).isEqualTo(429));
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  private static MockResponse tooMany() {
    return Fixtures.problem(429, "Too Many Requests", "rate limit")
        .newBuilder()
        .setHeader("Retry-After", "1")
        .build();
  }

  @Test
  void retryAfterAsAnHttpDateIsHonoured() {
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            clock.instant().plusSeconds(2).atZone(ZoneOffset.UTC));
    server.enqueue(
        Fixtures.problem(503, "Service Unavailable", "later")
            .newBuilder()
            .setHeader("Retry-After", date)
            .build());
    server.enqueue(Fixtures.ok(Fixtures.oCloud()));
    client.oCloud();
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void aRetryAfterLongerThanTheMaximumIsReportedAtOnce() {
    server.enqueue(
        Fixtures.problem(503, "Service Unavailable", "maintenance")
            .newBuilder()
            .setHeader("Retry-After", "3600")
            .build());
    assertThatThrownBy(() -> client.oCloud())
        .isInstanceOfSatisfying(
            O2imsApiException.class, e -> assertThat(e.status()).isEqualTo(503));
    assertThat(sleeper.waits).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void retriesCanBeSwitchedOff() {
    try (O2imsClient once =
        O2imsClient.builder()
            .baseUrl(server.url("/").toString())
            .retry(RetryPolicy.none())
            .sleeper(sleeper)
            .build()) {
      server.enqueue(Fixtures.problem(503, "Service Unavailable", "busy"));
      assertThatThrownBy(once::oCloud).isInstanceOf(O2imsApiException.class);
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }
}
