package io.netweave.o2ims.server.internal.notify.embedded;

import io.netweave.o2ims.server.internal.notify.NotificationLeasesContract;
import io.netweave.o2ims.server.spi.NotificationLeases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** The leases contract in memory, with a fake clock. */
class LocalLeasesTest extends NotificationLeasesContract {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  @Override
  protected NotificationLeases leases() {
    return new LocalLeases(
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now;
          }
        });
  }

  @Override
  protected void expire(NotificationLeases leases, Duration ttl) {
    now = now.plus(ttl).plusMillis(1);
  }
}
