package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.model.spi.InventoryListener;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import io.netweave.o2ims.model.spi.InventorySource;
import io.netweave.o2ims.model.spi.Readiness;
import io.netweave.o2ims.server.internal.caching.NoResponseCache;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.metrics.RequestMetrics;
import io.netweave.o2ims.server.internal.notify.embedded.MvSubscriptionStore;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import io.netweave.o2ims.server.internal.query.SubscriptionService;
import io.netweave.o2ims.server.it.ReferenceSchemas;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A failure inside a handler becomes a 500 problem carrying only the logged request id. */
class InternalErrorIT {
  @TempDir Path dir;

  /** A source whose every read fails with a message that must never reach a client. */
  static final class BrokenSource implements InventorySource {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public void addListener(InventoryListener listener) {
      // No changes are ever published.
    }

    @Override
    public void start() {
      // Nothing to start.
    }

    @Override
    public InventorySnapshot snapshot() {
      throw new IllegalStateException("secret backend detail");
    }

    @Override
    public Readiness readiness() {
      // "ready": reads reach the broken backend instead of being answered 503 until synced
      return Readiness.ready("the backend is broken");
    }

    @Override
    public void close() {
      // Holds nothing.
    }
  }

  @Test
  void aFailureIsA500WithOnlyTheRequestIdWhichIsAlsoLogged() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(Problems.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    var mapper = O2Json.newMapper();
    var markers = new PageMarkerCodec("k".getBytes(StandardCharsets.UTF_8));
    BrokenSource source = new BrokenSource();
    try (MvSubscriptionStore store = new MvSubscriptionStore(dir, mapper);
        UndertowServer server =
            new UndertowServer(
                ServerConfig.defaults(0, dir).server(),
                HandlerChain.compose(
                    new HandlerChain.Parts(
                        mapper,
                        source,
                        Optional.empty(),
                        new InventoryQueryService(source, mapper, markers, 10),
                        new SubscriptionService(
                            store,
                            mapper,
                            markers,
                            10,
                            Clock.systemUTC(),
                            new SubscriptionService.Policy(true, true),
                            UUID::randomUUID,
                            () -> {}),
                        new NoResponseCache(),
                        new RequestMetrics(new MetricRegistry()),
                        1024,
                        new byte[0])))) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(base + "/o2ims-infrastructureInventory/v1/resourcePools"))
                  .header("X-Request-Id", "it-req-1")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(r.body()).doesNotContain("secret").doesNotContain("IllegalStateException");
      JsonNode problem = mapper.readTree(r.body());
      assertThat(ReferenceSchemas.v1().errors("ProblemDetails", problem)).as(r.body()).isEmpty();
      assertThat(problem.path("additionalAttributes").path("requestId").asText())
          .isEqualTo("it-req-1");
      assertThat(r.headers().firstValue("X-Request-Id")).contains("it-req-1");
      assertThat(appender.list)
          .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("it-req-1"));

      HttpResponse<String> ready =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("the backend is broken");
    } finally {
      logger.detachAppender(appender);
    }
  }
}
