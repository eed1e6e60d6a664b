package io.netweave.o2ims.server.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.SiteDetails;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code kubernetes.clusters}: a list (YAML in the file, JSON in the environment) of
 * clusters, each {@code name} plus either {@code kubeconfig} (and optional {@code context}) or
 * {@code api_url} (with optional {@code token_file}, {@code ca_file}); optional {@code o2dms_url},
 * {@code pool_label}, {@code qps}, {@code burst} and {@code site} ({@code name}, {@code
 * global_location_id}, {@code address}, {@code coordinate} as a GeoJSON Point, {@code
 * civic_address} as a list of {@code ca_type}/{@code ca_value}). Every error names the key.
 * Stateless.
 */
final class ClusterList {
  private static final String KEY = "kubernetes.clusters";
  private static final Set<String> MEMBERS =
      Set.of(
          "name",
          "kubeconfig",
          "context",
          "api_url",
          "token_file",
          "ca_file",
          "o2dms_url",
          "pool_label",
          "site",
          "qps",
          "burst");
  private static final Set<String> SITE_MEMBERS =
      Set.of("name", "global_location_id", "address", "coordinate", "civic_address");

  private ClusterList() {}

  /**
   * The configured clusters, after {@code first} (the single-cluster keys' cluster, when they name
   * a connection).
   *
   * @throws ConfigException naming the offending key
   */
  static List<ServerConfig.Cluster> parse(String text, Optional<ServerConfig.Cluster> first) {
    List<ServerConfig.Cluster> out = new ArrayList<>();
    first.ifPresent(out::add);
    if (text.isBlank()) {
      return out;
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new ConfigException("bad value for configuration key " + KEY + ": not a list", e);
    }
    if (!root.isArray()) {
      throw new ConfigException(
          "bad value for configuration key " + KEY + ": expected a list of clusters");
    }
    Set<String> names = new HashSet<>();
    first.flatMap(ServerConfig.Cluster::name).ifPresent(names::add);
    int i = 0;
    for (JsonNode n : root) {
      String at = KEY + "[" + i++ + "]";
      if (!n.isObject()) {
        throw new ConfigException("bad value for configuration key " + at + ": not a mapping");
      }
      unknown(n, MEMBERS, at);
      String name = text(n, "name", at).orElseThrow(() -> missing(at + ".name"));
      if (!names.add(name)) {
        throw new ConfigException(
            "bad value for configuration key " + at + ".name: cluster " + name + " twice");
      }
      Optional<String> kubeconfig = text(n, "kubeconfig", at);
      Optional<String> api = text(n, "api_url", at);
      ServerConfig.Connection connection;
      if (kubeconfig.isPresent() == api.isPresent()) {
        throw new ConfigException(
            "bad value for configuration key " + at + ": give kubeconfig or api_url, not both");
      } else if (kubeconfig.isPresent()) {
        Optional<String> context = text(n, "context", at);
        connection =
            context.isPresent()
                ? new ServerConfig.KubeconfigContext(Path.of(kubeconfig.get()), context.get())
                : new ServerConfig.Kubeconfig(Path.of(kubeconfig.get()));
      } else {
        try {
          connection =
              new ServerConfig.ApiServer(
                  new URI(api.get()),
                  text(n, "token_file", at).map(Path::of),
                  text(n, "ca_file", at).map(Path::of));
        } catch (URISyntaxException e) {
          throw new ConfigException(
              "bad value for configuration key " + at + ".api_url: not a URI", e);
        }
      }
      out.add(
          new ServerConfig.Cluster(
              Optional.of(name),
              Optional.of(connection),
              text(n, "o2dms_url", at),
              text(n, "pool_label", at),
              site(n.get("site"), at + ".site"),
              qps(n.get("qps"), at + ".qps"),
              burst(n.get("burst"), at + ".burst")));
    }
    return out;
  }

  private static Optional<Double> qps(JsonNode n, String at) {
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    double qps = n.isNumber() ? n.asDouble() : parseNumber(n.asText(), at);
    if (!(qps > 0) || Double.isInfinite(qps)) {
      throw new ConfigException(
          "bad value for configuration key " + at + ": expected a positive number, got " + n);
    }
    return Optional.of(qps);
  }

