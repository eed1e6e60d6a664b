package io.netweave.o2ims.server.internal.notify.embedded;

import io.netweave.o2ims.server.internal.notify.NotificationLeasesContract;
import io.netweave.o2ims.server.internal.tls.MutableClock;
import io.netweave.o2ims.server.spi.NotificationLeases;
import java.time.Duration;
import java.time.Instant;

/** The leases contract in memory, with a fake clock. */
class LocalLeasesTest extends NotificationLeasesContract {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Override
  protected NotificationLeases leases() {
    return new LocalLeases(clock);
  }

  @Override
  protected void expire(NotificationLeases leases, Duration ttl) {
    clock.advance(ttl.plusMillis(1));
  }
}
