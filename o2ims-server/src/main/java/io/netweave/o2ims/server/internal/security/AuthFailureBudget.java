package io.netweave.o2ims.server.internal.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts failed authentications per client address ({@link #clientOf}: IPv6 per /64) in fixed
 * one-minute windows ({@code auth.failures_per_minute}). An address past its budget is refused
 * (429) without its token being parsed until the window ends, so that guessing tokens costs the
 * gateway no signature checks; and the audit log samples the refusals: the first {@link
 * #LOGGED_PER_WINDOW} of each address and window, then one line per 100. Times come from the
 * injected clock. Thread-safe.
 *
 * <p>Design note: the table is a Caffeine cache bounded in two ways, so that a flood of addresses
 * can neither grow memory nor unblock anyone. An entry lives until its window ends (Caffeine's
 * variable expiry), so a blocked client is remembered exactly as long as its block lasts. A client
 * not (yet) blocked weighs 1 and a blocked one 0 against a maximum weight of {@code capacity}: past
 * {@code capacity} clients that are not blocked, Caffeine evicts one of them (its size policy never
 * considers a zero-weight entry), which only gives that client a fresh budget. Blocked clients are
 * never evicted; once {@code capacity} of them are held, a client not in the table is not added:
 * its failures count under one shared overflow window, which only samples the audit log, and it is
 * never refused up front. So an attacker holding {@code capacity} blocked addresses can neither
 * unblock them by flooding the table nor lock out anyone else; what it gains is that its further
 * addresses have their tokens checked (signature checks, bounded by the rate and concurrency
 * limits) instead of being refused for free. The table holds at most about {@code 2 * capacity}
 * entries: clients are only added while fewer than {@code capacity} are blocked, and at most {@code
 * capacity} are not blocked.
 */
public final class AuthFailureBudget {
  static final int LOGGED_PER_WINDOW = 5;

  /** Clients not blocked, and blocked clients, each held at most (so 100,000 entries in all). */
  static final int DEFAULT_CAPACITY = 50_000;

  private static final long WINDOW_MILLIS = Duration.ofMinutes(1).toMillis();

  /** A failure's count in its address's window, and whether to log it. */
  public record Failure(int count, boolean logged) {}

  /** The failures of one client (or of the overflow) in the window of that index. */
  private record Window(long index, int failures) {
    Window next(long now) {
      return index == now ? new Window(index, failures + 1) : new Window(now, 1);
    }
  }

  private final int perWindow;
  private final int capacity;
  private final Clock clock;
  private final Cache<String, Window> windows;
  private final AtomicReference<Window> overflow = new AtomicReference<>(new Window(-1, 0));

  /**
   * @param perWindow failures allowed per address and minute, at least 1
   */
  public AuthFailureBudget(int perWindow, Clock clock) {
    this(perWindow, clock, DEFAULT_CAPACITY);
  }

  /**
   * @param capacity clients not blocked, and blocked clients, each held at most; at least 1
   */
  AuthFailureBudget(int perWindow, Clock clock, int capacity) {
    if (perWindow < 1) {
      throw new IllegalArgumentException("auth.failures_per_minute must be >= 1");
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1");
    }
    this.perWindow = perWindow;
    this.capacity = capacity;
    this.clock = clock;
    this.windows =
        Caffeine.newBuilder()
            .maximumWeight(capacity)
            .weigher((String client, Window w) -> w.failures() >= perWindow ? 0 : 1)
            .expireAfter(
                Expiry.writing(
                    (String client, Window w) ->
                        Duration.ofMillis(
                            Math.max(0, (w.index() + 1) * WINDOW_MILLIS - clock.millis()))))
            .ticker(() -> clock.millis() * 1_000_000L)
            // Maintenance on the calling thread, as in LocalRateLimiter (no pool wake-ups).
            .executor(Runnable::run)
            .build();
  }

  /**
   * The budget an address draws on: an IPv4 address its own, an IPv6 address its /64 (one host or
   * site commonly holds a whole /64, so per-address budgets would let it try 2^64 times as often).
   */
  public static String clientOf(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address.getHostAddress();
    }
    byte[] prefix = java.util.Arrays.copyOf(address.getAddress(), 16);
    java.util.Arrays.fill(prefix, 8, 16, (byte) 0);
    try {
      return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException("sixteen bytes are always an IPv6 address", e);
    }
  }

  /**
   * True when no address failed in a window still remembered and the overflow window was never
   * drawn on (then none is blocked). Cheap: the request path asks it before formatting an address.
   */
  public boolean isEmpty() {
    return windows.estimatedSize() == 0 && overflow.get().failures() == 0;
  }

  /** Seconds until the address may try again, or 0 when it is within its budget. */
  public long blockedSeconds(String address) {
    long index = index();
    Window w = windows.getIfPresent(address);
    if (w == null || w.index() != index || w.failures() < perWindow) {
      // a client the table does not hold (not failed, or past a full table) is never refused here
      return 0;
    }
    long windowEnd = (index + 1) * WINDOW_MILLIS;
    return Math.max(1, (windowEnd - clock.millis() + 999) / 1000);
  }

  /**
   * Records one failure of the address (of the shared overflow window, which only samples the audit
   * log, when the table is full of blocked clients).
   */
  public Failure fail(String address) {
    long index = index();
    Window w;
    if (windows.getIfPresent(address) != null || blocked() < capacity) {
      w =
          windows
              .asMap()
              .compute(address, (a, old) -> old == null ? new Window(index, 1) : old.next(index));
    } else {
      w = overflow.updateAndGet(old -> old.next(index));
    }
    int count = w.failures();
    return new Failure(count, count <= LOGGED_PER_WINDOW || count % 100 == 0);
  }

  /** Entries held (blocked or not), after dropping those whose window ended; for tests. */
  long size() {
    windows.cleanUp();
    return windows.estimatedSize();
  }

  /** Blocked clients held (zero-weight entries), after a clean-up when they seem to fill it. */
  private long blocked() {
    long blocked = windows.estimatedSize() - weightedSize();
    if (blocked >= capacity) {
      windows.cleanUp(); // entries of an ended window are counted until Caffeine drops them
      blocked = windows.estimatedSize() - weightedSize();
    }
    return blocked;
  }

  private long weightedSize() {
    return windows.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }

  private long index() {
    return clock.millis() / WINDOW_MILLIS;
  }
}
