package io.netweave.o2ims.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netweave.o2ims.cache.internal.RedisConnectionLog;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.notify.CallbackReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.threeten.extra.MutableClock;

/**
 * A gateway started while its Redis is down (nothing listens on {@code redis.url}'s port), then a
 * real redis-server started on that port. With {@code notifications.store: redis} the start used to
 * stop with Lettuce's stack trace; now it goes on, the store's requests answer 503 problem+json
 * naming the address, and the connection log says which address failed and why in one WARN, then at
 * most one a minute (the replica's clock is moved by the test), then one INFO once connected, after
 * which subscriptions work. With the cache alone on Redis, inventory reads are served throughout
 * and the log says the same.
 */
class RedisDownAtStartLogIT {
  private static final String V1 = "/o2ims-infrastructureInventory/v1";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String CONNECTION_LOG = RedisConnectionLog.class.getName();

  @TempDir Path dir;
  private final RedisServerProcess redis = RedisServerProcess.notStarted();
  private final CallbackReceiver receiver = new CallbackReceiver();
  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-12-07T08:00:00Z"), ZoneOffset.UTC);
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Gateway gateway;

  @BeforeEach
  void capture() {
    lines.start();
    root.addAppender(lines);
  }

  @AfterEach
  void stop() {
    root.detachAppender(lines);
    if (gateway != null) {
      gateway.close();
    }
    receiver.close();
    redis.close();
  }

  @Test
  void theRedisStoreStartsWithRedisDownSaysWhichAddressFailedAndWhyAndServesOnceItIsUp() {
    String address = "127.0.0.1:" + redis.port();
    String connection = "Redis connection to " + address;
    Client client = start(Map.of("notifications.store", "redis"));

    await().atMost(WAIT).until(() -> warnings(connection + " failed").size() == 1);
    ILoggingEvent first = warnings(connection + " failed").get(0);
    assertThat(first.getFormattedMessage()).contains("Connection refused").contains(address);
    assertThat(first.getThrowableProxy()).isNull();
    Reply subscriptions = client.get(V1 + "/subscriptions");
    assertThat(subscriptions.status()).isEqualTo(503);
    assertThat(subscriptions.contentType()).startsWith("application/problem+json");
    assertThat(subscriptions.header("Retry-After")).isPresent();
    assertThat(subscriptions.json().path("detail").asText())
        .contains("(Redis) cannot be reached")
        .contains(address);
    // Reads wait for the first notification baseline, which lives in that Redis: /readyz says so.
    await()
        .atMost(WAIT)
        .until(() -> client.get("/readyz").json().path("detail").asText().contains(address));
    Reply readiness = client.get("/readyz");
    assertThat(readiness.status()).isEqualTo(503);
    assertThat(readiness.json().path("detail").asText())
        .startsWith("waiting for the notification producer's first baseline")
        .contains("the notification store cannot be read");

    clock.add(Duration.ofSeconds(61));
    await().atMost(WAIT).until(() -> warnings(connection + " still failing").size() == 1);
    assertThat(warnings(connection)).hasSize(2);

    redis.restart();

    await().atMost(WAIT).until(() -> infos(connection + " recovered after").size() == 1);
    assertThat(infos(connection + " recovered after").get(0).getFormattedMessage())
        .startsWith(connection + " recovered after 1m 1s");
    await().atMost(WAIT).until(() -> client.get("/readyz").status() == 200);
    assertThat(client.get(V1 + "/resourcePools").status()).isEqualTo(200);
    Reply created =
        client.postJson(
            V1 + "/subscriptions", "{\"callback\":\"" + receiver.url("/notify") + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(client.get(V1 + "/subscriptions").json()).hasSize(1);
    assertThat(warnings(connection)).hasSize(2);
    assertThat(infos(connection)).hasSize(1);
  }

  @Test
  void theCacheTierStartsWithRedisDownSaysWhichAddressFailedAndWhyAndUsesItOnceItIsUp() {
    String address = "127.0.0.1:" + redis.port();
    String connection = "Redis connection to " + address;
    Client client = start(Map.of());
    assertThat(client.get("/readyz").status()).isEqualTo(200);

    await().atMost(WAIT).until(() -> warnings(connection + " failed").size() == 1);
    assertThat(warnings(connection + " failed").get(0).getFormattedMessage())
        .contains("Connection refused");
    assertThat(client.get(V1 + "/resourcePools").status()).isEqualTo(200);

    clock.add(Duration.ofSeconds(61));
    await().atMost(WAIT).until(() -> warnings(connection + " still failing").size() == 1);

    redis.restart();

    await().atMost(WAIT).until(() -> infos(connection + " recovered after 1m 1s").size() == 1);
    // The shared tier is used: a read's response is stored in Redis.
    await()
        .atMost(WAIT)
        .until(
            () ->
                client.get(V1 + "/resourcePools?filter=(neq,name,x)").status() == 200
                    && !redis.call("DBSIZE").equals(":0"));
    assertThat(warnings(connection)).hasSize(2);
  }

  /** The demo gateway on a Redis at {@link #redis}'s port (not started), on the test's clock. */
  private Client start(Map<String, String> more) {
    Map<String, String> settings = new java.util.HashMap<>(more);
    settings.put("backend", "demo");
    settings.put("redis.url", redis.uri());
    settings.put("redis.retry_after", "200ms");
    gateway = InProcessGateways.start(dir, settings, clock);
    return new Client(GatewayHttp.base(gateway));
  }

  private List<ILoggingEvent> warnings(String prefix) {
    return at(Level.WARN, prefix);
  }

  private List<ILoggingEvent> infos(String prefix) {
    return at(Level.INFO, prefix);
  }

  private List<ILoggingEvent> at(Level level, String prefix) {
    synchronized (lines) {
      return lines.list.stream()
          .filter(e -> e.getLevel() == level && e.getLoggerName().equals(CONNECTION_LOG))
          .filter(e -> e.getFormattedMessage().startsWith(prefix))
          .toList();
    }
  }
}
