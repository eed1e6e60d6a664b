package io.netweave.o2ims.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.cache.testing.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The tiered cache as the server runs it without Redis. */
class InProcessOnlyTieredCacheTest extends ResponseCacheContract {

  private final FakeTicker ticker = new FakeTicker();

  @Override
  protected ResponseCache newCache(CacheSettings settings) {
    return TieredResponseCache.builder().settings(settings).ticker(ticker).build();
  }

  @Override
  protected void elapse(Duration duration) {
    ticker.advance(duration);
  }

  @Override
  protected boolean holdsEntriesInProcess() {
    return true;
  }

  @Test
  void sharedTierIsReportedAsDisabled() {
    assertThat(cache.stats().shared()).isEqualTo(SharedTierStats.disabled());
  }
}
