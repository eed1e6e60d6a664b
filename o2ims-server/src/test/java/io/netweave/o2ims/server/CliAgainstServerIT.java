package io.netweave.o2ims.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.client.O2imsClient;
import io.netweave.o2ims.client.internal.cli.O2imsCli;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code o2ims} command line against the real gateway (demo O-Cloud): {@code alarms}, {@code
 * alarm-subscriptions}, {@code watch} (a temporary callback printing inventory and alarm events,
 * removed on exit) and {@code --url} from {@code O2IMS_URL}.
 */
class CliAgainstServerIT {
  @TempDir static Path dataDir;
  static Gateway gateway;
  static String url;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = O2Json.newMapper();

  record Run(int code, String out, String err) {}

  @BeforeAll
  static void start() {
    gateway =
        InProcessGateways.start(
            dataDir,
            Map.of(
                "notifications.poll_interval", "50ms",
                "alarms.evaluation_interval", "100ms"));
    url = GatewayHttp.base(gateway);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = O2imsCli.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of("--url", url));
    all.addAll(List.of(args));
    int code = cl.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  static String demo(String method, String path, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    return r.body();
  }

  static String raise(String nodeName) throws Exception {
    String node =
        JSON.readTree(
                demo("POST", "/admin/v1/demo/resources", "{\"nodeName\":\"" + nodeName + "\"}"))
            .path("resourceId")
            .asText();
    demo("PATCH", "/admin/v1/demo/resources/" + node, "{\"conditions\":{\"Ready\":\"Unknown\"}}");
    return node;
  }

  @Test
  void theOutputFormatIsAcceptedBeforeOrAfterTheSubcommand() throws Exception {
    // README: "watch ... (table, or JSON lines with -o json)": users put -o after the command.
    for (Run r :
        List.of(
            run("resource-pools", "list", "-o", "json"),
            run("-o", "json", "resource-pools", "list"),
            run("resource-pools", "-o", "json", "list"))) {
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode pools = JSON.readTree(r.out());
      assertThat(pools.isArray()).as(r.out()).isTrue();
      assertThat(pools.get(0).path("resourcePoolId").asText()).isNotEmpty();
    }
    Run table = run("resource-pools", "list");
    assertThat(table.code()).as(table.err()).isZero();
    assertThat(table.out()).startsWith("resourcePoolId");
  }

