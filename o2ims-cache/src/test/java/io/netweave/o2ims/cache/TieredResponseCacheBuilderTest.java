package io.netweave.o2ims.cache;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class TieredResponseCacheBuilderTest {

  @Test
  void settingsGivenTwiceAreRefused() {
    TieredResponseCache.Builder builder =
        TieredResponseCache.builder().settings(CacheSettings.defaults());

    assertThatThrownBy(() -> builder.settings(CacheSettings.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("settings set twice");
  }

  @Test
  void tickerGivenTwiceIsRefused() {
    TieredResponseCache.Builder builder =
        TieredResponseCache.builder().ticker(Ticker.systemTicker());

    assertThatThrownBy(() -> builder.ticker(Ticker.systemTicker()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void clockWithoutRedisIsRefusedSayingWhatToChange() {
    assertThatThrownBy(() -> TieredResponseCache.builder().clock(Clock.systemUTC()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("add redis(...) or drop clock(...)");
  }
}
