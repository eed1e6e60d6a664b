package io.netweave.o2ims.server.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.InvalidQueryException;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackAuth;
import io.netweave.o2ims.server.internal.security.Profile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns the validated key values into the typed sections of {@link ServerConfig}. The only place
 * that reads a configuration value by its key; checks that span one section (enumerations, ranges,
 * a key another key requires) throw {@link ConfigException} naming the key.
 */
final class Sections {
  private static final List<String> POOL_KEYS =
      List.of(
          "redis.pool_size", "redis.min_idle_conns", "redis.pool_timeout", "redis.idle_timeout");

  /** The largest size in MiB a size key takes (1 TiB), so that its byte count fits a long. */
  private static final int MAX_MB = 1 << 20;

  private final Map<String, Object> v;
  private final ServerConfig.Origin origin;

  private Sections(ServerConfig.Origin origin) {
    this.origin = origin;
    this.v = origin.values();
  }

  static ServerConfig build(ServerConfig.Origin origin) {
    return new Sections(origin).config();
  }

  private ServerConfig config() {
    String dataDir = str("storage.data_dir");
    if (dataDir.isBlank()) {
      throw new ConfigException("bad value for configuration key storage.data_dir: empty");
    }
    ServerConfig.Redis redis = redis();
    return new ServerConfig(
        oneOf("backend", ServerConfig.Backend.class),
        server(),
        tls(),
        security(redis),
        Path.of(dataDir),
        subscriptions(),
        notifications(redis),
        new ServerConfig.OCloud(
            uuid("ocloud.id"),
            uuid("ocloud.global_cloud_id"),
            optional("ocloud.name").filter(n -> !n.isBlank()),
            optional("ocloud.service_uri")),
        new ServerConfig.Demo(
            range("demo.resource_pools", 1, 1000),
            range("demo.resources", 0, 1_000_000),
            range("demo.resource_types", 1, 1000)),
        redis,
        cache(),
        kubernetes(),
        alarms(),
        origin);
  }

  private ServerConfig.Alarms alarms() {
    Map<io.netweave.o2ims.model.NodeAlarm, ServerConfig.AlarmRule> rules = new LinkedHashMap<>();
    for (io.netweave.o2ims.model.NodeAlarm a : io.netweave.o2ims.model.NodeAlarm.values()) {
      String base = "alarms." + a.configName() + ".";
      io.netweave.o2ims.model.PerceivedSeverity severity =
          oneOf(base + "severity", io.netweave.o2ims.model.PerceivedSeverity.class);
      if (severity == io.netweave.o2ims.model.PerceivedSeverity.CLEARED) {
        throw new ConfigException(
            "bad value for configuration key "
                + base
                + "severity: an alarm cannot be raised as cleared; expected critical, major,"
                + " minor, warning or indeterminate");
      }
      Duration debounce = dur(base + "debounce");
      if (debounce.isNegative()) {
        throw new ConfigException(
            "bad value for configuration key " + base + "debounce: must not be negative");
      }
      rules.put(a, new ServerConfig.AlarmRule(bool(base + "enabled"), severity, debounce));
    }
    int repeat = integer("alarms.repeat_acknowledge_status");
    if (repeat != 200 && repeat != 409) {
      throw new ConfigException(
          "bad value for configuration key alarms.repeat_acknowledge_status: expected 200 or 409,"
              + " got "
              + repeat);
    }
    for (String key : List.of("alarms.evaluation_interval", "alarms.retention_sweep_interval")) {
      Duration d = dur(key);
      if (d.isZero() || d.isNegative()) {
        throw new ConfigException("bad value for configuration key " + key + ": must be positive");
      }
    }
    return new ServerConfig.Alarms(
        bool("alarms.enabled"),
        dur("alarms.evaluation_interval"),
        dur("alarms.retention_sweep_interval"),
        repeat,
        oneOf("alarms.subscription_filter_mode", ServerConfig.AlarmFilterMode.class),
        rules);
  }

