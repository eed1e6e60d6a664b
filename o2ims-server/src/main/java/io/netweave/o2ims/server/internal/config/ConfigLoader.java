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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
    return load(file, flags, Set.of());
  }

  private ServerConfig load(
      Optional<Path> file, Map<String, String> flags, Set<String> explicitBefore) {
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
    Set<String> explicit = new LinkedHashSet<>(explicitBefore);
    explicit.addAll(raw.keySet());
    return Sections.build(new ServerConfig.Origin(values, explicit));
  }

  private static JsonNode readYaml(Path file) {
    try {
      // A key written twice (two `server:` blocks, as pasting two of the guide's snippets gives)
      // would otherwise keep only the last block and drop the first one's keys without a word.
      ObjectMapper yaml =
          new ObjectMapper(new YAMLFactory())
              .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
      JsonNode node = yaml.readTree(Files.readAllBytes(file));
      if (node == null || node.isMissingNode() || node.isNull()) {
        return new ObjectMapper().createObjectNode();
      }
      if (!node.isObject()) {
        throw new ConfigException("configuration file " + file + " must hold a YAML mapping");
      }
      return node;
    } catch (com.fasterxml.jackson.core.exc.StreamReadException e) {
      String duplicate = duplicateKey(e);
      if (duplicate != null) {
        throw new ConfigException(
            "configuration key "
                + duplicate
                + " appears twice in "
                + file
                + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : "")
                + ": merge the two blocks into one, YAML would keep only the last",
            e);
      }
      throw new ConfigException(
          "cannot read configuration file " + file + ": " + e.getMessage(), e);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ConfigException("cannot read configuration file " + file + ": no such file", e);
    } catch (java.nio.file.AccessDeniedException e) {
      throw new ConfigException(
          "cannot read configuration file " + file + ": permission denied", e);
    } catch (IOException e) {
      // The JDK's file exceptions name only the path, already said; their class says what failed.
      String reason =
          e instanceof java.nio.file.FileSystemException f && f.getReason() != null
              ? f.getReason()
              : e.getMessage();
      throw new ConfigException("cannot read configuration file " + file + ": " + reason, e);
    }
  }

  /** The dotted path of the key a duplicate-key parse error names, or null for other errors. */
  private static String duplicateKey(com.fasterxml.jackson.core.exc.StreamReadException e) {
    if (e.getOriginalMessage() == null
        || !e.getOriginalMessage().startsWith("Duplicate field")
        || e.getProcessor() == null) {
      return null;
    }
    com.fasterxml.jackson.core.JsonParser parser = e.getProcessor();
    List<String> names = new ArrayList<>();
    for (com.fasterxml.jackson.core.JsonStreamContext c = parser.getParsingContext();
        c != null;
        c = c.getParent()) {
      if (c.getCurrentName() != null) {
        names.add(0, c.getCurrentName());
      }
    }
    return names.isEmpty() ? null : String.join(".", names);
  }

  private void flatten(JsonNode node, String prefix, Map<String, Object> out, Path file) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      JsonNode value = e.getValue();
      ConfigKeys.Spec spec = keys.all().get(key);
      if (value.isObject() && spec == null) {
        flatten(value, key, out, file);
      } else if ((value.isArray() || value.isObject())
          && spec != null
          && spec.type() == KeyType.STRING) {
        // A structured value of a text key (kubernetes.clusters, notifications.callback_auth):
        // kept as JSON, the form the same key takes in an environment variable.
        out.put(key, value.toString());
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

  /** {@link ServerConfig#with}: the effective values of {@code origin} with {@code overrides}. */
  static ServerConfig reload(ServerConfig.Origin origin, Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>();
    origin
        .values()
        .forEach(
            (k, v) ->
                merged.put(
                    k,
                    v instanceof List<?> l
                        ? String.join(",", l.stream().map(String::valueOf).toList())
                        : v instanceof Duration d ? d.toMillis() + "ms" : String.valueOf(v)));
    merged.putAll(overrides);
    Set<String> explicit = new LinkedHashSet<>(origin.explicit());
    explicit.addAll(overrides.keySet());
    return new ConfigLoader(Map.of()).load(Optional.empty(), merged, explicit);
  }
}
