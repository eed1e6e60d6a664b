package io.netweave.o2ims.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.netweave.o2ims.cache.testing.RedisServerProcess;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import io.netweave.o2ims.server.internal.notify.CallbackReceiver;
import io.netweave.o2ims.server.it.GatewayProcesses;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metric names of every expression in deploy/ (each recording and alerting rule of
 * deploy/prometheus/netweave-rules.yaml, each panel query and template variable of
 * deploy/grafana/netweave-dashboard.json), compared one by one with what the real jar exposes on
 * {@code GET /metrics} after some traffic: Kubernetes backend on the API emulator, a real
 * redis-server as the shared cache tier, one subscription whose callback receives a notification. A
 * rule or panel on a metric the jar never exposes is named with its expression. Unlike {@code
 * GrafanaDashboardIT} this needs no Prometheus, runs the packaged jar and covers the alert
 * expressions too. Prometheus's own per-target series ({@code up}) count as exposed.
 */
class DeployMetricNamesJarIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * PromQL words that are not metric names: operators, and aggregations (which may be followed by
   * {@code by (...)} before their parenthesis).
   */
  private static final Set<String> KEYWORDS =
      Set.of(
          "bool",
          "and",
          "or",
          "unless",
          "offset",
          "inf",
          "nan",
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile");

  /**
   * Series Prometheus writes itself for every scrape target, never on a target's {@code /metrics}:
   * NetweaveDown and NetweaveTargetMissing read {@code up}.
   */
  private static final Set<String> SCRAPE_SERIES = Set.of("up");

  /** PromQL words followed by a parenthesized list of label names. */
  private static final Set<String> LABEL_LISTS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  @TempDir Path tmp;
  private final GatewayProcesses processes = new GatewayProcesses();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    processes.close();
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void everyMetricNamedInDeployIsExposedByTheJar() throws Exception {
    Map<String, String> expressions = deployExpressions();
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(30);

    KubeApiEmulator emulator = new KubeApiEmulator().start();
    open.add(emulator);
    emulator.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-1", "zone-a", "4", "16Gi"));
    RedisServerProcess redis = RedisServerProcess.start();
    open.add(redis);
    Process jar =
        processes.launch(
            Map.of(
                "NETWEAVE_BACKEND", "kubernetes",
                "NETWEAVE_KUBERNETES_API_URL", emulator.url(),
                "NETWEAVE_REDIS_URL", redis.uri()),
            tmp.resolve("gateway.log"),
            "--port",
            "0",
            "--data-dir",
            tmp.resolve("data").toString());
    String base = GatewayProcesses.awaitUrl(jar);
    await().atMost(Duration.ofSeconds(60)).until(() -> get(base + "/readyz").statusCode() == 200);

    CallbackReceiver receiver = new CallbackReceiver();
    open.add(receiver);
    HttpResponse<String> created =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(base + "/o2ims-infrastructureInventory/v1/subscriptions"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"callback\":\"" + receiver.url("/notify") + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    for (int i = 0; i < 5; i++) {
      assertThat(get(base + "/o2ims-infrastructureInventory/v1/resourcePools").statusCode())
          .isEqualTo(200);
    }
    emulator.create(EmulatedKind.NODE, NodeFixtures.node("edge-2", "zone-b", "8", "32Gi"));
    await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.received("/notify").isEmpty());

    HttpResponse<String> metrics = get(base + "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    Set<String> exposed = new TreeSet<>();
    for (String line : metrics.body().split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        exposed.add(line.split("[{ ]", 2)[0]);
      }
    }
    assertThat(exposed).contains("netweave_http_requests_total");

    Set<String> recorded = new TreeSet<>();
    for (String key : expressions.keySet()) {
      if (key.startsWith("record ")) {
        recorded.add(key.substring("record ".length()));
      }
    }
    List<String> missing = new ArrayList<>();
    int names = 0;
    for (Map.Entry<String, String> e : expressions.entrySet()) {
      Selectors selectors = selectors(e.getValue());
      names += selectors.names().size() + selectors.nameRegexes().size();
      for (String name : selectors.names()) {
        boolean known =
            name.contains(":")
                ? recorded.contains(name)
                : exposed.contains(name) || SCRAPE_SERIES.contains(name);
        if (!known) {
          missing.add(name + " in " + e.getKey() + ": " + e.getValue());
        }
      }
      for (String regex : selectors.nameRegexes()) {
        Pattern p = Pattern.compile(regex);
        if (exposed.stream().noneMatch(n -> p.matcher(n).matches())) {
          missing.add("__name__=~\"" + regex + "\" in " + e.getKey() + ": " + e.getValue());
        }
      }
    }
    assertThat(names).as("metric names found in the expressions").isGreaterThanOrEqualTo(30);
    assertThat(missing).as("metrics named in deploy/ that the jar does not expose").isEmpty();
  }

  @Test
  void theNameExtractionSkipsFunctionsLabelsStringsAndRanges() {
    Selectors s =
        selectors(
            "sum by (job, le) (rate(a_total{status=~\"5..\",job=\"x\"}[5m])) / ignoring (x)"
                + " b_bucket > bool 0.8 or on (job) vector(0) + max by (i)"
                + " (rate(label_replace({__name__=~\"jvm_gc_.+_time\"}, \"c\", \"$1\","
                + " \"__name__\", \"jvm_(.+)\")[1m:])) + rec:rule:rate5m");
    assertThat(s.names()).containsExactly("a_total", "b_bucket", "rec:rule:rate5m");
    assertThat(s.nameRegexes()).containsExactly("jvm_gc_.+_time");
  }

  /** Every expression in deploy/, keyed by where it is. */
  private static Map<String, String> deployExpressions() throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode rules =
        new ObjectMapper(new YAMLFactory())
            .readTree(Repository.path("deploy/prometheus/netweave-rules.yaml").toFile());
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String key =
            rule.has("record")
                ? "record " + rule.get("record").asText()
                : "alert " + rule.path("alert").asText();
        out.put(key, rule.path("expr").asText());
      }
    }
    JsonNode dashboard =
        JSON.readTree(Repository.path("deploy/grafana/netweave-dashboard.json").toFile());
    addPanels(dashboard.path("panels"), out);
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      String query = variable.path("query").path("query").asText("");
      Matcher m = Pattern.compile("label_values\\(\\s*([^,)\\s]+)").matcher(query);
      if (m.find()) {
        out.put("variable " + variable.path("name").asText(), m.group(1));
      }
    }
    return out;
  }

  private static void addPanels(JsonNode panels, Map<String, String> out) {
    for (JsonNode panel : panels) {
      addPanels(panel.path("panels"), out);
      for (JsonNode target : panel.path("targets")) {
        out.put(
            "panel " + panel.path("title").asText() + " / " + target.path("refId").asText(),
            target.path("expr").asText().replace("$__rate_interval", "1m").replace("$job", ".*"));
      }
    }
  }

  /** The metric names and {@code __name__} regexes a PromQL expression selects. */
  record Selectors(Set<String> names, Set<String> nameRegexes) {}

  static Selectors selectors(String expr) {
    Set<String> names = new LinkedHashSet<>();
    Set<String> regexes = new LinkedHashSet<>();
    Pattern nameMatcher = Pattern.compile("__name__\\s*=~?\\s*\"([^\"]*)\"");
    int i = 0;
    int n = expr.length();
    while (i < n) {
      char c = expr.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = skipString(expr, i);
      } else if (c == '[') {
        i = expr.indexOf(']', i) + 1;
      } else if (c == '{') {
        int end = skipBraces(expr, i);
        Matcher m = nameMatcher.matcher(expr.substring(i, end));
        while (m.find()) {
          regexes.add(m.group(1));
        }
        i = end;
      } else if (Character.isLetter(c) || c == '_' || c == ':') {
        int start = i;
        while (i < n
            && (Character.isLetterOrDigit(expr.charAt(i)) || "_:".indexOf(expr.charAt(i)) >= 0)) {
          i++;
        }
        String word = expr.substring(start, i);
        int next = i;
        while (next < n && Character.isWhitespace(expr.charAt(next))) {
          next++;
        }
        if (LABEL_LISTS.contains(word)) {
          if (next < n && expr.charAt(next) == '(') {
            i = expr.indexOf(')', next) + 1;
          }
        } else if (next < n && expr.charAt(next) == '(') {
          i = next; // a function or an aggregation: its arguments are read next
        } else if (!KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
          names.add(word);
        }
      } else if (Character.isDigit(c) || c == '.') {
        while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.')) {
          i++;
        }
      } else {
        i++;
      }
    }
    return new Selectors(names, regexes);
  }

  private static int skipString(String s, int from) {
    char quote = s.charAt(from);
    int i = from + 1;
    while (i < s.length() && s.charAt(i) != quote) {
      i += s.charAt(i) == '\\' && quote != '`' ? 2 : 1;
    }
    return i + 1;
  }

  private static int skipBraces(String s, int from) {
    int i = from + 1;
    while (i < s.length() && s.charAt(i) != '}') {
      i = s.charAt(i) == '"' ? skipString(s, i) : i + 1;
    }
    return i + 1;
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
