package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitIT {

  @Test
  void requestsBeyondTheCapGet503WithRetryAfterInsteadOfQueueing() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpHandler slow =
        exchange -> {
          if (exchange.isInIoThread()) {
            exchange.dispatch(
                () -> {
                  try {
                    release.await(30, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  exchange.getResponseSender().send("done");
                });
          }
        };
    ProblemResponses problems = new ProblemResponses();
    ConcurrencyLimitHandler limit =
        new ConcurrencyLimitHandler(
            slow, 2, 1, problems, new AuditLog(new ClientOrigin(List.of())));
    Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(limit).build();
    server.start();
    try {
      int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x"))
              .timeout(Duration.ofSeconds(30))
              .build();
      CompletableFuture<HttpResponse<String>> first =
          http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
      CompletableFuture<HttpResponse<String>> second =
          http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> limit.inFlight() == 2);

      HttpResponse<String> shed = http.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(shed.statusCode()).isEqualTo(503);
      assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(shed.headers().firstValue("Content-Type")).hasValue("application/problem+json");

      release.countDown();
      assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(second.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> limit.inFlight() == 0);
      assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    } finally {
      server.stop();
    }
  }
}
