package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.server.spi.NotificationLeases;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The contract every {@link NotificationLeases} passes. */
public abstract class NotificationLeasesContract {
  /** Fresh leases; {@link #expire} makes time pass beyond a TTL. */
  protected abstract NotificationLeases leases();

  /** Lets more than {@code ttl} pass for the leases (advances a fake clock or waits). */
  protected abstract void expire(NotificationLeases leases, Duration ttl);

  @Test
  void oneOwnerAtATimeUntilReleased() {
    NotificationLeases l = leases();
    Duration ttl = Duration.ofSeconds(30);
    assertThat(l.acquireProducer("a", ttl)).isTrue();
    assertThat(l.acquireProducer("b", ttl)).isFalse();
    assertThat(l.acquireProducer("a", ttl)).as("renewal").isTrue();
    l.releaseProducer("b");
    assertThat(l.acquireProducer("b", ttl)).isFalse();
    l.releaseProducer("a");
    assertThat(l.acquireProducer("b", ttl)).isTrue();
  }

  @Test
  void queueLeasesAreIndependentPerSubscription() {
    NotificationLeases l = leases();
    UUID one = UUID.randomUUID();
    UUID two = UUID.randomUUID();
    Duration ttl = Duration.ofSeconds(30);
    assertThat(l.acquireQueue(one, "a", ttl)).isTrue();
    assertThat(l.acquireQueue(two, "b", ttl)).isTrue();
    assertThat(l.acquireQueue(one, "b", ttl)).isFalse();
    l.releaseQueue(one, "a");
    assertThat(l.acquireQueue(one, "b", ttl)).isTrue();
  }

  @Test
  void anExpiredLeaseGoesToTheNextOwner() {
    NotificationLeases l = leases();
    UUID q = UUID.randomUUID();
    Duration ttl = Duration.ofMillis(200);
    assertThat(l.acquireQueue(q, "dead", ttl)).isTrue();
    assertThat(l.acquireProducer("dead", ttl)).isTrue();
    expire(l, ttl);
    await().atMost(Duration.ofSeconds(30)).until(() -> l.acquireQueue(q, "alive", ttl));
    assertThat(l.acquireProducer("alive", ttl)).isTrue();
  }

  @Test
  void aQueueLeaseIsRenewedOnlyByItsCurrentHolder() {
    NotificationLeases l = leases();
    UUID q = UUID.randomUUID();
    Duration ttl = Duration.ofSeconds(30);
    assertThat(l.renewQueue(q, "a", ttl)).as("renewing a lease nobody holds").isFalse();
    assertThat(l.acquireQueue(q, "a", ttl)).isTrue();
    assertThat(l.renewQueue(q, "a", ttl)).isTrue();
    assertThat(l.renewQueue(q, "b", ttl)).isFalse();
    l.releaseQueue(q, "a");
    assertThat(l.renewQueue(q, "a", ttl)).as("renewing a released lease").isFalse();
  }

  /**
   * A holder paused past its lease (a stopped JVM) does not get it back by renewing, even when
   * nobody holds it now: another replica may have taken it and delivered the holder's batch
   * meanwhile.
   */
  @Test
  void anExpiredQueueLeaseIsNotRenewed() {
    NotificationLeases l = leases();
    UUID q = UUID.randomUUID();
    Duration ttl = Duration.ofMillis(200);
    assertThat(l.acquireQueue(q, "paused", ttl)).isTrue();
    expire(l, ttl);
    await().atMost(Duration.ofSeconds(30)).until(() -> l.acquireQueue(q, "other", ttl));
    l.releaseQueue(q, "other");
    assertThat(l.renewQueue(q, "paused", ttl)).isFalse();
    assertThat(l.acquireQueue(q, "other", ttl)).isTrue();
  }
}
