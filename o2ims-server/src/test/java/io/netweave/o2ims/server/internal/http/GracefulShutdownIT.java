package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.server.internal.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UndertowServer#close()} is graceful, as the Helm chart's termination grace period assumes:
 * a request in flight when the stop begins still gets its answer, new requests are refused (503)
 * while it drains, and close returns once the last one is done.
 */
class GracefulShutdownIT {
  @TempDir Path dir;

  @Test
  void closeLetsARequestInFlightFinishAndRefusesNewOnes() throws Exception {
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    UndertowServer server =
        new UndertowServer(
            ServerConfig.defaults(0, dir).server(),
            exchange -> {
              if (exchange.getRequestPath().equals("/slow")) {
                if (exchange.isInIoThread()) {
                  exchange.dispatch(
                      () -> {
                        inFlight.countDown();
                        try {
                          release.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                        exchange.getResponseSender().send("done");
                      });
                  return;
                }
              }
              exchange.getResponseSender().send("fast");
            });
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + server.port();
    CompletableFuture<HttpResponse<String>> slow =
        http.sendAsync(
            HttpRequest.newBuilder(URI.create(base + "/slow")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
    HttpClient fresh = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                fresh
                        .send(
                            HttpRequest.newBuilder(URI.create(base + "/fast")).build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 503);
    assertThat(closing).isNotDone();

    release.countDown();
    HttpResponse<String> answered = slow.get(10, TimeUnit.SECONDS);
    assertThat(answered.statusCode()).isEqualTo(200);
    assertThat(answered.body()).isEqualTo("done");
    closing.get(UndertowServer.DRAIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }
}
