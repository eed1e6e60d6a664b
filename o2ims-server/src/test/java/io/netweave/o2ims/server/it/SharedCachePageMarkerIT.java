package io.netweave.o2ims.server.it;

import static io.netweave.o2ims.server.it.Client.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import io.netweave.o2ims.server.Main;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.security.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page the shared Redis tier holds carries a {@code Link} whose marker was signed by the process
 * that rendered it. Another process, with another key (no {@code server.page_marker_secret}: each
 * draws its own, so also the same replica after a restart), must not serve that page, or the client
 * that follows its {@code Link} to it is refused (400).
 */
class SharedCachePageMarkerIT {
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
  @TempDir Path data;
  private RedisServerProcess redis;
  @RegisterExtension final LogCapture mainLog = LogCapture.of(Main.class);

  @BeforeEach
  void startRedis() {
    redis = RedisServerProcess.start();
  }

  @AfterEach
  void stopRedis() {
    redis.close();
  }

  private Gateway start(Path dir, String secret) {
    Map<String, String> settings = new HashMap<>();
    settings.put("redis.url", redis.uri());
    settings.put("server.page_size", "1");
    settings.put("ocloud.id", "5b0c3a38-2f6a-4a57-9d1e-0f8d1f3f2a10");
    if (secret != null) {
      settings.put("server.page_marker_secret", secret);
    }
    return InProcessGateways.start(dir, settings);
  }

  private static Client ready(Gateway gateway) {
    Client client = new Client(GatewayHttp.base(gateway));
    await().atMost(Duration.ofSeconds(60)).until(() -> client.get("/readyz").status() == 200);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.get("/metrics").body().contains("netweave_cache_redis_connected 1"));
    return client;
  }

  private static String next(Reply page) {
    String link = page.raw().headers().firstValue("Link").orElseThrow();
    Matcher m = NEXT.matcher(link);
    assertThat(m.find()).as(link).isTrue();
    return m.group(1);
  }

  /** The first page as one process rendered it, once it is in Redis. */
  private String firstPageInRedis(Client client) {
    Reply first = client.get(V1 + "/resourcePools");
    assertThat(first.status()).isEqualTo(200);
    await("the first page in the Redis tier")
        .atMost(Duration.ofSeconds(30))
        .until(() -> !redis.call("KEYS", "netweave:cache:r:RESOURCE_POOLS:*").equals("*0"));
    return next(first);
  }

  @Test
  void aNextLinkServedByAProcessWithAnotherKeyIsOneItCanFollow() {
    try (Gateway first = start(data.resolve("a"), null)) {
      firstPageInRedis(ready(first));
    }
    try (Gateway second = start(data.resolve("b"), null)) {
      Client client = ready(second);
      Reply page = client.get(V1 + "/resourcePools");
      assertThat(page.status()).isEqualTo(200);
      Reply followed = client.get(next(page));
      assertThat(followed.status()).as(followed.body()).isEqualTo(200);
      assertThat(followed.json()).hasSize(1);
    }
  }

  @Test
  void replicasOnTheRedisStoreWithoutASharedKeyAreWarnedOfTheRefusedNextPages() {
    Map<String, String> replica = new HashMap<>();
    replica.put("redis.url", redis.uri());
    replica.put("notifications.store", "redis");
    try (Gateway unshared = InProcessGateways.start(data.resolve("a"), replica)) {
      assertThat(mainLog.events())
          .anySatisfy(
              e -> {
                assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
                assertThat(e.getFormattedMessage())
                    .contains("server.page_marker_secret is not set", "replicas", "400");
              });
    }
    int before = mainLog.events().size();
    replica.put("server.page_marker_secret", "one key for all");
    try (Gateway shared = InProcessGateways.start(data.resolve("b"), replica)) {
      List<ILoggingEvent> events = mainLog.events();
      assertThat(events.subList(before, events.size()))
          .noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains("page_marker_secret"));
    }
  }

  @Test
  void processesSharingTheKeyShareTheirPages() {
    String link;
    try (Gateway first = start(data.resolve("a"), "one key for both")) {
      link = firstPageInRedis(ready(first));
    }
    try (Gateway second = start(data.resolve("b"), "one key for both")) {
      Client client = ready(second);
      Reply page = client.get(V1 + "/resourcePools");
      assertThat(next(page)).isEqualTo(link);
      assertThat(client.get(link).status()).isEqualTo(200);
    }
  }
}