  /**
   * {@code --api-version v2} (before or after the subcommand) reads pools, resources, types,
   * deployment managers and the O-Cloud in the v2 shapes and subscribes in the v2 view; v1 stays
   * the default; a version the API has not, or v1 for the v2-only sites, is one line, exit 2.
   */
  @Test
  void theInventoryCommandsReadTheV2ShapesWithApiVersionV2() throws Exception {
    JsonNode v1Pools = JSON.readTree(run("-o", "json", "resource-pools", "list").out());
    assertThat(v1Pools.get(0).has("globalLocationId")).as(v1Pools.toString()).isTrue();
    assertThat(v1Pools.get(0).has("oCloudSiteId")).isFalse();
    for (Run r :
        List.of(
            run("--api-version", "v2", "-o", "json", "resource-pools", "list"),
            run("-o", "json", "resource-pools", "list", "--api-version", "V2"))) {
      assertThat(r.code()).as(r.err()).isZero();
      JsonNode pools = JSON.readTree(r.out());
      assertThat(pools.get(0).path("oCloudSiteId").asText()).as(r.out()).isNotEmpty();
      assertThat(pools.get(0).has("globalLocationId")).isFalse();
    }
    Run table = run("--api-version", "v2", "resource-pools", "list");
    assertThat(table.out().lines().findFirst().orElseThrow())
        .contains("oCloudSiteId")
        .doesNotContain("globalLocationId");
    String pool = v1Pools.get(0).path("resourcePoolId").asText();
    JsonNode v2Pool =
        JSON.readTree(
            run("--api-version", "v2", "-o", "json", "resource-pools", "get", pool).out());
    assertThat(v2Pool.path("oCloudSiteId").asText()).isNotEmpty();
    Run resources = run("--api-version", "v2", "-o", "json", "resources", "list", "--pool", pool);
    assertThat(resources.code()).as(resources.err()).isZero();
    assertThat(JSON.readTree(resources.out()).size()).isPositive();
    String resource = JSON.readTree(resources.out()).get(0).path("resourceId").asText();
    Run oneResource =
        run("--api-version", "v2", "-o", "json", "resources", "get", "--pool", pool, resource);
    assertThat(JSON.readTree(oneResource.out()).path("resourceId").asText()).isEqualTo(resource);

    JsonNode v2Types =
        JSON.readTree(run("--api-version", "v2", "-o", "json", "resource-types", "list").out());
    assertThat(v2Types.get(0).path("alarmDictionaryId").asText())
        .as(v2Types.toString())
        .isNotEmpty();
    JsonNode v1Types = JSON.readTree(run("-o", "json", "resource-types", "list").out());
    assertThat(v1Types.get(0).has("alarmDictionaryId")).isFalse();
    String type = v2Types.get(0).path("resourceTypeId").asText();
    assertThat(
            JSON.readTree(
                    run("--api-version", "v2", "-o", "json", "resource-types", "get", type).out())
                .path("alarmDictionaryId")
                .asText())
        .isEqualTo(v2Types.get(0).path("alarmDictionaryId").asText());
    Run managers = run("--api-version", "v2", "-o", "json", "deployment-managers", "list");
    assertThat(managers.code()).as(managers.err()).isZero();
    assertThat(JSON.readTree(managers.out()).size()).isPositive();
    JsonNode v2Cloud =
        JSON.readTree(run("--api-version", "v2", "-o", "json", "ocloud", "get").out());
    JsonNode v1Cloud = JSON.readTree(run("-o", "json", "ocloud", "get").out());
    assertThat(v1Cloud.has("globalcloudId")).as(v1Cloud.toString()).isTrue();
    assertThat(v2Cloud.has("globalcloudId")).as(v2Cloud.toString()).isFalse();

    Run created =
        run(
            "--api-version",
            "v2",
            "-o",
            "json",
            "subscriptions",
            "create",
            "--callback",
            "http://127.0.0.1:9/v2-inventory",
            "--filter",
            "(eq,objectType,OCloudSite)");
    assertThat(created.code()).as(created.err()).isZero();
    String subscription = JSON.readTree(created.out()).path("subscriptionId").asText();
    assertThat(run("--api-version", "v2", "subscriptions", "list").out()).contains(subscription);
    assertThat(run("subscriptions", "list").out()).doesNotContain(subscription);
    assertThat(run("--api-version", "v2", "subscriptions", "delete", subscription).code()).isZero();

    Run unknown = run("--api-version", "v3", "resource-pools", "list");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("--api-version").contains("give v1 or v2");
    Run sitesInV1 = run("--api-version", "v1", "sites", "list");
    assertThat(sitesInV1.code()).isEqualTo(2);
    assertThat(sitesInV1.err()).contains("v2 API only");
    assertThat(run("sites", "list").code()).isZero();
  }

