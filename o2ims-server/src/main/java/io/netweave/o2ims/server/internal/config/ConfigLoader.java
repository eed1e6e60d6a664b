package io.netweave.o2ims.server.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads the configuration: defaults, then the YAML file, then {@code NETWEAVE_*} environment
 * variables, then command-line flags (later wins). Unknown keys (in the file or as {@code
 * NETWEAVE_*} variables) and values of the wrong type throw {@link ConfigException} naming the key.
 * Stateless apart from the environment it was given; thread-safe.
 */
public final class ConfigLoader {
  private final ConfigKeys keys = new ConfigKeys();
  private final Map<String, String> environment;

  /**
   * @param environment the process environment (tests pass their own map)
   */
  public ConfigLoader(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /**
   * Loads and validates.
   *
   * @param file the YAML file, if any
   * @param flags command-line values by key (e.g. {@code server.port}), applied last
   * @throws ConfigException on an unreadable file, an unknown key or a bad value
   */
  public ServerConfig load(Optional<Path> file, Map<String, String> flags) {
    Map<String, Object> raw = new LinkedHashMap<>();
    file.ifPresent(f -> flatten(readYaml(f), "", raw, f));
    Map<String, String> envKeys = new LinkedHashMap<>();
    for (String key : keys.all().keySet()) {
      envKeys.put(ConfigKeys.environmentName(key), key);
    }
    for (Map.Entry<String, String> e : environment.entrySet()) {
      if (e.getKey().startsWith("NETWEAVE_")) {
        String key = envKeys.get(e.getKey());
        if (key == null) {
          throw new ConfigException(
              "unknown configuration key in environment variable " + e.getKey());
        }
        raw.put(key, e.getValue());
      }
    }
    raw.putAll(flags);
    Map<String, Object> values = new LinkedHashMap<>();
    keys.all().forEach((k, spec) -> values.put(k, spec.defaultValue()));
    if ("production".equalsIgnoreCase(String.valueOf(raw.getOrDefault("profile", "")).trim())) {
      values.putAll(keys.productionDefaults());
    }
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      ConfigKeys.Spec spec = keys.all().get(e.getKey());
      if (spec == null) {
        throw new ConfigException("unknown configuration key " + e.getKey());
      }
      try {
        values.put(e.getKey(), spec.type().read(e.getValue()));
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(
            "bad value for configuration key " + e.getKey() + ": " + ex.getMessage(), ex);
      }
    }
    return build(values);
  }

  private static JsonNode readYaml(Path file) {
    try {
      JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
      if (node == null || node.isMissingNode() || node.isNull()) {
        return new ObjectMapper().createObjectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException("configuration file " + file + " must hold a YAML mapping");
      }
      return node;
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read configuration file " + file + ": " + e.getMessage(), e);
    }
  }