  private static Optional<Integer> burst(JsonNode n, String at) {
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    double burst = n.isNumber() ? n.asDouble() : parseNumber(n.asText(), at);
    if (burst < 1 || burst > Integer.MAX_VALUE || burst != Math.rint(burst)) {
      throw new ConfigException(
          "bad value for configuration key " + at + ": expected a positive integer, got " + n);
    }
    return Optional.of((int) burst);
  }

  private static double parseNumber(String text, String at) {
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(
          "bad value for configuration key " + at + ": expected a number, got " + text, e);
    }
  }

  private static SiteDetails site(JsonNode n, String at) {
    if (n == null || n.isNull()) {
      return SiteDetails.none();
    }
    if (!n.isObject()) {
      throw new ConfigException("bad value for configuration key " + at + ": not a mapping");
    }
    unknown(n, SITE_MEMBERS, at);
    ObjectMapper mapper = new ObjectMapper();
    Optional<Map<String, Object>> coordinate = Optional.empty();
    JsonNode c = n.get("coordinate");
    if (c != null) {
      if (!c.isObject()
          || !"Point".equals(c.path("type").asText())
          || !c.path("coordinates").isArray()
          || c.path("coordinates").size() < 2
          || c.path("coordinates").size() > 3) {
        throw new ConfigException(
            "bad value for configuration key "
                + at
                + ".coordinate: expected a GeoJSON Point {type: Point, coordinates: [lon, lat]}");
      }
      for (JsonNode position : c.path("coordinates")) {
        // served as the location's coordinate, whose positions the references type as numbers
        if (!position.isNumber()) {
          throw new ConfigException(
              "bad value for configuration key "
                  + at
                  + ".coordinate: coordinates must be numbers [lon, lat] or [lon, lat, alt], got "
                  + position);
        }
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = mapper.convertValue(c, Map.class);
      coordinate = Optional.of(m);
    }
    Optional<List<Map<String, Object>>> civic = Optional.empty();
    JsonNode ca = n.get("civic_address");
    if (ca != null) {
      if (!ca.isArray()) {
        throw new ConfigException(
            "bad value for configuration key " + at + ".civic_address: expected a list");
      }
      List<Map<String, Object>> elements = new ArrayList<>();
      for (JsonNode e : ca) {
        if (!e.path("ca_type").canConvertToInt() || !e.path("ca_value").isTextual()) {
          throw new ConfigException(
              "bad value for configuration key "
                  + at
                  + ".civic_address: each element needs ca_type (integer) and ca_value");
        }
        Map<String, Object> element = new LinkedHashMap<>();
        element.put("caType", e.path("ca_type").asInt());
        element.put("caValue", e.path("ca_value").asText());
        elements.add(element);
      }
      civic = Optional.of(elements);
    }
    Optional<String> globalLocationId = text(n, "global_location_id", at);
    if (globalLocationId.filter(id -> id.indexOf('/') >= 0).isPresent()) {
      // The id is the last segment of /o2ims-infrastructureInventory/v2/locations/{id} (the
      // location's path, its notifications' objectRef, the SDK's request): with a '/' the plain
      // path has one segment too many (404), and the listener keeps %2F undecoded (404 too).
      throw new ConfigException(
          "bad value for configuration key "
              + at
              + ".global_location_id: '/' is not allowed (the id is a path segment of"
              + " /o2ims-infrastructureInventory/v2/locations/{globalLocationId}, and the location"
              + " could not be read), got "
              + globalLocationId.get());
    }
    return new SiteDetails(
        text(n, "name", at), globalLocationId, text(n, "address", at), coordinate, civic);
  }

  private static void unknown(JsonNode n, Set<String> allowed, String at) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String member = it.next();
      if (!allowed.contains(member)) {
        throw new ConfigException("unknown configuration key " + at + "." + member);
      }
    }
  }

  private static Optional<String> text(JsonNode n, String member, String at) {
    JsonNode v = n.get(member);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isValueNode()) {
      throw new ConfigException(
          "bad value for configuration key " + at + "." + member + ": expected text");
    }
    String s = v.asText().trim();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  private static ConfigException missing(String key) {
    return new ConfigException("missing configuration key " + key);
  }
}