  @Test
  void alarmsAreListedReadAcknowledgedAndNotClearedWhenAutomatic() throws Exception {
    String node = raise("cli-1");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                run("-o", "json", "alarms", "list", "--filter", "(eq,resourceID," + node + ")")
                    .out()
                    .contains(node));
    Run list = run("-o", "json", "alarms", "list", "--filter", "(eq,resourceID," + node + ")");
    assertThat(list.code()).as(list.err()).isZero();
    String id = JSON.readTree(list.out()).get(0).path("alarmEventRecordId").asText();
    Run table = run("alarms", "list", "--filter", "(eq,resourceID," + node + ")");
    assertThat(table.out()).startsWith("alarmEventRecordId").contains(id);
    assertThat(run("alarms", "ack", id).out()).contains("acknowledged " + id);
    Run got = run("-o", "json", "alarms", "get", id);
    assertThat(JSON.readTree(got.out()).path("alarmAcknowledged").asBoolean()).isTrue();
    Run clear = run("alarms", "clear", id);
    assertThat(clear.code()).isEqualTo(1);
    assertThat(clear.err()).contains("HTTP 409");
    assertThat(run("alarms", "get", "not-a-uuid").code()).isEqualTo(2);
  }

  @Test
  void theAlarmServiceConfigurationIsShownAndItsRetentionChangedAndProbableCausesListed()
      throws Exception {
    Run shown = run("-o", "json", "alarms", "config");
    assertThat(shown.code()).as(shown.err()).isZero();
    assertThat(JSON.readTree(shown.out()).path("retentionPeriod").asInt()).isEqualTo(14);
    Run changed = run("-o", "json", "alarms", "config", "--retention-period", "7");
    assertThat(changed.code()).as(changed.err()).isZero();
    assertThat(JSON.readTree(changed.out()).path("retentionPeriod").asInt()).isEqualTo(7);
    assertThat(JSON.readTree(run("-o", "json", "alarms", "config").out()).path("retentionPeriod"))
        .hasToString("7");
    Run refused = run("alarms", "config", "--retention-period", "0");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("retentionPeriod must be at least 1");
    assertThat(run("alarms", "config", "--retention-period", "14").code()).isZero();

    Run causes = run("-o", "json", "alarms", "probable-causes");
    assertThat(causes.code()).as(causes.err()).isZero();
    JsonNode list = JSON.readTree(causes.out());
    assertThat(list.size()).isEqualTo(6);
    assertThat(list.findValuesAsText("name")).contains("communicationSubsystemFailure");
    Run table = run("alarms", "probable-causes");
    assertThat(table.out()).startsWith("probableCauseId").contains("outOfMemory");
  }

  @Test
  void alarmSubscriptionsAreCreatedListedAndDeleted() throws Exception {
    Run created =
        run(
            "-o",
            "json",
            "alarm-subscriptions",
            "create",
            "--callback",
            "http://127.0.0.1:9/alarms",
            "--filter",
            "CLEAR");
    assertThat(created.code()).as(created.err()).isZero();
    String id = JSON.readTree(created.out()).path("alarmSubscriptionId").asText();
    assertThat(run("alarm-subscriptions", "list").out()).contains(id).contains("CLEAR");
    assertThat(run("-o", "json", "alarm-subscriptions", "get", id).out()).contains(id);
    assertThat(run("alarm-subscriptions", "delete", id).out()).contains("deleted " + id);
    assertThat(run("alarm-subscriptions", "get", id).code()).isEqualTo(1);
  }

  @Test
  void watchPrintsInventoryAndAlarmEventsAsJsonLinesAndRemovesItsSubscriptions() throws Exception {
    CompletableFuture<Run> watch =
        CompletableFuture.supplyAsync(
            () ->
                run(
                    "-o",
                    "json",
                    "watch",
                    "--inventory-filter",
                    "(eq,objectType,Resource)",
                    "--count",
                    "3"));
    try (O2imsClient client = O2imsClient.builder().baseUrl(url).build()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  client.subscriptions().list().count() > 0
                      && client.alarmSubscriptions().list().count() > 0);
      raise("cli-watch"); // a resource create and modify, and a NEW alarm: three events
      Run done = watch.get(60, TimeUnit.SECONDS);
      assertThat(done.code()).as(done.err()).isZero();
      List<JsonNode> lines = new ArrayList<>();
      for (String line : done.out().split("\n")) {
        if (!line.isBlank()) {
          lines.add(JSON.readTree(line));
        }
      }
      assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
      assertThat(lines).anySatisfy(l -> assertThat(l.has("postObjectState")).isTrue());
      assertThat(lines)
          .anySatisfy(
              l -> {
                assertThat(l.path("alarmEventRecordId").asText()).isNotEmpty();
                assertThat(l.path("extensions").path("nodeName").asText()).isEqualTo("cli-watch");
              });
      assertThat(done.err()).contains("inventory subscription").contains("alarm subscription");
      // the temporary subscriptions are gone
      assertThat(client.subscriptions().list().count()).isZero();
      assertThat(client.alarmSubscriptions().list().count()).isZero();
    }
  }

  @Test
  void watchWithACountPrintsThatManyEventsAndNoMore() throws Exception {
    // A node's creation is two inventory events (the resource, then its deployment manager's
    // capacity); the second arrives while the first's watch removes its subscription.
    CompletableFuture<Run> watch =
        CompletableFuture.supplyAsync(
            () -> run("-o", "json", "watch", "--no-alarms", "--count", "1"));
    try (O2imsClient client = O2imsClient.builder().baseUrl(url).build()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> client.subscriptions().list().count() > 0);
      demo("POST", "/admin/v1/demo/resources", "{\"nodeName\":\"cli-count\"}");
      Run done = watch.get(60, TimeUnit.SECONDS);
      assertThat(done.code()).as(done.err()).isZero();
      assertThat(done.out().lines().filter(l -> !l.isBlank())).hasSize(1);
      assertThat(JSON.readTree(done.out()).path("notificationEventType").asInt()).isZero();
      assertThat(client.subscriptions().list().count()).isZero();
    }
  }

  @Test
  void theUrlMayComeFromTheEnvironment() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            O2imsCli.class.getName(),
            "-o",
            "json",
            "alarms",
            "list");
    pb.environment().put("O2IMS_URL", url);
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output.trim()).startsWith("[");
    Run missing = runWithoutUrl("alarms", "list");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("O2IMS_URL");
  }

  static Run runWithoutUrl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = O2imsCli.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
