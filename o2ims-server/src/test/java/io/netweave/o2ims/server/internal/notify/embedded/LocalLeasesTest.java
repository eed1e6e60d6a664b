package io.netweave.o2ims.server.internal.notify.embedded;

import io.netweave.o2ims.server.internal.notify.NotificationLeasesContract;
import io.netweave.o2ims.server.spi.NotificationLeases;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.threeten.extra.MutableClock;

/** The leases contract in memory, with a fake clock. */
class LocalLeasesTest extends NotificationLeasesContract {
  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Override
  protected NotificationLeases leases() {
    return new LocalLeases(clock);
  }

  @Override
  protected void expire(NotificationLeases leases, Duration ttl) {
    clock.add(ttl.plusMillis(1));
  }
}
