package io.netweave.o2ims.server.internal.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key the gateway accepts, with its type and default. The keys of the
 * performance guide keep that guide's names and defaults; docs/configuration.md documents each row.
 */
final class ConfigKeys {
  /** One key: its type and its default, already in typed form. */
  record Spec(KeyType type, Object defaultValue) {}

  private final Map<String, Spec> specs;

  ConfigKeys() {
    Map<String, Spec> m = new LinkedHashMap<>();
    m.put("backend", spec(KeyType.STRING, "auto"));

    m.put("server.host", spec(KeyType.STRING, "127.0.0.1"));
    m.put("server.port", spec(KeyType.INT, "8080"));
    m.put("server.read_timeout", spec(KeyType.DURATION, "30s"));
    m.put("server.write_timeout", spec(KeyType.DURATION, "30s"));
    m.put("server.idle_timeout", spec(KeyType.DURATION, "120s"));
    m.put("server.max_header_bytes", spec(KeyType.INT, "1048576"));
    m.put("server.keep_alive", spec(KeyType.BOOLEAN, "true"));
    m.put("server.max_concurrent_streams", spec(KeyType.INT, "250"));
    m.put(
        "server.tls.cipher_suites",
        new Spec(
            KeyType.STRING_LIST,
            io.netweave.o2ims.server.internal.tls.TlsSettings.DEFAULT_CIPHER_SUITES));
    m.put("server.tls.session_cache_size", spec(KeyType.INT, "10000"));
    m.put("server.tls.session_tickets", spec(KeyType.BOOLEAN, "true"));
    m.put("server.tls.prefer_server_cipher_suites", spec(KeyType.BOOLEAN, "true"));
    m.put("server.max_body_bytes", spec(KeyType.LONG, "1048576"));
    // Graceful shutdown on SIGTERM (docs/configuration.md, "Shutdown").
    m.put("server.shutdown_drain_delay", spec(KeyType.DURATION, "5s"));
    m.put("server.shutdown_timeout", spec(KeyType.DURATION, "20s"));
    // Security (docs/security.md): profile, TLS files, admission limits, auth, rate limits.
    m.put("profile", spec(KeyType.STRING, "demo"));
    m.put("server.tls.cert_file", spec(KeyType.STRING, ""));
    m.put("server.tls.key_file", spec(KeyType.STRING, ""));
    m.put("server.tls.pkcs12_file", spec(KeyType.STRING, ""));
    m.put("server.tls.pkcs12_password", spec(KeyType.STRING, ""));
    m.put("server.tls.client_ca", spec(KeyType.STRING, ""));
    m.put("server.tls.client_auth", spec(KeyType.STRING, "auto"));
    m.put("server.tls.protocols", new Spec(KeyType.STRING_LIST, List.of("TLSv1.3", "TLSv1.2")));
    m.put("server.tls.session_timeout", spec(KeyType.DURATION, "1h"));
    m.put("server.tls.reload_interval", spec(KeyType.DURATION, "10s"));
    m.put("server.trusted_proxies", new Spec(KeyType.STRING_LIST, List.of()));
    m.put("server.max_concurrent_requests", spec(KeyType.INT, "2000"));
    m.put("server.max_query_bytes", spec(KeyType.INT, "16384"));
    // Hardening (docs/security.md, issue 15).
    m.put("server.max_query_parameters", spec(KeyType.INT, "100"));
    m.put("server.log_format", spec(KeyType.STRING, "text"));
    m.put("server.tls.handshake_timeout", spec(KeyType.DURATION, "10s"));
    m.put("server.http2.max_resets_per_window", spec(KeyType.INT, "100"));
    m.put("server.http2.reset_window", spec(KeyType.DURATION, "30s"));
    m.put("server.allowed_hosts", new Spec(KeyType.STRING_LIST, List.of()));
    m.put("auth.max_token_bytes", spec(KeyType.INT, "16384"));
    m.put("auth.max_token_lifetime", spec(KeyType.DURATION, "24h"));
    m.put("auth.failures_per_minute", spec(KeyType.INT, "60"));
    m.put("subscriptions.max_per_subject", spec(KeyType.INT, "100"));
    m.put("auth.enabled", spec(KeyType.BOOLEAN, "false"));
    m.put("auth.jwks_url", spec(KeyType.STRING, ""));
    m.put("auth.static_keys_file", spec(KeyType.STRING, ""));
    m.put("auth.issuer", spec(KeyType.STRING, ""));
    m.put("auth.audience", new Spec(KeyType.STRING_LIST, List.of()));
    m.put("auth.clock_skew", spec(KeyType.DURATION, "60s"));
    m.put(
        "auth.algorithms",
        new Spec(
            KeyType.STRING_LIST,
            List.of(
                "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")));
    m.put("auth.jwks_cache_ttl", spec(KeyType.DURATION, "5m"));
    m.put("auth.jwks_min_refresh_interval", spec(KeyType.DURATION, "30s"));
    m.put("auth.role_claims", new Spec(KeyType.STRING_LIST, List.of()));
    m.put("auth.reader_values", new Spec(KeyType.STRING_LIST, List.of("role:o2ims-reader")));
    m.put(
        "auth.subscriber_values", new Spec(KeyType.STRING_LIST, List.of("role:o2ims-subscriber")));
    m.put("auth.admin_values", new Spec(KeyType.STRING_LIST, List.of("role:o2ims-admin")));
    m.put("auth.certificate_readers", new Spec(KeyType.STRING_LIST, List.of()));
    m.put("auth.certificate_subscribers", new Spec(KeyType.STRING_LIST, List.of()));
    m.put("auth.certificate_admins", new Spec(KeyType.STRING_LIST, List.of()));
    m.put("auth.certificate_bound_tokens", spec(KeyType.BOOLEAN, "false"));
    m.put(
        "auth.public_paths",
        new Spec(KeyType.STRING_LIST, List.of("/healthz", "/readyz", "/livez")));
    m.put("auth.admin_paths", new Spec(KeyType.STRING_LIST, List.of("/admin", "/metrics")));
    m.put("rate_limit.enabled", spec(KeyType.BOOLEAN, "false"));
    m.put("rate_limit.shared", spec(KeyType.BOOLEAN, "false"));
    m.put("rate_limit.read_per_minute", spec(KeyType.INT, "1200"));
    m.put("rate_limit.write_per_minute", spec(KeyType.INT, "120"));
    m.put("rate_limit.admin_per_minute", spec(KeyType.INT, "60"));
    m.put("rate_limit.redis_timeout", spec(KeyType.DURATION, "500ms"));
    m.put("rate_limit.redis_prefix", spec(KeyType.STRING, "netweave:ratelimit:"));
    m.put("server.page_size", spec(KeyType.INT, "1000"));
    m.put("server.access_log", spec(KeyType.BOOLEAN, "true"));
    m.put("server.compression.enabled", spec(KeyType.BOOLEAN, "true"));
    m.put("server.compression.min_bytes", spec(KeyType.INT, "1024"));
    // Open connections: the listener's total, and one client's share (docs/security.md).
    m.put("server.max_connections", spec(KeyType.INT, "10000"));
    m.put("server.max_connections_per_client", spec(KeyType.INT, "1000"));
    m.put("server.page_marker_secret", spec(KeyType.STRING, ""));
    m.put(
        "server.filter_columns",
        new Spec(
            KeyType.STRING_LIST,
            List.of(
                "extensions/nodeName",
                "extensions/ready",
                "extensions/labels/topology.kubernetes.io~1zone")));

    m.put("storage.data_dir", spec(KeyType.STRING, "netweave-data"));

    m.put("subscriptions.duplicate_status", spec(KeyType.INT, "409"));
    m.put("subscriptions.allow_http_callbacks", spec(KeyType.BOOLEAN, "true"));
    m.put("subscriptions.redis_prefix", spec(KeyType.STRING, "netweave:"));

    m.put("notifications.enabled", spec(KeyType.BOOLEAN, "true"));
    m.put("notifications.store", spec(KeyType.STRING, "embedded"));
    m.put("notifications.max_attempts", spec(KeyType.INT, "10"));
    m.put("notifications.retry_initial_delay", spec(KeyType.DURATION, "1s"));
    m.put("notifications.retry_max_delay", spec(KeyType.DURATION, "5m"));
    m.put("notifications.retry_jitter", spec(KeyType.DOUBLE, "0.2"));
    m.put("notifications.delivery_timeout", spec(KeyType.DURATION, "10s"));
    m.put("notifications.workers", spec(KeyType.INT, "64"));
    m.put("notifications.poll_interval", spec(KeyType.DURATION, "250ms"));
    m.put("notifications.lease_ttl", spec(KeyType.DURATION, "15s"));
    m.put("notifications.subscription_refresh", spec(KeyType.DURATION, "1s"));
    m.put(
        "notifications.callback_allow_list",
        new Spec(KeyType.STRING_LIST, List.of("127.0.0.0/8", "::1", "localhost")));
    m.put("notifications.probe_callbacks", spec(KeyType.BOOLEAN, "false"));
    m.put("notifications.callback_auth", spec(KeyType.STRING, ""));
    m.put("notifications.redis_prefix", spec(KeyType.STRING, "netweave:notify:"));
    m.put("notifications.redis_wait_replicas", spec(KeyType.INT, "0"));
    m.put("notifications.redis_wait_timeout", spec(KeyType.DURATION, "1s"));

    // Monitoring (docs/configuration.md "alarms"): one block per node alarm.
    m.put("alarms.enabled", spec(KeyType.BOOLEAN, "true"));
    m.put("alarms.evaluation_interval", spec(KeyType.DURATION, "1s"));
    m.put("alarms.retention_sweep_interval", spec(KeyType.DURATION, "1h"));
    m.put("alarms.repeat_acknowledge_status", spec(KeyType.INT, "200"));
    m.put("alarms.subscription_filter_mode", spec(KeyType.STRING, "selection"));
    for (io.netweave.o2ims.model.NodeAlarm a : io.netweave.o2ims.model.NodeAlarm.values()) {
      String base = "alarms." + a.configName() + ".";
      m.put(base + "enabled", spec(KeyType.BOOLEAN, Boolean.toString(a.enabledByDefault())));
      m.put(base + "severity", spec(KeyType.STRING, a.defaultSeverity().name()));
      m.put(base + "debounce", spec(KeyType.DURATION, a.defaultDebounce().toSeconds() + "s"));
    }

    m.put("ocloud.id", spec(KeyType.OPTIONAL_UUID, ""));
    m.put("ocloud.global_cloud_id", spec(KeyType.OPTIONAL_UUID, ""));
    // Empty: the backend's default (ServerConfig.OCloud: netweave-demo, or netweave for
    // Kubernetes).
    m.put("ocloud.name", spec(KeyType.STRING, ""));
    m.put("ocloud.service_uri", spec(KeyType.STRING, ""));

    m.put("demo.resource_pools", spec(KeyType.INT, "3"));
    m.put("demo.resources", spec(KeyType.INT, "50"));
    m.put("demo.resource_types", spec(KeyType.INT, "4"));

    m.put("redis.url", spec(KeyType.STRING, ""));
    m.put("redis.cluster", spec(KeyType.BOOLEAN, "false"));
    m.put("redis.key_prefix", spec(KeyType.STRING, "netweave:cache:"));
    m.put("redis.lookup_timeout", spec(KeyType.DURATION, "100ms"));
    m.put("redis.failure_threshold", spec(KeyType.INT, "5"));
    m.put("redis.retry_after", spec(KeyType.DURATION, "5s"));
    m.put("redis.pool_size", spec(KeyType.INT, "100"));
    m.put("redis.min_idle_conns", spec(KeyType.INT, "10"));
    m.put("redis.dial_timeout", spec(KeyType.DURATION, "5s"));
    m.put("redis.read_timeout", spec(KeyType.DURATION, "3s"));
    m.put("redis.write_timeout", spec(KeyType.DURATION, "3s"));
    m.put("redis.max_conn_age", spec(KeyType.DURATION, "0"));
    m.put("redis.pool_timeout", spec(KeyType.DURATION, "4s"));
    m.put("redis.idle_timeout", spec(KeyType.DURATION, "5m"));

    m.put("kubernetes.kubeconfig", spec(KeyType.STRING, ""));
    m.put("kubernetes.qps", spec(KeyType.DOUBLE, "50.0"));
    m.put("kubernetes.burst", spec(KeyType.INT, "100"));
    m.put("kubernetes.cache_size_mb", spec(KeyType.INT, "256"));
    m.put("kubernetes.resync_period", spec(KeyType.DURATION, "10m"));
    m.put("kubernetes.field_selector", spec(KeyType.STRING, ""));
    m.put("kubernetes.label_selector", spec(KeyType.STRING, ""));
    m.put("kubernetes.api_url", spec(KeyType.STRING, ""));
    m.put("kubernetes.token_file", spec(KeyType.STRING, ""));
    m.put("kubernetes.ca_file", spec(KeyType.STRING, ""));
    m.put("kubernetes.pool_label", spec(KeyType.STRING, "topology.kubernetes.io/zone"));
    m.put("kubernetes.default_pool", spec(KeyType.STRING, "default"));
    m.put("kubernetes.region_label", spec(KeyType.STRING, "topology.kubernetes.io/region"));
    m.put("kubernetes.annotations", new Spec(KeyType.STRING_LIST, List.of()));
    m.put("kubernetes.cluster_name", spec(KeyType.STRING, "kubernetes"));
    m.put("kubernetes.o2dms_url", spec(KeyType.STRING, ""));
    m.put("kubernetes.clusters", spec(KeyType.STRING, ""));
    m.put("kubernetes.clusters_dir", spec(KeyType.STRING, ""));
    m.put("kubernetes.clusters_dir_rescan", spec(KeyType.DURATION, "30s"));
    m.put("kubernetes.staleness_check", spec(KeyType.DURATION, "1s"));

    m.put("cache.enabled", spec(KeyType.BOOLEAN, "true"));
    m.put("cache.resource_pools_ttl", spec(KeyType.DURATION, "5m"));
    m.put("cache.resources_ttl", spec(KeyType.DURATION, "1m"));
    m.put("cache.resource_types_ttl", spec(KeyType.DURATION, "30m"));
    m.put("cache.deployment_managers_ttl", spec(KeyType.DURATION, "10m"));
    m.put("cache.subscriptions_ttl", spec(KeyType.DURATION, "30s"));
    m.put("cache.ocloud_ttl", spec(KeyType.DURATION, "10m"));
    m.put("cache.max_size_mb", spec(KeyType.INT, "256"));
    m.put("cache.warm_on_startup", spec(KeyType.BOOLEAN, "false"));
    m.put(
        "cache.warm_resources",
        new Spec(
            KeyType.STRING_LIST,
            List.of("resource_pools", "resource_types", "deployment_managers")));
    this.specs = Collections.unmodifiableMap(m);
  }

  private static Spec spec(KeyType type, String defaultText) {
    return new Spec(type, type.read(defaultText));
  }

  Map<String, Spec> all() {
    return specs;
  }

  /**
   * Defaults that differ under {@code profile: production}: the listener is on every interface (the
   * demo profile, without authentication, only on loopback), and callbacks must be https and may
   * not target loopback or private addresses unless the operator says so explicitly.
   */
  Map<String, Object> productionDefaults() {
    return Map.of(
        "server.host",
        "0.0.0.0",
        "subscriptions.allow_http_callbacks",
        false,
        "notifications.callback_allow_list",
        List.of());
  }

  /** The environment variable that overrides a key: NETWEAVE_ + upper snake path. */
  static String environmentName(String key) {
    return "NETWEAVE_" + key.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
  }
}