  private ServerConfig.Server server() {
    return new ServerConfig.Server(
        str("server.host"),
        range("server.port", 0, 65535),
        dur("server.read_timeout"),
        dur("server.write_timeout"),
        dur("server.idle_timeout"),
        range("server.max_header_bytes", 1024, Integer.MAX_VALUE),
        bool("server.keep_alive"),
        range("server.max_concurrent_streams", 1, Integer.MAX_VALUE),
        positiveLong("server.max_body_bytes"),
        range("server.page_size", 1, 100_000),
        str("server.page_marker_secret"),
        bool("server.access_log"),
        nonBlank("server.trusted_proxies"),
        integer("server.max_concurrent_requests"),
        integer("server.max_query_bytes"),
        range("server.max_query_parameters", 1, 100_000),
        logFormat(),
        nonBlank("server.allowed_hosts"),
        range("server.http2.max_resets_per_window", 1, Integer.MAX_VALUE),
        positive("server.http2.reset_window"),
        dur("server.shutdown_drain_delay"),
        shutdownTimeout(),
        filterColumns(),
        bool("server.compression.enabled"),
        range("server.compression.min_bytes", 0, Integer.MAX_VALUE),
        range("server.max_connections", 1, Integer.MAX_VALUE),
        range("server.max_connections_per_client", 1, Integer.MAX_VALUE));
  }

  /** At most half of the query engine's columns per table, so ad hoc filters keep the rest. */
  static final int MAX_FILTER_COLUMNS = 4;

  private List<String> filterColumns() {
    List<String> paths = nonBlank("server.filter_columns");
    if (paths.size() > MAX_FILTER_COLUMNS) {
      throw new ConfigException(
          "bad value for configuration key server.filter_columns: at most "
              + MAX_FILTER_COLUMNS
              + " paths");
    }
    for (String path : paths) {
      try {
        Filter f = Filter.parse("(eq," + path + ",x)");
        f.validate(ApiView.V1.schema(ObjectType.RESOURCE));
        if (f.terms().size() != 1) {
          throw new ConfigException(
              "bad value for configuration key server.filter_columns: " + path);
        }
      } catch (InvalidQueryException e) {
        throw new ConfigException(
            "bad value for configuration key server.filter_columns: "
                + path
                + " is not a resource attribute path a filter can name");
      }
    }
    return paths;
  }

  private String logFormat() {
    String format = str("server.log_format").strip().toLowerCase(Locale.ROOT);
    if (!format.equals("text") && !format.equals("json")) {
      throw new ConfigException(
          "bad value for configuration key server.log_format: expected text or json, got "
              + format);
    }
    return format;
  }

  private Duration positive(String key) {
    Duration d = dur(key);
    if (d.isNegative() || d.isZero()) {
      throw new ConfigException("bad value for configuration key " + key + ": must be positive");
    }
    return d;
  }

  /**
   * {@code kubernetes.resync_period}: {@code 0s} (no periodic resync, as in client-go) or at least
   * the informer's minimum of one second. A shorter period was raised to 1 s for the event handler
   * while the informer's resync check still ran at the period given (every millisecond for {@code
   * 1ms}).
   */
  private Duration resyncPeriod() {
    Duration d = dur("kubernetes.resync_period");
    if (!d.isZero() && d.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigException(
          "bad value for configuration key kubernetes.resync_period: 0s (no periodic resync) or at"
              + " least 1s, got "
              + d.toMillis()
              + "ms");
    }
    return d;
  }

  private Duration shutdownTimeout() {
    Duration timeout = dur("server.shutdown_timeout");
    if (timeout.compareTo(dur("server.shutdown_drain_delay")) <= 0) {
      throw new ConfigException(
          "server.shutdown_timeout ("
              + timeout
              + ") must be longer than server.shutdown_drain_delay: the drain happens within it");
    }
    return timeout;
  }

  private ServerConfig.Tls tls() {
    String clientAuth = str("server.tls.client_auth").toLowerCase(Locale.ROOT);
    if (!List.of("auto", "none", "optional", "required").contains(clientAuth)) {
      throw new ConfigException(
          "bad value for configuration key server.tls.client_auth: expected auto, none, optional"
              + " or required, got "
              + clientAuth);
    }
    if (!bool("server.tls.prefer_server_cipher_suites")) {
      // JSSE servers choose by their own order of the enabled suites (SSLParameters'
      // useCipherSuitesOrder is true for servers since JDK 13) and Undertow offers no option to
      // change it, so false could only be ignored: refuse it rather than accept it silently.
      throw new ConfigException(
          "bad value for configuration key server.tls.prefer_server_cipher_suites: only true is"
              + " supported (the server always picks the first suite of server.tls.cipher_suites"
              + " the client offers; to prefer a suite, list it first)");
    }
    return new ServerConfig.Tls(
        path("server.tls.cert_file"),
        path("server.tls.key_file"),
        path("server.tls.pkcs12_file"),
        str("server.tls.pkcs12_password"),
        path("server.tls.client_ca"),
        clientAuth,
        nonBlank("server.tls.protocols"),
        nonBlank("server.tls.cipher_suites"),
        integer("server.tls.session_cache_size"),
        dur("server.tls.session_timeout"),
        bool("server.tls.session_tickets"),
        bool("server.tls.prefer_server_cipher_suites"),
        dur("server.tls.reload_interval"),
        positive("server.tls.handshake_timeout"),
        origin.explicit().stream().filter(k -> k.startsWith("server.tls.")).sorted().toList());
  }

