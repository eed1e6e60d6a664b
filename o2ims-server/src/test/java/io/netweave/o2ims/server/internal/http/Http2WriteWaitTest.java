package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.netweave.o2ims.server.internal.config.KeysWithoutEffectWarning;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link Http2WriteWait#apply} does in a JVM whose Undertow already holds its write-wait
 * timeout (this test JVM: the first look initialises Undertow's class, and other tests may have
 * started gateways): it does not pretend a different limit took effect, and it keeps a value the
 * operator set. The limit taking effect in a JVM of its own is {@code Http2WriteWaitTimeoutJarIT}.
 * The property is restored after each test.
 */
class Http2WriteWaitTest {
  @TempDir Path dir;
  private String before;

  @BeforeEach
  void remember() {
    before = System.getProperty(Http2WriteWait.PROPERTY);
  }

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty(Http2WriteWait.PROPERTY);
    } else {
      System.setProperty(Http2WriteWait.PROPERTY, before);
    }
  }

  @Test
  void aLimitUndertowCanNoLongerTakeIsWarnedAboutNotPretended() throws Exception {
    int held = Http2WriteWait.undertowValue().orElseThrow();
    int other = held == 1 ? 2 : held - 1;
    ServerConfig.Server server = server(other + "ms", "10m");

    List<ILoggingEvent> events =
        KeysWithoutEffectWarning.loggedBy(Http2WriteWait.class, () -> Http2WriteWait.apply(server));

    assertThat(Http2WriteWait.undertowValue()).hasValue(held);
    KeysWithoutEffectWarning.assertOneWarning(
        events,
        Http2WriteWait.PROPERTY + " could not be set to " + other + " ms",
        "keeps " + held + " ms");
  }

  @Test
  void theShorterOfTheWriteAndIdleTimeoutsIsTheLimitSet() throws Exception {
    int held = Http2WriteWait.undertowValue().orElseThrow();
    int idle = held == 1000 ? 2000 : 1000;
    ServerConfig.Server server = server("10m", idle + "ms");

    List<ILoggingEvent> events =
        KeysWithoutEffectWarning.loggedBy(Http2WriteWait.class, () -> Http2WriteWait.apply(server));

    assertThat(System.getProperty(Http2WriteWait.PROPERTY)).isEqualTo(Integer.toString(idle));
    KeysWithoutEffectWarning.assertOneWarning(
        events,
        Http2WriteWait.PROPERTY + " could not be set to " + idle + " ms",
        "keeps " + held + " ms");
  }

  @Test
  void theOperatorsValueIsKeptAndSaidOnce() throws Exception {
    System.setProperty(Http2WriteWait.PROPERTY, "777");
    ServerConfig.Server server = server("1s", "10m");

    List<ILoggingEvent> events =
        KeysWithoutEffectWarning.loggedBy(
            Http2WriteWait.class,
            () -> {
              Http2WriteWait.apply(server);
              Http2WriteWait.apply(server);
            });

    assertThat(System.getProperty(Http2WriteWait.PROPERTY)).isEqualTo("777");
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.INFO);
              assertThat(e.getFormattedMessage())
                  .startsWith(Http2WriteWait.PROPERTY + "=777 set at start: kept")
                  .contains("1000 ms not applied");
            });
  }

  private ServerConfig.Server server(String writeTimeout, String idleTimeout) {
    return ServerConfig.defaults(0, dir)
        .with(Map.of("server.write_timeout", writeTimeout, "server.idle_timeout", idleTimeout))
        .server();
  }
}
