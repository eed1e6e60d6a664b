package io.netweave.o2ims.server.internal.security;

import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-client request budgets per endpoint class ({@code rate_limit.*}): each client identity may
 * send {@code capacity} requests of a class in a burst, refilled evenly over {@code period}.
 *
 * @param enabled {@code rate_limit.enabled} (on in the production profile)
 * @param shared {@code rate_limit.shared}: one budget across replicas through Redis
 * @param read {@code rate_limit.read_per_minute} (default 1200)
 * @param write {@code rate_limit.write_per_minute} (default 120)
 * @param admin {@code rate_limit.admin_per_minute} (default 60)
 */
public record RateLimitSettings(
    boolean enabled, boolean shared, Limit read, Limit write, Limit admin) {

  /** A budget: {@code capacity} requests per {@code period}. */
  public record Limit(long capacity, Duration period) {
    public Limit {
      Objects.requireNonNull(period, "period");
      if (capacity < 1 || period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("a rate limit needs capacity >= 1 and a period > 0");
      }
    }

    public static Limit perMinute(long capacity) {
      return new Limit(capacity, Duration.ofMinutes(1));
    }

    BucketConfiguration bucket() {
      return BucketConfiguration.builder()
          .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period))
          .build();
    }
  }

  public RateLimitSettings {
    Objects.requireNonNull(read, "read");
    Objects.requireNonNull(write, "write");
    Objects.requireNonNull(admin, "admin");
  }

  public static RateLimitSettings defaults(boolean enabled, boolean shared) {
    return new RateLimitSettings(
        enabled, shared, Limit.perMinute(1200), Limit.perMinute(120), Limit.perMinute(60));
  }

  Limit limit(EndpointClass endpointClass) {
    return switch (endpointClass) {
      case READ, PUBLIC -> read;
      case WRITE -> write;
      case ADMIN -> admin;
    };
  }
}
