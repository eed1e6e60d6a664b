package io.netweave.o2ims.cache;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.threeten.extra.MutableClock;

class OutageLogTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger("test.outage");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-12-07T08:00:00Z"), ZoneOffset.UTC);
  private final OutageLog log = new OutageLog(logger, "the poll", Duration.ofMillis(250), clock);
  private final RuntimeException down = new RedisException("refused");

  @BeforeEach
  void capture() {
    logger.setLevel(Level.DEBUG);
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
    logger.setLevel(null);
  }

  @Test
  void anOutageIsOneWarningThenOneAMinuteWithTheCountThenOneRecoveryLine() {
    for (int i = 0; i < 240; i++) {
      log.failed(down);
      clock.add(Duration.ofMillis(250));
    }
    // 240 failures over 60 s: the first warned, the 239 others DEBUG (the 241st is a minute on).
    assertThat(at(Level.WARN)).hasSize(1);
    assertThat(at(Level.DEBUG)).hasSize(239);
    assertThat(at(Level.WARN).get(0))
        .isEqualTo(
            "the poll failed; retrying every 250ms, logging at most one warning every 1m until it"
                + " recovers: "
                + down);
    log.failed(down);
    assertThat(at(Level.WARN)).hasSize(2);
    assertThat(at(Level.WARN).get(1))
        .startsWith("the poll still failing: 240 failures since the last warning, 241 in 1m;");
    clock.add(Duration.ofSeconds(30));
    log.failed(down);
    assertThat(at(Level.WARN)).hasSize(2);

    log.succeeded();
    log.succeeded();
    assertThat(at(Level.INFO))
        .containsExactly("the poll recovered after 1m 30s (242 failed attempts)");
    assertThat(lines.list).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
  }

  @Test
  void itsLastFailureIsKnownWhileItFails() {
    assertThat(log.failure()).isEmpty();
    log.failed(down);
    RedisException again = new RedisException("still refused");
    log.failed(again);
    assertThat(log.failing()).isTrue();
    assertThat(log.failure()).contains(again.toString());
    log.succeeded();
    assertThat(log.failing()).isFalse();
    assertThat(log.failure()).isEmpty();
  }

  @Test
  void aFailureAfterARecoveryStartsANewOutage() {
    log.failed(down);
    log.succeeded();
    clock.add(Duration.ofSeconds(5));
    log.failed(down);
    assertThat(at(Level.WARN)).hasSize(2);
    assertThat(at(Level.WARN).get(1)).startsWith("the poll failed; retrying");
    assertThat(at(Level.INFO)).containsExactly("the poll recovered after 0ms (1 failed attempts)");
  }

  @Test
  void aFaultOtherThanAnUnreachableStoreKeepsItsStackTraceOnTheWarnings() {
    log.failed(new IllegalStateException("bug"));
    log.failed(new IllegalStateException("bug"));
    clock.add(Duration.ofMinutes(1));
    log.failed(new IllegalStateException("bug"));
    List<ILoggingEvent> warnings =
        lines.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    assertThat(warnings).hasSize(2);
    assertThat(warnings)
        .allSatisfy(
            e ->
                assertThat(e.getThrowableProxy().getClassName()).endsWith("IllegalStateException"));
  }

  @Test
  void aCauseThatSaysRedisIsUnreachableOrAnOutageTheCallerNamesNeedsNoStackTrace() {
    assertThat(OutageLog.unreachable(new ConnectException("Connection refused"))).isTrue();
    assertThat(OutageLog.unreachable(new IllegalStateException("x", new RedisException("y"))))
        .isTrue();
    assertThat(OutageLog.unreachable(new IllegalStateException("bug"))).isFalse();

    OutageLog named =
        new OutageLog(
            logger,
            "the store",
            Duration.ofSeconds(1),
            clock,
            UnsupportedOperationException.class::isInstance);
    named.failed(new UnsupportedOperationException("the store (Redis) is unavailable"));
    named.succeeded();
    named.failed(new ConnectException("Connection refused"));
    assertThat(at(Level.WARN)).hasSize(2);
    assertThat(lines.list).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
  }

  @Test
  void durationsAreShort() {
    assertThat(OutageLog.text(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(OutageLog.text(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(OutageLog.text(Duration.ofSeconds(61))).isEqualTo("1m 1s");
    assertThat(OutageLog.text(Duration.ofSeconds(7200 + 300))).isEqualTo("2h 5m");
  }

  private List<String> at(Level level) {
    return lines.list.stream()
        .filter(e -> e.getLevel() == level)
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }
}
