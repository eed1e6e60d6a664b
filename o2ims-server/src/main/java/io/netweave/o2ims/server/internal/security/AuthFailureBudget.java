package io.netweave.o2ims.server.internal.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failed authentications per client address ({@link #clientOf}: IPv6 per /64) in fixed
 * one-minute windows ({@code auth.failures_per_minute}). An address past its budget is refused
 * (429) without its token being parsed until the window ends, so that guessing tokens costs the
 * gateway no signature checks; and the audit log samples the refusals: the first {@link
 * #LOGGED_PER_WINDOW} of each address and window, then one line per 100. The table holds at most
 * {@link #MAX_ADDRESSES} addresses; past that it forgets the previous windows first (a flood of
 * spoofed-looking addresses cannot grow memory). Times come from the injected clock. Thread-safe.
 */
public final class AuthFailureBudget {
  static final int LOGGED_PER_WINDOW = 5;
  static final int MAX_ADDRESSES = 100_000;
  private static final long WINDOW_MILLIS = Duration.ofMinutes(1).toMillis();

  /** A failure's count in its address's window, and whether to log it. */
  public record Failure(int count, boolean logged) {}

  private record Window(long index, AtomicInteger failures) {}

  private final int perWindow;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /**
   * @param perWindow failures allowed per address and minute, at least 1
   */
  public AuthFailureBudget(int perWindow, Clock clock) {
    if (perWindow < 1) {
      throw new IllegalArgumentException("auth.failures_per_minute must be >= 1");
    }
    this.perWindow = perWindow;
    this.clock = clock;
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

  /** True when no address failed in a window still remembered (then none is blocked). */
  public boolean isEmpty() {
    return windows.isEmpty();
  }

  /** Seconds until the address may try again, or 0 when it is within its budget. */
  public long blockedSeconds(String address) {
    long index = index();
    Window w = windows.get(address);
    if (w == null || w.index() != index || w.failures().get() < perWindow) {
      return 0;
    }
    long windowEnd = (index + 1) * WINDOW_MILLIS;
    return Math.max(1, (windowEnd - clock.millis() + 999) / 1000);
  }

  /** Records one failure of the address. */
  public Failure fail(String address) {
    long index = index();
    if (windows.size() >= MAX_ADDRESSES) {
      windows.values().removeIf(w -> w.index() != index);
      if (windows.size() >= MAX_ADDRESSES) {
        windows.clear();
      }
    }
    Window w =
        windows.compute(
            address,
            (a, old) ->
                old == null || old.index() != index ? new Window(index, new AtomicInteger()) : old);
    int count = w.failures().incrementAndGet();
    return new Failure(count, count <= LOGGED_PER_WINDOW || count % 100 == 0);
  }

  private long index() {
    return clock.millis() / WINDOW_MILLIS;
  }
}
