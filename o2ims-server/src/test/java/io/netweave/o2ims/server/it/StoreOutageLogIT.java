package io.netweave.o2ims.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netweave.o2ims.cache.internal.RedisConnectionLog;
import io.netweave.o2ims.cache.internal.RedisTier;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.notify.CallbackReceiver;
import io.netweave.o2ims.server.internal.notify.NotificationEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.threeten.extra.MutableClock;

/**
 * What a replica logs while the shared Redis of {@code notifications.store: redis} is down: each
 * failing operation of the notification engine (the delivery poll every 250 ms, the producer lease
 * renewal, the alarm producer step) says so in one WARN when it first fails, at most once a minute
 * after that with the number of failures since its last line, and in one INFO once Redis answers
 * again, with how long it failed. The replica's clock is a {@link MutableClock} the test moves past
 * the minute; the outage itself is a real redis-server killed and restarted. The second test reads
 * the outage from every source together: Lettuce's reconnections ({@code RedisConnectionLog}, one
 * set of lines for the Redis address whatever the number of connections), the engine's operations
 * and the response cache's circuit breaker, and nothing from Lettuce's own loggers at WARN.
 */
class StoreOutageLogIT {
  private static final String V1 = "/o2ims-infrastructureInventory/v1";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String POLL = "notification delivery poll failed";
  private static final String LEASE = "notification producer lease renewal failed";
  private static final String ALARMS = "producer step alarms failed";
  private static final String STORE = "storing the notifications of inventory changes failed";
  private static final String CONNECTION_LOG = RedisConnectionLog.class.getName();
  private static final String CACHE_LOG = RedisTier.class.getName();

  @TempDir Path dir;

  /** With its append-only file, as docs/operations.md asks: a restart keeps the subscriptions. */
  private final RedisServerProcess redis =
      RedisServerProcess.start(List.of("--appendonly", "yes", "--appendfsync", "always"));

  private final CallbackReceiver receiver = new CallbackReceiver();
  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-12-07T08:00:00Z"), ZoneOffset.UTC);
  private final Logger engineLog = (Logger) LoggerFactory.getLogger(NotificationEngine.class);
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private Gateway gateway;

  @AfterEach
  void stop() {
    root.detachAppender(lines);
    engineLog.setLevel(null);
    if (gateway != null) {
      gateway.close();
    }
    receiver.close();
    redis.close();
  }

