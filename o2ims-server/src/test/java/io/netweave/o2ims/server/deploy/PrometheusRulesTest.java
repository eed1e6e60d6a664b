package io.netweave.o2ims.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.netweave.o2ims.server.it.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus through Prometheus' own promtool ({@code check rules}, {@code test rules}), and
 * the bookkeeping around it: every alert has a unit test and a runbook section in
 * docs/operations.md. Without promtool on the PATH the promtool checks are skipped with a message
 * (failed under CI).
 */
class PrometheusRulesTest {
  static final Path RULES = Repository.path("deploy/prometheus/netweave-rules.yaml");
  static final Path TESTS = Repository.path("deploy/prometheus/tests/netweave-rules.test.yaml");

  @Test
  void promtoolAcceptsTheRules() {
    Path promtool =
        Prerequisites.tool("promtool", "deploy/prometheus/netweave-rules.yaml (promtool check)");
    Processes.Result r =
        Processes.run(
            Repository.root(), List.of(promtool.toString(), "check", "rules", "" + RULES));
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertPassesItsPromtoolUnitTests() {
    Path promtool =
        Prerequisites.tool(
            "promtool", "deploy/prometheus/tests/netweave-rules.test.yaml (alert unit tests)");
    Processes.Result r =
        Processes.run(TESTS.getParent(), List.of(promtool.toString(), "test", "rules", "" + TESTS));
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS").doesNotContain("FAILED");
  }

  @Test
  void everyAlertHasAUnitTestAndARunbook() throws IOException {
    List<String> alerts = alerts();
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(8);
    String tests = Files.readString(TESTS);
    String operations = Files.readString(Repository.path("docs/operations.md"));
    for (String alert : alerts) {
      assertThat(tests).as("unit test of " + alert).contains("alertname: " + alert + "\n");
      assertThat(operations)
          .as("runbook of " + alert)
          .contains("<a id=\"runbook-" + alert.toLowerCase(Locale.ROOT) + "\"></a>");
    }
  }

  static List<String> alerts() throws IOException {
    JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
    List<String> alerts = new ArrayList<>();
    for (JsonNode group : doc.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.has("alert")) {
          alerts.add(rule.get("alert").asText());
        }
      }
    }
    return alerts;
  }
}