  private void flatten(JsonNode node, String prefix, Map<String, Object> out, Path file) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      JsonNode value = e.getValue();
      if (value.isObject() && !keys.all().containsKey(key)) {
        flatten(value, key, out, file);
      } else if (value.isArray()) {
        List<Object> items = new ArrayList<>();
        value.forEach(v -> items.add(v.isValueNode() ? v.asText() : v));
        out.put(key, items);
      } else if (value.isNull()) {
        out.put(key, "");
      } else {
        out.put(key, value.isValueNode() ? value.asText() : value);
      }
    }
  }

  private static ServerConfig build(Map<String, Object> v) {
    ServerConfig.Backend backend;
    try {
      backend = ServerConfig.Backend.valueOf(str(v, "backend").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "bad value for configuration key backend: expected auto, demo or kubernetes, got "
              + str(v, "backend"));
    }
    int port = positive(v, "server.port", 0, 65535);
    int duplicateStatus = (Integer) v.get("subscriptions.duplicate_status");
    if (duplicateStatus != 409 && duplicateStatus != 400) {
      throw new ConfigException(
          "bad value for configuration key subscriptions.duplicate_status: expected 409 or 400, got "
              + duplicateStatus);
    }
    ServerConfig.Http http =
        new ServerConfig.Http(
            str(v, "server.host"),
            port,
            dur(v, "server.read_timeout"),
            dur(v, "server.write_timeout"),
            dur(v, "server.idle_timeout"),
            positive(v, "server.max_header_bytes", 1024, Integer.MAX_VALUE),
            (Boolean) v.get("server.keep_alive"),
            positive(v, "server.max_concurrent_streams", 1, Integer.MAX_VALUE),
            positiveLong(v, "server.max_body_bytes"),
            positive(v, "server.page_size", 1, 100_000),
            str(v, "server.page_marker_secret"),
            positiveDuration(v, "server.tls.handshake_timeout"),
            positive(v, "server.http2.max_resets_per_window", 1, Integer.MAX_VALUE),
            positiveDuration(v, "server.http2.reset_window"),
            positive(v, "server.max_query_parameters", 1, 100_000),
            logFormat(v),
            stringList(v, "server.allowed_hosts"));
    String dataDir = str(v, "storage.data_dir");
    if (dataDir.isBlank()) {
      throw new ConfigException("bad value for configuration key storage.data_dir: empty");
    }
    return new ServerConfig(
        backend,
        http,
        Path.of(dataDir),
        new ServerConfig.Subscriptions(
            duplicateStatus,
            (Boolean) v.get("subscriptions.allow_http_callbacks"),
            positive(v, "subscriptions.max_per_subject", 1, 1_000_000)),
        new ServerConfig.OCloud(
            uuid(v, "ocloud.id"), uuid(v, "ocloud.global_cloud_id"), str(v, "ocloud.name")),
        new ServerConfig.Demo(
            positive(v, "demo.resource_pools", 1, 1000),
            positive(v, "demo.resources", 0, 1_000_000),
            positive(v, "demo.resource_types", 1, 1000)),
        new ServerConfig.Cache(
            (Boolean) v.get("cache.enabled"),
            dur(v, "cache.resource_pools_ttl"),
            dur(v, "cache.resources_ttl"),
            dur(v, "cache.resource_types_ttl"),
            dur(v, "cache.deployment_managers_ttl"),
            dur(v, "cache.subscriptions_ttl"),
            (Boolean) v.get("cache.warm_on_startup"),
            warmResources(v)),
        v);
  }

  private static Duration positiveDuration(Map<String, Object> v, String key) {
    Duration d = dur(v, key);
    if (d.isNegative() || d.isZero()) {
      throw new ConfigException("bad value for configuration key " + key + ": must be positive");
    }
    return d;
  }

  private static String logFormat(Map<String, Object> v) {
    String format = str(v, "server.log_format").strip().toLowerCase(Locale.ROOT);
    if (!format.equals("text") && !format.equals("json")) {
      throw new ConfigException(
          "bad value for configuration key server.log_format: expected text or json, got "
              + format);
    }
    return format;
  }

  private static List<String> stringList(Map<String, Object> v, String key) {
    Object value = v.get(key);
    return value instanceof List<?> l
        ? l.stream().map(String::valueOf).map(String::strip).filter(x -> !x.isEmpty()).toList()
        : List.of();
  }

  private static List<String> warmResources(Map<String, Object> v) {
    @SuppressWarnings("unchecked")
    List<String> list = (List<String>) v.get("cache.warm_resources");
    List<String> known =
        List.of("resource_pools", "resources", "resource_types", "deployment_managers");
    for (String s : list) {
      if (!known.contains(s)) {
        throw new ConfigException(
            "bad value for configuration key cache.warm_resources: unknown entry "
                + s
                + " (known: "
                + String.join(", ", known)
                + ")");
      }
    }
    return list;
  }

  private static String str(Map<String, Object> v, String key) {
    return (String) v.get(key);
  }

  private static Duration dur(Map<String, Object> v, String key) {
    return (Duration) v.get(key);
  }

  private static Optional<UUID> uuid(Map<String, Object> v, String key) {
    String s = str(v, key);
    return s.isEmpty() ? Optional.empty() : Optional.of(UUID.fromString(s));
  }

  private static int positive(Map<String, Object> v, String key, int min, int max) {
    int value = (Integer) v.get(key);
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

  private static long positiveLong(Map<String, Object> v, String key) {
    long value = (Long) v.get(key);
    if (value < 1) {
      throw new ConfigException("bad value for configuration key " + key + ": must be positive");
    }
    return value;
  }
}