  private ServerConfig.Security security(ServerConfig.Redis redis) {
    Profile profile;
    try {
      profile = Profile.parse(str("profile"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("bad value for configuration key profile: " + e.getMessage());
    }
    String jwks = str("auth.jwks_url");
    ServerConfig.Auth auth =
        new ServerConfig.Auth(
            bool("auth.enabled"),
            jwks.isEmpty() ? Optional.empty() : Optional.of(uri("auth.jwks_url")),
            path("auth.static_keys_file"),
            str("auth.issuer"),
            nonBlank("auth.audience"),
            dur("auth.clock_skew"),
            nonBlank("auth.algorithms"),
            dur("auth.jwks_cache_ttl"),
            dur("auth.jwks_min_refresh_interval"),
            nonBlank("auth.role_claims"),
            nonBlank("auth.reader_values"),
            nonBlank("auth.subscriber_values"),
            nonBlank("auth.admin_values"),
            nonBlank("auth.certificate_readers"),
            nonBlank("auth.certificate_subscribers"),
            nonBlank("auth.certificate_admins"),
            bool("auth.certificate_bound_tokens"),
            nonBlank("auth.public_paths"),
            nonBlank("auth.admin_paths"),
            range("auth.max_token_bytes", 256, Integer.MAX_VALUE),
            positive("auth.max_token_lifetime"),
            range("auth.failures_per_minute", 1, Integer.MAX_VALUE));
    ServerConfig.RateLimit rateLimit =
        new ServerConfig.RateLimit(
            bool("rate_limit.enabled"),
            bool("rate_limit.shared"),
            integer("rate_limit.read_per_minute"),
            integer("rate_limit.write_per_minute"),
            integer("rate_limit.admin_per_minute"),
            dur("rate_limit.redis_timeout"),
            prefix("rate_limit.redis_prefix"));
    return new ServerConfig.Security(profile, auth, rateLimit);
  }

  private ServerConfig.Subscriptions subscriptions() {
    int duplicateStatus = integer("subscriptions.duplicate_status");
    if (duplicateStatus != 409 && duplicateStatus != 400) {
      throw new ConfigException(
          "bad value for configuration key subscriptions.duplicate_status: expected 409 or 400, got "
              + duplicateStatus);
    }
    return new ServerConfig.Subscriptions(
        duplicateStatus,
        bool("subscriptions.allow_http_callbacks"),
        prefix("subscriptions.redis_prefix"),
        range("subscriptions.max_per_subject", 1, 1_000_000));
  }

  private ServerConfig.Notifications notifications(ServerConfig.Redis redis) {
    ServerConfig.Store store = oneOf("notifications.store", ServerConfig.Store.class);
    if (store == ServerConfig.Store.REDIS && redis.url().isEmpty()) {
      throw new ConfigException(
          "configuration key redis.url is required when notifications.store is redis");
    }
    return new ServerConfig.Notifications(
        bool("notifications.enabled"),
        store,
        integer("notifications.max_attempts"),
        dur("notifications.retry_initial_delay"),
        dur("notifications.retry_max_delay"),
        (Double) v.get("notifications.retry_jitter"),
        dur("notifications.delivery_timeout"),
        integer("notifications.workers"),
        dur("notifications.poll_interval"),
        dur("notifications.lease_ttl"),
        dur("notifications.subscription_refresh"),
        list("notifications.callback_allow_list"),
        bool("notifications.probe_callbacks"),
        callbackAuth(str("notifications.callback_auth")),
        prefix("notifications.redis_prefix"),
        range("notifications.redis_wait_replicas", 0, 100),
        positive("notifications.redis_wait_timeout"));
  }

  private ServerConfig.Redis redis() {
    String url = str("redis.url");
    return new ServerConfig.Redis(
        url.isEmpty() ? Optional.empty() : Optional.of(url),
        bool("redis.cluster"),
        str("redis.key_prefix"),
        dur("redis.lookup_timeout"),
        integer("redis.failure_threshold"),
        dur("redis.retry_after"),
        integer("redis.pool_size"),
        integer("redis.min_idle_conns"),
        dur("redis.dial_timeout"),
        dur("redis.read_timeout"),
        dur("redis.write_timeout"),
        dur("redis.max_conn_age"),
        dur("redis.pool_timeout"),
        dur("redis.idle_timeout"),
        POOL_KEYS.stream().filter(origin.explicit()::contains).toList(),
        origin.explicit().stream()
            .filter(k -> k.startsWith("redis.") && !k.equals("redis.url"))
            .sorted()
            .toList());
  }

  private ServerConfig.Cache cache() {
    List<String> warm = list("cache.warm_resources");
    List<String> known =
        List.of("resource_pools", "resources", "resource_types", "deployment_managers");
    for (String s : warm) {
      if (!known.contains(s)) {
        throw new ConfigException(
            "bad value for configuration key cache.warm_resources: unknown entry "
                + s
                + " (known: "
                + String.join(", ", known)
                + ")");
      }
    }
    return new ServerConfig.Cache(
        bool("cache.enabled"),
        dur("cache.resource_pools_ttl"),
        dur("cache.resources_ttl"),
        dur("cache.resource_types_ttl"),
        dur("cache.deployment_managers_ttl"),
        dur("cache.subscriptions_ttl"),
        dur("cache.ocloud_ttl"),
        range("cache.max_size_mb", 1, MAX_MB),
        bool("cache.warm_on_startup"),
        warm);
  }

  private ServerConfig.Kubernetes kubernetes() {
    Optional<ServerConfig.Connection> connection = Optional.empty();
    if (!str("kubernetes.api_url").isEmpty()) {
      connection =
          Optional.of(
              new ServerConfig.ApiServer(
                  uri("kubernetes.api_url"),
                  path("kubernetes.token_file"),
                  path("kubernetes.ca_file")));
    } else if (!str("kubernetes.kubeconfig").isEmpty()) {
      connection = Optional.of(new ServerConfig.Kubeconfig(Path.of(str("kubernetes.kubeconfig"))));
    }
    ServerConfig.Cluster cluster =
        new ServerConfig.Cluster(
            optional("kubernetes.cluster_name"), connection, optional("kubernetes.o2dms_url"));
    String listed = str("kubernetes.clusters");
    // The single-cluster keys are the list's first element when they name a connection (same ids
    // as before); with a list and no connection of their own they add nothing.
    List<ServerConfig.Cluster> clusters =
        listed.isBlank()
            ? List.of(cluster)
            : ClusterList.parse(
                listed, connection.isPresent() ? Optional.of(cluster) : Optional.empty());
    if (clusters.isEmpty()) {
      clusters = List.of(cluster);
    }
    return new ServerConfig.Kubernetes(
        clusters,
        path("kubernetes.clusters_dir"),
        positive("kubernetes.clusters_dir_rescan"),
        positive("kubernetes.staleness_check"),
        positiveNumber("kubernetes.qps"),
        range("kubernetes.burst", 1, Integer.MAX_VALUE),
        range("kubernetes.cache_size_mb", 1, MAX_MB),
        resyncPeriod(),
        str("kubernetes.field_selector"),
        str("kubernetes.label_selector"),
        str("kubernetes.pool_label"),
        str("kubernetes.default_pool"),
        str("kubernetes.region_label"),
        list("kubernetes.annotations"));
  }

  /**
   * {@code notifications.callback_auth}: a mapping of callback host to {@code hmac_secret}, {@code
   * oauth2} and {@code mtls}, as YAML in the file or JSON in the environment.
   */
  private static Map<String, CallbackAuth> callbackAuth(String text) {
    if (text.isBlank()) {
      return Map.of();
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new ConfigException(
          "bad value for configuration key notifications.callback_auth: not a mapping", e);
    }
    if (!root.isObject()) {
      throw new ConfigException(
          "bad value for configuration key notifications.callback_auth: expected a mapping of"
              + " callback host to settings");
    }
    Map<String, CallbackAuth> byHost = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = "notifications.callback_auth." + e.getKey();
      JsonNode n = e.getValue();
      onlyKnownMembers(n, key, List.of("hmac_secret", "oauth2", "mtls"));
      onlyKnownMembers(
          n.path("oauth2"),
          key + ".oauth2",
          List.of("token_url", "client_id", "client_secret", "scope"));
      onlyKnownMembers(
          n.path("mtls"),
          key + ".mtls",
          List.of("key_store", "key_store_password", "key_store_type"));
      try {
        Optional<CallbackAuth.OAuth2> oauth2 =
            n.has("oauth2")
                ? Optional.of(
                    new CallbackAuth.OAuth2(
                        URI.create(required(n.get("oauth2"), "token_url", key + ".oauth2")),
                        required(n.get("oauth2"), "client_id", key + ".oauth2"),
                        required(n.get("oauth2"), "client_secret", key + ".oauth2"),
                        Optional.ofNullable(n.get("oauth2").get("scope")).map(JsonNode::asText)))
                : Optional.empty();
        Optional<CallbackAuth.Mtls> mtls =
            n.has("mtls")
                ? Optional.of(
                    new CallbackAuth.Mtls(
                        Path.of(required(n.get("mtls"), "key_store", key + ".mtls")),
                        required(n.get("mtls"), "key_store_password", key + ".mtls"),
                        n.get("mtls").path("key_store_type").asText("PKCS12")))
                : Optional.empty();
        byHost.put(
            e.getKey().toLowerCase(Locale.ROOT),
            new CallbackAuth(
                Optional.ofNullable(n.get("hmac_secret")).map(JsonNode::asText), oauth2, mtls));
      } catch (ConfigException ex) {
        throw ex;
      } catch (IllegalArgumentException ex) {
        throw new ConfigException("bad notifications configuration: " + ex.getMessage(), ex);
      }
    }
    return byHost;
  }

  /** Refuses a member that is not one of {@code known} (an operator's typo must not pass). */
  private static void onlyKnownMembers(JsonNode node, String key, List<String> known) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new ConfigException("unknown configuration key " + key + "." + name);
      }
    }
  }

  private static String required(JsonNode node, String name, String key) {
    JsonNode value = node.get(name);
    if (value == null || value.asText().isBlank()) {
      throw new ConfigException("configuration key " + key + "." + name + " is required");
    }
    return value.asText();
  }

  private String str(String key) {
    return String.valueOf(v.get(key)).strip();
  }

  private Optional<String> optional(String key) {
    String s = str(key);
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  private Optional<Path> path(String key) {
    return optional(key).map(Path::of);
  }

  private URI uri(String key) {
    try {
      return URI.create(str(key));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("bad value for configuration key " + key + ": " + e.getMessage());
    }
  }

  private String prefix(String key) {
    String s = str(key);
    if (s.isEmpty()) {
      throw new ConfigException("bad value for configuration key " + key + ": empty");
    }
    return s;
  }

  private boolean bool(String key) {
    return (Boolean) v.get(key);
  }

  private int integer(String key) {
    return (Integer) v.get(key);
  }

  private Duration dur(String key) {
    return (Duration) v.get(key);
  }

  @SuppressWarnings("unchecked")
  private List<String> list(String key) {
    return (List<String>) v.get(key);
  }

  /** A list value without blank entries (the security and TLS lists have always skipped them). */
  private List<String> nonBlank(String key) {
    return list(key).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private Optional<UUID> uuid(String key) {
    return optional(key).map(UUID::fromString);
  }

  private <E extends Enum<E>> E oneOf(String key, Class<E> type) {
    String text = str(key);
    try {
      return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> names =
          java.util.Arrays.stream(type.getEnumConstants())
              .map(c -> c.name().toLowerCase(Locale.ROOT))
              .toList();
      String expected =
          String.join(", ", names.subList(0, names.size() - 1))
              + " or "
              + names.get(names.size() - 1);
      throw new ConfigException(
          "bad value for configuration key " + key + ": expected " + expected + ", got " + text);
    }
  }

  /** A number above zero ({@code kubernetes.qps}). */
  private double positiveNumber(String key) {
    double value = (Double) v.get(key);
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new ConfigException(
          "bad value for configuration key " + key + ": expected a number above 0, got " + value);
    }
    return value;
  }

  private int range(String key, int min, int max) {
    int value = integer(key);
    if (value < min || value > max) {
      throw new ConfigException(
          "bad value for configuration key "
              + key
              + ": expected "
              + min
              + ".."
              + max
              + ", got "
              + value);
    }
    return value;
  }

  private long positiveLong(String key) {
    long value = (Long) v.get(key);
    if (value < 1) {
      throw new ConfigException(
          "bad value for configuration key " + key + ": must be positive, got " + value);
    }
    return value;
  }
}
