package io.netweave.o2ims.server.internal.notify;

import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackAuth;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the notification engine produces and delivers, from the {@code notifications.*} section
 * ({@link #from}) or built in tests with {@link #builder()} / {@link #toBuilder()}. Immutable.
 * Defaults ({@link #defaults()}, the production profile's): {@code max_attempts} 10, {@code
 * retry_initial_delay} 1s, {@code retry_max_delay} 5m, {@code retry_jitter} 0.2, {@code
 * delivery_timeout} 10s, {@code workers} 64, {@code poll_interval} 250ms, {@code lease_ttl} 15s,
 * {@code subscription_refresh} 1s, plain-http callbacks refused, empty {@code callback_allow_list},
 * no probe, no {@code callback_auth}. Where subscriptions and the outbox are stored is not part of
 * these settings (see {@link NotificationRuntime}).
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
    Map<String, CallbackAuth> callbackAuth) {

  /**
   * @throws IllegalArgumentException naming the key of a value the engine cannot work with
   */
  public NotificationSettings {
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(deliveryTimeout, "delivery_timeout");
    Objects.requireNonNull(pollInterval, "poll_interval");
    Objects.requireNonNull(leaseTtl, "lease_ttl");
    Objects.requireNonNull(subscriptionRefresh, "subscription_refresh");
    callbackAllowList = List.copyOf(callbackAllowList);
    callbackAuth = Map.copyOf(callbackAuth);
    if (workers < 1) {
      throw new IllegalArgumentException(
          "notifications.workers must be at least 1, got " + workers);
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
    return new Builder().build();
  }

  /**
   * The settings of a configuration ({@code notifications.*} and {@code
   * subscriptions.allow_http_callbacks}).
   *
   * @throws ConfigException naming the key of a bad value
   */
  public static NotificationSettings from(ServerConfig config) {
    ServerConfig.Notifications n = config.notifications();
    try {
      return builder()
          .retry(
              new RetryPolicy(
                  n.maxAttempts(), n.retryInitialDelay(), n.retryMaxDelay(), n.retryJitter()))
          .deliveryTimeout(n.deliveryTimeout())
          .workers(n.workers())
          .pollInterval(n.pollInterval())
          .leaseTtl(n.leaseTtl())
          .subscriptionRefresh(n.subscriptionRefresh())
          .allowHttp(config.subscriptions().allowHttpCallbacks())
          .callbackAllowList(n.callbackAllowList())
          .probeCallbacks(n.probeCallbacks())
          .callbackAuth(n.callbackAuth())
          .build()
          .checked();
    } catch (IllegalArgumentException e) {
      throw new ConfigException("bad notifications configuration: " + e.getMessage(), e);
    }
  }

  /** Parses the allow list once, so that a bad entry stops the start. */
  private NotificationSettings checked() {
    new CallbackPolicy(allowHttp, callbackAllowList, host -> List.of());
    return this;
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder()
        .retry(retry)
        .deliveryTimeout(deliveryTimeout)
        .workers(workers)
        .pollInterval(pollInterval)
        .leaseTtl(leaseTtl)
        .subscriptionRefresh(subscriptionRefresh)
        .allowHttp(allowHttp)
        .callbackAllowList(callbackAllowList)
        .probeCallbacks(probeCallbacks)
        .callbackAuth(callbackAuth);
  }

  /**
   * Builds {@link NotificationSettings}; every option starts at its default and the record's
   * constructor validates on {@link #build()}. Not thread-safe.
   */
  public static final class Builder {
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Duration deliveryTimeout = Duration.ofSeconds(10);
    private int workers = 64;
    private Duration pollInterval = Duration.ofMillis(250);
    private Duration leaseTtl = Duration.ofSeconds(15);
    private Duration subscriptionRefresh = Duration.ofSeconds(1);
    private boolean allowHttp;
    private List<String> callbackAllowList = List.of();
    private boolean probeCallbacks;
    private Map<String, CallbackAuth> callbackAuth = Map.of();

    private Builder() {}

    public Builder retry(RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    public Builder deliveryTimeout(Duration deliveryTimeout) {
      this.deliveryTimeout = deliveryTimeout;
      return this;
    }

    public Builder workers(int workers) {
      this.workers = workers;
      return this;
    }

    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    public Builder leaseTtl(Duration leaseTtl) {
      this.leaseTtl = leaseTtl;
      return this;
    }

    public Builder subscriptionRefresh(Duration subscriptionRefresh) {
      this.subscriptionRefresh = subscriptionRefresh;
      return this;
    }

    public Builder allowHttp(boolean allowHttp) {
      this.allowHttp = allowHttp;
      return this;
    }

    public Builder callbackAllowList(List<String> callbackAllowList) {
      this.callbackAllowList = callbackAllowList;
      return this;
    }

    public Builder probeCallbacks(boolean probeCallbacks) {
      this.probeCallbacks = probeCallbacks;
      return this;
    }

    public Builder callbackAuth(Map<String, CallbackAuth> callbackAuth) {
      this.callbackAuth = callbackAuth;
      return this;
    }

    /**
     * @throws IllegalArgumentException as the record's constructor
     */
    public NotificationSettings build() {
      return new NotificationSettings(
          retry,
          deliveryTimeout,
          workers,
          pollInterval,
          leaseTtl,
          subscriptionRefresh,
          allowHttp,
          callbackAllowList,
          probeCallbacks,
          callbackAuth);
    }
  }
}
