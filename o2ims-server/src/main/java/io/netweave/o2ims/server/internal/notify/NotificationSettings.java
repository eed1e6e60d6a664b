package io.netweave.o2ims.server.internal.notify;

import io.netweave.o2ims.server.internal.notify.delivery.CallbackAuth;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code notifications.*} configuration. Immutable. Keys (defaults): {@code max_attempts} (10),
 * {@code retry_initial_delay} (1s), {@code retry_max_delay} (5m), {@code retry_jitter} (0.2),
 * {@code delivery_timeout} (10s), {@code workers} (8), {@code poll_interval} (250ms), {@code
 * lease_ttl} (15s), {@code subscription_refresh} (1s), {@code allow_http} (false; true in the demo
 * profile), {@code callback_allow_list} (empty), {@code probe_callbacks} (false), {@code
 * callback_auth} (map of host to {@code hmac_secret}, {@code oauth2}, {@code mtls}), {@code
 * redis_prefix} ({@code netweave:notify:}).
 */
public record NotificationSettings(
    RetryPolicy retry,
    Duration deliveryTimeout,
    int workers,
    Duration pollInterval,
    Duration leaseTtl,
    Duration subscriptionRefresh,
    boolean allowHttp,
    List<String> callbackAllowList,
    boolean probeCallbacks,
    Map<String, CallbackAuth> callbackAuth,
    String redisPrefix) {

  public NotificationSettings {
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(deliveryTimeout, "delivery_timeout");
    Objects.requireNonNull(pollInterval, "poll_interval");
    Objects.requireNonNull(leaseTtl, "lease_ttl");
    Objects.requireNonNull(subscriptionRefresh, "subscription_refresh");
    callbackAllowList = List.copyOf(callbackAllowList);
    callbackAuth = Map.copyOf(callbackAuth);
    Objects.requireNonNull(redisPrefix, "redis_prefix");
    if (workers < 1) {
      throw new IllegalArgumentException("notifications.workers must be at least 1");
    }
    if (pollInterval.isZero() || pollInterval.isNegative()) {
      throw new IllegalArgumentException("notifications.poll_interval must be positive");
    }
    if (leaseTtl.compareTo(Duration.ofMillis(30)) < 0) {
      throw new IllegalArgumentException("notifications.lease_ttl must be at least 30ms");
    }
  }

  /** The defaults (production profile). */
  public static NotificationSettings defaults() {
    return new NotificationSettings(
        RetryPolicy.DEFAULT,
        Duration.ofSeconds(10),
        8,
        Duration.ofMillis(250),
        Duration.ofSeconds(15),
        Duration.ofSeconds(1),
        false,
        List.of(),
        false,
        Map.of(),
        "netweave:notify:");
  }
}