  @Test
  void aRedisOutageIsOneWarningPerOperationThenOnePerMinuteThenOneRecoveryLine() {
    Client client = startOnRedis();
    Reply created =
        client.postJson(
            V1 + "/subscriptions", "{\"callback\":\"" + receiver.url("/notify") + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    // Every failed attempt is one DEBUG line when it is not a WARN: the test counts attempts by
    // them.
    engineLog.setLevel(Level.DEBUG);
    lines.start();
    root.addAppender(lines);

    redis.kill();

    // The poll runs every 250 ms, the alarm step every second, the lease renewal every 5 s.
    await().atMost(WAIT).until(() -> attempts(POLL) >= 20 && attempts(LEASE) >= 1);
    await().atMost(WAIT).until(() -> attempts(ALARMS) >= 1);
    assertThat(warnings(POLL)).as(text(POLL)).hasSize(1);
    assertThat(warnings(LEASE)).as(text(LEASE)).hasSize(1);
    assertThat(warnings(ALARMS)).as(text(ALARMS)).hasSize(1);
    assertThat(warnings(POLL).get(0).getFormattedMessage())
        .contains("RedisException")
        .contains("retrying every 250ms");
    assertThat(warnings(POLL).get(0).getThrowableProxy())
        .as("an unreachable store needs no stack trace")
        .isNull();

    // A minute later (by the replica's clock), the next failure of each operation says how many
    // failed since its first line.
    int failedBefore = attempts(POLL);
    clock.add(Duration.ofSeconds(61));
    await()
        .atMost(WAIT)
        .until(
            () ->
                warnings(POLL).size() == 2
                    && warnings(LEASE).size() == 2
                    && warnings(ALARMS).size() == 2);
    String second = warnings(POLL).get(1).getFormattedMessage();
    Matcher m =
        Pattern.compile("still failing: (\\d+) failures since the last warning").matcher(second);
    assertThat(m.find()).as(second).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(failedBefore);

    redis.restart();

    await()
        .atMost(WAIT)
        .until(
            () ->
                recoveries("notification delivery poll").size() == 1
                    && recoveries("notification producer lease renewal").size() == 1
                    && recoveries("producer step alarms").size() == 1);
    assertThat(recoveries("notification delivery poll").get(0).getFormattedMessage())
        .contains("recovered after 1m 1s");
    // Once recovered, nothing more: the same counts as before Redis came back.
    await().atMost(WAIT).until(() -> client.get(V1 + "/subscriptions").status() == 200);
    assertThat(warnings(POLL)).hasSize(2);
    assertThat(warnings(LEASE)).hasSize(2);
    assertThat(warnings(ALARMS)).hasSize(2);
    assertThat(recoveries("notification delivery poll")).hasSize(1);
  }

  /**
   * An inventory change while Redis is down: the producer cannot store its notifications (one
   * WARN), and once Redis answers the catch-up stores them. That outage ends with its INFO line
   * too, as every other operation's does: the catch-up's success closed it only at the next change
   * that happened to be stored (in the two-replica drill none came, and the WARN stood unanswered).
   */
  @Test
  void notificationsOfAChangeMadeDuringTheOutageAreStoredAfterItAndThatIsSaidOnce() {
    Client client = startOnRedis();
    Reply created =
        client.postJson(
            V1 + "/subscriptions", "{\"callback\":\"" + receiver.url("/notify") + "\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    lines.start();
    root.addAppender(lines);
    redis.kill();
    await().atMost(WAIT).until(() -> attempts(POLL) >= 1);

    Reply node = client.postJson("/admin/v1/demo/resources", "{\"nodeName\":\"outage-node\"}");
    assertThat(node.status()).as(node.body()).isEqualTo(201);
    await().atMost(WAIT).until(() -> warnings(STORE).size() == 1);

    redis.restart();

    await()
        .atMost(WAIT)
        .until(
            () ->
                receiver.received("/notify").stream()
                    .anyMatch(r -> r.delivered() && r.body().contains("outage-node")));
    await()
        .atMost(WAIT)
        .until(() -> recoveries("storing the notifications of inventory changes").size() == 1);
    assertThat(warnings(STORE)).as(text(STORE)).hasSize(1);
  }

  @Test
  void everySourceReadsTheSameOneWarningPerSourceThenOnePerMinuteThenOneRecoveryLine() {
    Client client = startOnRedis();
    assertThat(client.get(V1 + "/resourcePools").status()).isEqualTo(200);
    lines.start();
    root.addAppender(lines);
    String address = redis.uri().substring("redis://".length());
    String connection = "Redis connection to " + address;

    redis.kill();

    // Every connection to that address (cache data and pub/sub, notification stores, producer
    // lease...) fails to reconnect every 2 s at most: one WARN for all of them, naming the address
    // and the cause.
    await().atMost(WAIT).until(() -> warnings(CONNECTION_LOG, connection + " failed").size() == 1);
    assertThat(warnings(CONNECTION_LOG, connection + " failed").get(0).getFormattedMessage())
        .contains("retrying every 2s")
        .contains("Connection refused");
    assertThat(warnings(CONNECTION_LOG, connection + " failed").get(0).getThrowableProxy())
        .isNull();
    // Cache misses (a new filter each time) go to Redis and fail: the breaker opens with an INFO,
    // not a second WARN for the same outage.
    int n = 0;
    while (infos(CACHE_LOG, "Redis cache tier failed").isEmpty() && n < 200) {
      assertThat(client.get(V1 + "/resourcePools?filter=(neq,name,p" + n++ + ")").status())
          .isEqualTo(200);
    }
    assertThat(infos(CACHE_LOG, "Redis cache tier failed").get(0).getFormattedMessage())
        .contains("Redis not connected");
    int connectionWarnings = warnings(CONNECTION_LOG, connection).size();
    // The poll's first warning, before the clock moves: logged after the move, it would be a first
    // line again, and its "still failing" line a minute further on.
    await().atMost(WAIT).until(() -> warnings(POLL).size() == 1);

    clock.add(Duration.ofSeconds(61));
    await()
        .atMost(WAIT)
        .until(
            () ->
                warnings(CONNECTION_LOG, connection + " still failing").size() == 1
                    && warnings(POLL).size() == 2);
    assertThat(connectionWarnings).isEqualTo(1);

    redis.restart();

    await()
        .atMost(WAIT)
        .until(
            () ->
                infos(CONNECTION_LOG, connection + " recovered after").size() == 1
                    && recoveries("notification delivery poll").size() == 1);
    await().atMost(WAIT).until(() -> client.get(V1 + "/subscriptions").status() == 200);
    assertThat(infos(CONNECTION_LOG, connection + " recovered after 1m 1s")).hasSize(1);
    assertThat(warnings(CONNECTION_LOG, connection)).hasSize(2);
    assertThat(warnings(CACHE_LOG, "")).isEmpty();
    assertThat(
            events().stream()
                .filter(e -> e.getLoggerName().startsWith("io.lettuce"))
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO)))
        .as("Lettuce's own reconnection lines stay below the operator's level")
        .isEmpty();
  }

