package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.netweave.o2ims.cache.RedisConnector;
import io.netweave.o2ims.cache.RedisSettings;
import io.netweave.o2ims.cache.internal.RedisConnectionLog;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.it.ReferenceSchemas;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.threeten.extra.MutableClock;

class RateLimitIT {
  private static final RSAKey KEY = TestTokens.rsa("k1");
  private static final String POOLS = TestRoutes.INV + "/resourcePools";
  private static final RateLimitSettings FIVE_AN_HOUR =
      new RateLimitSettings(
          true,
          false,
          new RateLimitSettings.Limit(5, Duration.ofHours(1)),
          new RateLimitSettings.Limit(5, Duration.ofHours(1)),
          new RateLimitSettings.Limit(5, Duration.ofHours(1)));

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

  private static SecurityLayers layers(RateLimiter limiter, Clock clock) {
    JwtVerifier verifier =
        new JwtVerifier(VerificationKeys.fixed(new JWKSet(KEY)), TestTokens.settings(), clock);
    return SecurityLayers.builder()
        .authentication(verifier, RoleMapping.defaults())
        .rateLimiter(limiter)
        .clock(clock)
        .build();
  }

  private static String token(String subject) {
    return TestTokens.sign(
        KEY, TestTokens.claims(Instant.now(), subject, "role:o2ims-reader").build());
  }

  private HttpResponse<String> get(SecuredTestServer server, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.uri(POOLS))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void burstBeyondTheLimitGets429WithRetryAfterWhileOtherClientsAreServed() throws Exception {
    Clock clock = MutableClock.of(Instant.now(), ZoneOffset.UTC);
    try (LocalRateLimiter limiter = new LocalRateLimiter(FIVE_AN_HOUR, clock);
        SecuredTestServer server = new SecuredTestServer(layers(limiter, clock))) {
      String alice = token("alice");
      for (int i = 0; i < 5; i++) {
        assertThat(get(server, alice).statusCode()).isEqualTo(200);
      }
      HttpResponse<String> refused = get(server, alice);

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("720");
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(refused.body()).contains("\"status\":429");
      assertThat(
              ReferenceSchemas.v2()
                  .errors("ProblemDetails", O2Json.newMapper().readTree(refused.body())))
          .as(refused.body())
          .isEmpty();
      assertThat(get(server, token("bob")).statusCode()).isEqualTo(200);
      assertThat(server.routes.hits.get(POOLS)).isEqualTo(6);
    }
  }

  @Test
  void twoReplicasOnOneRedisShareOneBudget() throws Exception {
    Clock clock = Clock.systemUTC();
    try (RedisServerProcess redis = RedisServerProcess.start();
        RedisConnector client = connector(redis.uri())) {
      try (RedisRateLimiter first = limiter(client, clock);
          RedisRateLimiter second = limiter(client, clock);
          SecuredTestServer replicaA = new SecuredTestServer(layers(first, clock));
          SecuredTestServer replicaB = new SecuredTestServer(layers(second, clock))) {
        String alice = token("alice");
        for (int i = 0; i < 5; i++) {
          SecuredTestServer replica = i % 2 == 0 ? replicaA : replicaB;
          assertThat(get(replica, alice).statusCode()).as("request %d", i).isEqualTo(200);
        }
        assertThat(get(replicaA, alice).statusCode()).isEqualTo(429);
        HttpResponse<String> refused = get(replicaB, alice);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(get(replicaB, token("bob")).statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void unreachableRedisLetsRequestsThrough() throws Exception {
    Clock clock = Clock.systemUTC();
    RedisServerProcess redis = RedisServerProcess.start();
    RedisConnector client = connector(redis.uri());
    try (RedisRateLimiter limiter = limiter(client, clock);
        SecuredTestServer server = new SecuredTestServer(layers(limiter, clock))) {
      assertThat(get(server, token("alice")).statusCode()).isEqualTo(200);
      redis.kill();
      assertThat(get(server, token("alice")).statusCode()).isEqualTo(200);
    } finally {
      client.close();
      redis.close();
    }
  }

  /**
   * A Redis down when the limiter is made no longer stops the start: requests are admitted, the
   * connection log names the address and why in one WARN, and once a real redis-server answers on
   * that port the shared budget is enforced (one INFO).
   */
  @Test
  void aRedisDownAtStartAdmitsRequestsThenSharesTheBudgetOnceItAnswers() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(RedisConnectionLog.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    Clock clock = Clock.systemUTC();
    String address = "Redis connection to 127.0.0.1:";
    try (RedisServerProcess redis = RedisServerProcess.notStarted();
        RedisConnector client =
            RedisConnector.create(
                RedisSettings.builder()
                    .uri(redis.uri())
                    .retryAfter(Duration.ofMillis(200))
                    .build());
        RedisRateLimiter limiter = limiter(client, clock);
        SecuredTestServer server = new SecuredTestServer(layers(limiter, clock))) {
      String connection = address + redis.port();
      String alice = token("alice");
      for (int i = 0; i < 7; i++) {
        assertThat(get(server, alice).statusCode()).as("request %d", i).isEqualTo(200);
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> at(lines, Level.WARN, connection).size() == 1);
      assertThat(at(lines, Level.WARN, connection).get(0).getFormattedMessage())
          .startsWith(connection + " failed")
          .contains("Connection refused");

      redis.restart();

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> at(lines, Level.INFO, connection + " recovered").size() == 1);
      String bob = token("bob");
      for (int i = 0; i < 5; i++) {
        assertThat(get(server, bob).statusCode()).as("request %d", i).isEqualTo(200);
      }
      assertThat(get(server, bob).statusCode()).isEqualTo(429);
      assertThat(at(lines, Level.WARN, connection)).hasSize(1);
    } finally {
      logger.detachAppender(lines);
    }
  }

  private static List<ILoggingEvent> at(
      ListAppender<ILoggingEvent> lines, Level level, String prefix) {
    synchronized (lines) {
      return lines.list.stream()
          .filter(e -> e.getLevel() == level && e.getFormattedMessage().startsWith(prefix))
          .toList();
    }
  }

  private static RedisConnector connector(String uri) {
    return RedisConnector.create(RedisSettings.builder().uri(uri).build());
  }

  private static RedisRateLimiter limiter(RedisConnector redis, Clock clock) {
    return new RedisRateLimiter(
        redis, FIVE_AN_HOUR, clock, RedisRateLimiter.DEFAULT_TIMEOUT, "netweave:ratelimit:");
  }
}
