package io.netweave.o2ims.server.internal.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The validated, typed configuration of one gateway process. Immutable. Built by {@link
 * ConfigLoader}; every value has passed its key's type check.
 *
 * @param values every known key with its effective value (typed), for logging and for settings that
 *     later work reads (redis, kubernetes, tls)
 */
public record ServerConfig(
    Backend backend,
    Http http,
    Path dataDir,
    Subscriptions subscriptions,
    OCloud ocloud,
    Demo demo,
    Cache cache,
    Map<String, Object> values) {

  /** Which inventory source to use. */
  public enum Backend {
    AUTO,
    DEMO,
    KUBERNETES
  }

  /** The HTTP listener and request limits. */
  public record Http(
      String host,
      int port,
      Duration readTimeout,
      Duration writeTimeout,
      Duration idleTimeout,
      int maxHeaderBytes,
      boolean keepAlive,
      int maxConcurrentStreams,
      long maxBodyBytes,
      int pageSize,
      String pageMarkerSecret) {

    /** The same listener on another port. */
    public Http withPort(int newPort) {
      return new Http(
          host,
          newPort,
          readTimeout,
          writeTimeout,
          idleTimeout,
          maxHeaderBytes,
          keepAlive,
          maxConcurrentStreams,
          maxBodyBytes,
          pageSize,
          pageMarkerSecret);
    }
  }

  /** Subscription create policy. */
  public record Subscriptions(int duplicateStatus, boolean allowHttpCallbacks) {}

  /** The O-Cloud identity; empty ids are derived by the backend. */
  public record OCloud(Optional<UUID> id, Optional<UUID> globalCloudId, String name) {}

  /** Size of the embedded demo O-Cloud. */
  public record Demo(int resourcePools, int resources, int resourceTypes) {}

  /** Response cache settings. */
  public record Cache(
      boolean enabled,
      Duration resourcePoolsTtl,
      Duration resourcesTtl,
      Duration resourceTypesTtl,
      Duration deploymentManagersTtl,
      Duration subscriptionsTtl,
      boolean warmOnStartup,
      List<String> warmResources) {}

  public ServerConfig {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(subscriptions, "subscriptions");
    Objects.requireNonNull(ocloud, "ocloud");
    Objects.requireNonNull(demo, "demo");
    Objects.requireNonNull(cache, "cache");
    values = Map.copyOf(values);
  }

  /** The configuration with every default, except the port and data directory. */
  public static ServerConfig defaults(int port, Path dataDir) {
    return new ConfigLoader(Map.of())
        .load(
            Optional.empty(),
            Map.of("server.port", Integer.toString(port), "storage.data_dir", dataDir.toString()));
  }

  /** This configuration with other key values (as written in a file), re-validated. */
  public ServerConfig with(Map<String, String> overrides) {
    Map<String, String> merged = new java.util.LinkedHashMap<>();
    values.forEach(
        (k, v) ->
            merged.put(
                k,
                v instanceof List<?> l
                    ? String.join(",", l.stream().map(String::valueOf).toList())
                    : v instanceof Duration d ? d.toMillis() + "ms" : String.valueOf(v)));
    merged.putAll(overrides);
    return new ConfigLoader(Map.of()).load(Optional.empty(), merged);
  }
}