  private List<ILoggingEvent> warnings(String logger, String prefix) {
    return at(Level.WARN, logger, prefix);
  }

  private List<ILoggingEvent> infos(String logger, String prefix) {
    return at(Level.INFO, logger, prefix);
  }

  private List<ILoggingEvent> at(Level level, String logger, String prefix) {
    return events().stream()
        .filter(e -> e.getLevel() == level && e.getLoggerName().equals(logger))
        .filter(e -> e.getFormattedMessage().startsWith(prefix))
        .toList();
  }

  private List<ILoggingEvent> events() {
    synchronized (lines) {
      return List.copyOf(lines.list);
    }
  }

  /** Failed attempts of an operation: its WARN and DEBUG lines. */
  private int attempts(String prefix) {
    return (int)
        events().stream()
            .filter(e -> e.getFormattedMessage().startsWith(prefix))
            .filter(e -> e.getLevel() == Level.WARN || e.getLevel() == Level.DEBUG)
            .count();
  }

  private List<ILoggingEvent> warnings(String prefix) {
    return events().stream()
        .filter(e -> e.getLevel() == Level.WARN)
        .filter(
            e ->
                e.getFormattedMessage().startsWith(prefix)
                    || e.getFormattedMessage()
                        .startsWith(prefix.replace(" failed", " still failing")))
        .toList();
  }

  private List<ILoggingEvent> recoveries(String operation) {
    return events().stream()
        .filter(e -> e.getLevel() == Level.INFO)
        .filter(e -> e.getFormattedMessage().startsWith(operation + " recovered"))
        .toList();
  }

  private String text(String prefix) {
    return String.join(
        "\n",
        events().stream()
            .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
            .map(e -> e.getLoggerName() + " " + e.getLevel() + " " + e.getFormattedMessage())
            .toList());
  }

  /** The demo gateway with its notification store on {@link #redis}, on the test's clock, ready. */
  private Client startOnRedis() {
    gateway =
        InProcessGateways.start(
            dir,
            Map.of(
                "backend", "demo",
                "notifications.store", "redis",
                "redis.url", redis.uri()),
            clock);
    Client client = new Client(GatewayHttp.base(gateway));
    await().atMost(WAIT).until(() -> client.get("/readyz").status() == 200);
    // The cache tier opens its pub/sub connection after its data connection, in the background: one
    // still opening when a test kills Redis would be a first connection failing (retried every
    // redis.retry_after), not the reconnection every test here means.
    await().atMost(WAIT).until(() -> redis.subscribers("netweave:cache:invalidations") == 1);
    return client;
  }
}
