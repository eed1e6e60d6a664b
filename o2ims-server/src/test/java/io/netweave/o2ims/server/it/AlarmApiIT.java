package io.netweave.o2ims.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.notify.CallbackReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring API over real HTTP against the embedded demo O-Cloud, whose admin endpoint changes
 * node conditions: records raised, acknowledged and cleared, every PATCH rule, list queries, the
 * service configuration, probable causes and alarm subscriptions with the notifications a real
 * receiver gets; responses and notifications validated against the kni-v2 alarms OpenAPI schemas.
 */
class AlarmApiIT {
  static final String MON = "/o2ims-infrastructureMonitoring";
  static final String ALARMS = MON + "/v1/alarms";
  static final String SUBS = MON + "/v1/alarmSubscriptions";
  static final String DEMO = "/admin/v1/demo/resources";

  @TempDir static Path dataDir;
  static Gateway gateway;
  static Client client;
  static ReferenceSchemas schemas;
  static ApiChecks checks;
  static CallbackReceiver receiver;

  @BeforeAll
  static void start() {
    schemas = ReferenceSchemas.alarms();
    checks = new ApiChecks(schemas);
    receiver = new CallbackReceiver();
    gateway = InProcessGateways.start(config(dataDir, Map.of()));
    client = new Client(GatewayHttp.base(gateway));
  }

  static ServerConfig config(Path dir, Map<String, String> extra) {
    Map<String, String> m = new java.util.HashMap<>();
    m.put("server.page_size", "2");
    m.put("notifications.poll_interval", "50ms");
    m.put("notifications.retry_initial_delay", "100ms");
    m.put("alarms.evaluation_interval", "100ms");
    m.putAll(extra);
    return InProcessGateways.config(dir, m);
  }

  @AfterAll
  static void stop() {
    gateway.close();
    receiver.close();
  }

  /** Adds a demo node; returns its resource JSON. */
  static JsonNode node(Client c, String name) {
    Reply r = c.postJson(DEMO, "{\"nodeName\":\"" + name + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  static void conditions(Client c, String resourceId, String conditions) {
    Reply r =
        c.send(
            "PATCH",
            DEMO + "/" + resourceId,
            "application/json",
            "{\"conditions\":" + conditions + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
  }

  /** The resource of a new demo node and the record of the alarm its conditions raised. */
  record Raised(String resourceId, String recordId) {}

  /** Adds a demo node, sets its conditions and waits for the named alarm to be active on it. */
  static Raised raiseOnNewNode(Client c, String nodeName, String conditions, String alarmName) {
    String resourceId = node(c, nodeName).path("resourceId").asText();
    conditions(c, resourceId, conditions);
    return new Raised(
        resourceId, awaitAlarm(c, resourceId, alarmName, true).path("alarmEventRecordId").asText());
  }

  /** Waits for the record of an alarm on a resource in the wanted state; returns it. */
  static JsonNode awaitAlarm(Client c, String resourceId, String alarmName, boolean active) {
    List<JsonNode> found = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              found.clear();
              Reply r = c.get(ALARMS + "?filter=(eq,resourceID," + resourceId + ")");
              for (JsonNode a : r.json()) {
                if (a.path("extensions").path("alarmName").asText().equals(alarmName)
                    && a.has("alarmClearedTime") != active) {
                  found.add(a);
                }
              }
              return !found.isEmpty();
            });
    return found.get(0);
  }

  static List<JsonNode> notifications(String path) {
    List<JsonNode> out = new ArrayList<>();
    for (CallbackReceiver.Received r : receiver.received(path)) {
      if (r.delivered()) {
        out.add(read(r.body()));
      }
    }
    return out;
  }

  static double metric(String text, String name) {
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    throw new AssertionError("no metric " + name + " in " + text);
  }

  /** The notifications about one alarm record on a callback path. */
  static List<JsonNode> notificationsOf(String path, String recordId) {
    return notifications(path).stream()
        .filter(n -> n.path("alarmEventRecordId").asText().equals(recordId))
        .toList();
  }

  /** Waits until a notification of the given event type about a record reached a callback path. */
  static void awaitLast(String path, String recordId, int eventType) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                notificationsOf(path, recordId).stream()
                    .anyMatch(n -> n.path("notificationEventType").asInt() == eventType));
  }

  static JsonNode read(String text) {
    try {
      return io.netweave.o2ims.model.O2Json.newMapper().readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** An alarm notification as "nodeName/alarmName/notificationEventType". */
  static String event(JsonNode n) {
    return n.path("extensions").path("nodeName").asText()
        + "/"
        + n.path("extensions").path("alarmName").asText()
        + "/"
        + n.path("notificationEventType").asInt();
  }

  static String subscribe(Client c, String callbackPath, String extra) {
    Reply r =
        c.postJson(SUBS, "{\"callback\":\"" + receiver.url(callbackPath) + "\"" + extra + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(schemas.errors("AlarmSubscriptionInfo", r.json())).as(r.body()).isEmpty();
    String id = r.json().path("alarmSubscriptionId").asText();
    assertThat(r.header("Location")).contains(SUBS + "/" + id);
    return id;
  }

  @Test
  void apiVersionsAndProbableCausesAreServed() {
    JsonNode root = checks.ok(client.get(MON + "/api_versions"), "APIVersions");
    assertThat(root.path("uriPrefix").asText()).isEqualTo(MON);
    assertThat(root.path("apiVersions").get(0).path("version").asText()).isEqualTo("1.1.0");
    checks.ok(client.get(MON + "/v1/api_versions"), "APIVersions");
    JsonNode causes =
        checks.okList(client.get(MON + "/v1/probableCauses?all_fields"), "ProbableCause");
    assertThat(causes.size()).isEqualTo(2); // page size 2
    Reply all = client.get(MON + "/v1/probableCauses");
    assertThat(all.header("X-Total-Count")).contains("6");
    String id = causes.get(0).path("probableCauseId").asText();
    JsonNode one = checks.ok(client.get(MON + "/v1/probableCauses/" + id), "ProbableCause");
    assertThat(one).isEqualTo(causes.get(0));
    checks.problem(
        client.get(MON + "/v1/probableCauses/7d9a2c36-1b8c-4b9e-9b0f-6f1a2b3c4d5e"), 404);
    checks.problem(client.get(MON + "/v1/probableCauses/not-a-uuid"), 400);
  }

  @Test
  void anAlarmIsRaisedAcknowledgedAndClearedAndEachTransitionNotifiedOnce() {
    String sub = subscribe(client, "/life", "");
    JsonNode node = node(client, "alarm-life");
    String resourceId = node.path("resourceId").asText();
    String typeId = node.path("resourceTypeId").asText();
    conditions(client, resourceId, "{\"Ready\":\"Unknown\"}");

    JsonNode raised = awaitAlarm(client, resourceId, "NodeUnreachable", true);
    String id = raised.path("alarmEventRecordId").asText();
    JsonNode record = checks.ok(client.get(ALARMS + "/" + id), "AlarmEventRecord");
    assertThat(record.path("resourceTypeID").asText()).isEqualTo(typeId);
    assertThat(record.path("perceivedSeverity").asInt()).isZero();
    assertThat(record.path("alarmAcknowledged").asBoolean()).isFalse();
    assertThat(record.path("extensions").path("nodeName").asText()).isEqualTo("alarm-life");
    assertThat(record.path("extensions").path("conditionType").asText()).isEqualTo("Ready");
    assertThat(record.path("extensions").path("status").asText()).isEqualTo("Unknown");
    // the definition and the probable cause resolve in what the gateway serves
    JsonNode dictionary =
        client
            .get("/o2ims-infrastructureInventory/v1/resourceTypes/" + typeId + "/alarmDictionary")
            .json();
    JsonNode definition = null;
    for (JsonNode d : dictionary.path("alarmDefinition")) {
      if (d.path("alarmDefinitionId").asText().equals(record.path("alarmDefinitionID").asText())) {
        definition = d;
      }
    }
    assertThat(definition).as("definition in the type's dictionary").isNotNull();
    assertThat(definition.path("alarmName").asText()).isEqualTo("NodeUnreachable");
    assertThat(definition.path("alarmAdditionalFields").path("probableCauseId").asText())
        .isEqualTo(record.path("probableCauseID").asText());
    JsonNode cause =
        checks.ok(
            client.get(MON + "/v1/probableCauses/" + record.path("probableCauseID").asText()),
            "ProbableCause");
    assertThat(cause.path("name").asText()).isEqualTo("communicationSubsystemFailure");

    Reply ack = client.patch(ALARMS + "/" + id, "{\"alarmAcknowledged\":true}");
    assertThat(checks.ok(ack, "AlarmEventRecordModifications"))
        .isEqualTo(read("{\"alarmAcknowledged\":true}"));
    JsonNode acked = checks.ok(client.get(ALARMS + "/" + id), "AlarmEventRecord");
    assertThat(acked.path("alarmAcknowledged").asBoolean()).isTrue();
    assertThat(acked.path("alarmAcknowledgedTime").asText()).isNotEmpty();
    // "set when any value of the AlarmEventRecord is modified" (kni-v2 alarms-openapi.yaml)
    assertThat(acked.path("alarmChangedTime").asText())
        .isEqualTo(acked.path("alarmAcknowledgedTime").asText());
    assertThat(client.patch(ALARMS + "/" + id, "{\"alarmAcknowledged\":true}").status())
        .isEqualTo(200);
    checks.problem(client.patch(ALARMS + "/" + id, "{\"perceivedSeverity\":5}"), 409);

    conditions(client, resourceId, "{\"Ready\":\"True\"}");
    JsonNode cleared = awaitAlarm(client, resourceId, "NodeUnreachable", false);
    assertThat(cleared.path("perceivedSeverity").asInt()).isEqualTo(5);
    assertThat(cleared.path("extensions").path("clearReason").asText())
        .isEqualTo("conditionRecovered");
    assertThat(schemas.errors("AlarmEventRecord", cleared)).isEmpty();
    // acknowledging a cleared alarm: 200, nothing changes, nothing is sent
    assertThat(client.patch(ALARMS + "/" + id, "{\"alarmAcknowledged\":true}").status())
        .isEqualTo(200);

    await().atMost(Duration.ofSeconds(20)).until(() -> notificationsOf("/life", id).size() >= 3);
    // a sentinel: a later alarm on another node, which the unfiltered subscription also gets;
    // deliveries to one subscription keep their order, so once it arrived everything about this
    // record sent before it (a duplicate, a notice of the acknowledgement of the cleared alarm)
    // has arrived too, and the exact list below is final
    String sentinelNode = node(client, "alarm-life-sentinel").path("resourceId").asText();
    conditions(client, sentinelNode, "{\"Ready\":\"Unknown\"}");
    String sentinel =
        awaitAlarm(client, sentinelNode, "NodeUnreachable", true)
            .path("alarmEventRecordId")
            .asText();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !notificationsOf("/life", sentinel).isEmpty());
    List<JsonNode> got = notificationsOf("/life", id);
    assertThat(got)
        .extracting(n -> n.path("notificationEventType").asInt())
        .containsExactly(0, 3, 2);
    for (CallbackReceiver.Received r : receiver.received("/life")) {
      // kni-v2 alarms-openapi.yaml, callbacks.onAlarmEvent: a POST of an application/json body
      assertThat(r.method()).isEqualTo("POST");
      assertThat(r.header("Content-Type")).startsWith("application/json");
    }
    for (JsonNode n : got) {
      assertThat(schemas.errors("AlarmEventNotification", n)).as(n.toString()).isEmpty();
      assertThat(n.path("alarmEventRecordId").asText()).isEqualTo(id);
      assertThat(n.path("objectRef").asText()).isEqualTo(ALARMS + "/" + id);
      assertThat(n.path("globalCloudID").asText()).isNotEmpty();
      assertThat(n.path("resourceID").asText()).isEqualTo(resourceId);
    }
    assertThat(got.get(0).path("perceivedSeverity").asInt()).isZero();
    assertThat(got.get(1).path("alarmAcknowledged").asBoolean()).isTrue();
    assertThat(got.get(1).path("alarmAcknowledgeTime").asText())
        .isEqualTo(acked.path("alarmAcknowledgedTime").asText());
    assertThat(got.get(1).path("alarmChangedTime").asText())
        .isEqualTo(acked.path("alarmAcknowledgedTime").asText());
    assertThat(got.get(2).path("perceivedSeverity").asInt()).isEqualTo(5);
    assertThat(got.stream().map(n -> n.path("notificationId").asText()).distinct()).hasSize(3);
    // metrics: events by type and alarm deliveries (their own counters)
    String metrics = client.get("/metrics").body();
    assertThat(metric(metrics, "alarms_events_new")).isPositive();
    assertThat(metric(metrics, "alarms_events_acknowledge")).isPositive();
    assertThat(metric(metrics, "alarms_events_clear")).isPositive();
    assertThat(metric(metrics, "notifications_alarm_delivered")).isGreaterThanOrEqualTo(3);
    assertThat(metrics).contains("alarms_active_critical ").contains("alarms_active_major ");
    assertThat(client.delete(SUBS + "/" + sub).status()).isEqualTo(200);
  }

  @Test
  void patchRulesAreEnforcedOneByOne() {
    Raised alarm =
        raiseOnNewNode(
            client, "alarm-patch", "{\"NetworkUnavailable\":\"True\"}", "NodeNetworkUnavailable");
    String resourceId = alarm.resourceId();
    String id = alarm.recordId();
    String path = ALARMS + "/" + id;
    for (String bad :
        List.of(
            "{}",
            "{\"alarmAcknowledged\":true,\"perceivedSeverity\":5}",
            "{\"alarmAcknowledged\":false}",
            "{\"alarmAcknowledged\":\"true\"}",
            "{\"perceivedSeverity\":3}",
            "{\"perceivedSeverity\":\"5\"}",
            "{\"alarmAcknowledgedTime\":\"2026-01-01T00:00:00Z\"}",
            "[]",
            "not json")) {
      checks.problem(client.patch(path, bad), 400);
    }
    checks.problem(client.send("PATCH", path, "text/plain", "{\"alarmAcknowledged\":true}"), 415);
    checks.problem(
        client.send("PATCH", path, "application/xml", "{\"alarmAcknowledged\":true}"), 415);
    // plain application/json is accepted as well as merge-patch
    assertThat(
            client.send("PATCH", path, "application/json", "{\"alarmAcknowledged\":true}").status())
        .isEqualTo(200);
    checks.problem(
        client.patch(
            ALARMS + "/3f1c5e2a-0b7d-4c1e-9a8f-2d6b4e8c0a11", "{\"alarmAcknowledged\":true}"),
        404);
    checks.problem(client.patch(ALARMS + "/nope", "{\"alarmAcknowledged\":true}"), 400);
    checks.problem(client.get(ALARMS + "/3f1c5e2a-0b7d-4c1e-9a8f-2d6b4e8c0a11"), 404);
    checks.problem(client.method("DELETE", path), 405);
    conditions(client, resourceId, "{\"NetworkUnavailable\":\"False\"}");
  }

  @Test
  void listsFilterSelectAndPageLikeTheInventory() {
    JsonNode node = node(client, "alarm-list");
    String resourceId = node.path("resourceId").asText();
    conditions(client, resourceId, "{\"Ready\":\"Unknown\",\"NetworkUnavailable\":\"True\"}");
    awaitAlarm(client, resourceId, "NodeUnreachable", true);
    awaitAlarm(client, resourceId, "NodeNetworkUnavailable", true);

    String byResource = "?filter=(eq,resourceID," + resourceId + ")";
    Reply first = client.get(ALARMS + byResource);
    JsonNode page = checks.okList(first, "AlarmEventRecord");
    assertThat(first.header("X-Total-Count")).contains("2");
    assertThat(page.size()).isEqualTo(2);
    // the ...Id alias spelling filters the same way
    Reply alias = client.get(ALARMS + "?filter=(eq,resourceId," + resourceId.toUpperCase() + ")");
    assertThat(alias.json()).isEqualTo(page);
    Reply critical =
        client.get(
            ALARMS + byResource + "&filter=(eq,perceivedSeverity,0);(eq,alarmAcknowledged,false)");
    assertThat(critical.json().size()).isEqualTo(1);
    assertThat(critical.json().get(0).path("extensions").path("alarmName").asText())
        .isEqualTo("NodeUnreachable");
    // selectors
    JsonNode slim = client.get(ALARMS + byResource + "&exclude_fields=extensions").json();
    assertThat(slim.get(0).has("extensions")).isFalse();
    assertThat(slim.get(0).has("alarmDefinitionID")).isTrue();
    JsonNode some = client.get(ALARMS + byResource + "&fields=extensions/nodeName").json();
    assertThat(some.get(0).path("extensions").size()).isEqualTo(1);
    // paging: page size 2 over every alarm
    Reply all = client.get(ALARMS);
    int total = Integer.parseInt(all.header("X-Total-Count").orElseThrow());
    if (total > 2) {
      assertThat(all.header("Link")).isPresent();
      String link = all.header("Link").orElseThrow();
      String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
      checks.okList(client.get(next), "AlarmEventRecord");
      checks.problem(client.get(ALARMS + "?nextpage_opaque_marker=forged"), 400);
    }
    checks.problem(client.get(ALARMS + "?filter=(eq,noSuchAttribute,1)"), 400);
    checks.problem(client.get(ALARMS + "?filter=(eq,alarmAcknowledged,maybe)"), 400);
    checks.problem(client.get(ALARMS + "?fields=nope"), 400);
    conditions(client, resourceId, "{\"Ready\":\"True\",\"NetworkUnavailable\":\"False\"}");
  }

  @Test
  void timeFiltersCompareInstantsWhateverTheirPrecisionAndRefuseValuesThatAreNoTime() {
    // The records' times carry up to nine fraction digits; an SMO filters with whole seconds, or
    // with another offset. Compared as text, "07:30:30.5Z" sorts before "07:30:30Z".
    JsonNode node = node(client, "alarm-times");
    String resourceId = node.path("resourceId").asText();
    conditions(client, resourceId, "{\"Ready\":\"Unknown\"}");
    JsonNode raised = awaitAlarm(client, resourceId, "NodeUnreachable", true);
    Instant at = Instant.parse(raised.path("alarmRaisedTime").asText());
    String second = at.truncatedTo(ChronoUnit.SECONDS).toString();
    String nextSecond = at.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1).toString();
    String inParis =
        DateTimeFormatter.ISO_OFFSET_DATE_TIME
            .format(at.atOffset(ZoneOffset.ofHours(2)))
            .replace("+", "%2B");
    String byResource = ALARMS + "?filter=(eq,resourceID," + resourceId + ")&filter=";
    assertThat(client.get(byResource + "(gte,alarmRaisedTime," + second + ")").json()).hasSize(1);
    assertThat(client.get(byResource + "(gt,alarmRaisedTime," + second + ")").json()).hasSize(1);
    assertThat(client.get(byResource + "(lt,alarmRaisedTime," + nextSecond + ")").json())
        .hasSize(1);
    assertThat(client.get(byResource + "(lte,alarmRaisedTime," + second + ")").json()).isEmpty();
    assertThat(client.get(byResource + "(eq,alarmRaisedTime," + inParis + ")").json()).hasSize(1);
    assertThat(client.get(byResource + "(gt,alarmRaisedTime," + inParis + ")").json()).isEmpty();
    // a day is still found by its text
    assertThat(
            client
                .get(byResource + "(cont,alarmRaisedTime," + second.substring(0, 10) + ")")
                .json())
        .hasSize(1);

    for (String bad : List.of("yesterday", "2026", "2026-12-07T07:30:30")) {
      JsonNode problem =
          checks.problem(client.get(byResource + "(gt,alarmRaisedTime," + bad + ")"), 400);
      assertThat(problem.path("detail").asText()).as(bad).contains("alarmRaisedTime", "RFC 3339");
      checks.problem(
          client.postJson(
              SUBS,
              "{\"callback\":\""
                  + receiver.url("/bad-time")
                  + "\",\"filter\":\"(gt,alarmAcknowledgeTime,"
                  + bad
                  + ")\"}"),
          400);
    }
    conditions(client, resourceId, "{\"Ready\":\"True\"}");
  }

  @Test
  void aDemoNodeCreatedWithAConditionDatesItFromItsCreationNotFromTheGatewayStart() {
    // README: NodeNotReady "after 60 s"; the debounce counts from the condition's transition
    // time, which for a node added at run time with conditions was the gateway's start.
    Instant before = Instant.now();
    Reply created =
        client.postJson(
            DEMO, "{\"nodeName\":\"alarm-born\",\"conditions\":{\"Ready\":\"Unknown\"}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String resourceId = created.json().path("resourceId").asText();
    JsonNode raised = awaitAlarm(client, resourceId, "NodeUnreachable", true);
    assertThat(Instant.parse(raised.path("extensions").path("conditionSince").asText()))
        .isAfterOrEqualTo(before);
    conditions(client, resourceId, "{\"Ready\":\"True\"}");
  }

  private static Reply conditional(
      String method, String path, String header, String value, String body) {
    return conditional(
        method,
        path,
        header,
        value,
        body,
        method.equals("PUT") ? "application/json" : "application/merge-patch+json");
  }

  private static Reply conditional(
      String method, String path, String header, String value, String body, String contentType) {
    return client.send(
        java.net.http.HttpRequest.newBuilder(client.uri(path))
            .header("Content-Type", contentType)
            .header(header, value)
            .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)));
  }

  /**
   * The gateway gives no entity tags, so an If-Match naming one can never hold, nor If-None-Match:
   * * on a target that exists: 412 and nothing changed. Every precondition used to be ignored (a
   * PATCH with If-Match: "x" acknowledged the alarm, a PUT with If-None-Match: * replaced the
   * configuration).
   */
  @Test
  void aWriteWhosePreconditionFailsIs412AndChangesNothing() {
    Raised alarm =
        raiseOnNewNode(
            client,
            "alarm-precondition",
            "{\"NetworkUnavailable\":\"True\"}",
            "NodeNetworkUnavailable");
    String resourceId = alarm.resourceId();
    String id = alarm.recordId();
    String path = ALARMS + "/" + id;
    String ack = "{\"alarmAcknowledged\":true}";
    for (String[] header :
        List.of(
            new String[] {"If-Match", "\"x\""},
            new String[] {"If-Match", "W/\"x\", *"},
            new String[] {"If-None-Match", "*"})) {
      JsonNode p = checks.problem(conditional("PATCH", path, header[0], header[1], ack), 412);
      assertThat(p.path("detail").asText()).contains(header[0]).contains("nothing was changed");
      assertThat(client.get(path).json().path("alarmAcknowledged").asBoolean()).isFalse();
    }
    String config = MON + "/v1/alarmServiceConfiguration";
    JsonNode before = client.get(config).json();
    checks.problem(
        conditional(
            "PUT", config, "If-None-Match", "*", "{\"retentionPeriod\":5,\"extensions\":{}}"),
        412);
    checks.problem(
        conditional("PATCH", config, "If-Match", "\"1\"", "{\"retentionPeriod\":5}"), 412);
    assertThat(client.get(config).json()).isEqualTo(before);
    // If-Match: * holds for an existing target, and an If-None-Match naming a tag holds too
    assertThat(conditional("PATCH", path, "If-None-Match", "\"x\"", ack).status()).isEqualTo(200);
    assertThat(conditional("PATCH", path, "If-Match", "*", ack).status()).isEqualTo(200);
    assertThat(client.get(path).json().path("alarmAcknowledged").asBoolean()).isTrue();
    conditions(client, resourceId, "{\"NetworkUnavailable\":\"False\"}");
  }

  /**
   * The admin API's writes evaluate their preconditions before anything else, as they did when a
   * guard ran before every write route: a failed one is 412 where the O2 writes would answer 404,
   * 415, 409 or 400 (and those are what each answers without the header).
   */
  @Test
  void anAdminWriteEvaluatesItsPreconditionsBeforeAnythingElse() {
    String missing = "3f1c5e2a-0b7d-4c1e-9a8f-2d6b4e8c0a99";
    String replay = "/admin/v1/notifications/dead-letters/" + missing + "/replay";
    List<Object[]> writes =
        List.of(
            new Object[] {"DELETE", DEMO + "/" + missing, "application/json", "", 404},
            new Object[] {"PATCH", DEMO + "/" + missing, "text/plain", "{}", 415},
            new Object[] {"POST", DEMO, "application/json", "[]", 400},
            new Object[] {
              "POST", "/admin/v1/cache/invalidate?region=nope", "application/json", "", 400
            },
            new Object[] {
              "POST", "/admin/v1/profiling/jfr?max_age=soon", "application/json", "", 400
            },
            new Object[] {"POST", "/admin/v1/profiling/jfr/stop", "application/json", "", 409},
            new Object[] {"POST", replay, "application/json", "", 404});
    for (Object[] w : writes) {
      String method = (String) w[0];
      String path = (String) w[1];
      for (String[] header :
          List.of(new String[] {"If-None-Match", "*"}, new String[] {"If-Match", "\"x\""})) {
        JsonNode p =
            checks.problem(
                conditional(method, path, header[0], header[1], (String) w[3], (String) w[2]), 412);
        assertThat(p.path("detail").asText()).as(method + " " + path).contains(header[0]);
      }
      checks.problem(client.send(method, path, (String) w[2], (String) w[3]), (int) w[4]);
    }
  }

  /**
   * A precondition is evaluated once the target is found and the body is valid (RFC 9110, section
   * 13.2.1): a PATCH of a missing alarm is 404, a DELETE of a missing alarm subscription 404, an
   * invalid body 400 and a body of the wrong type 415, whatever If-Match or If-None-Match say (they
   * used to be 412: every write route was guarded before it ran).
   */
  @Test
  void aFailedPreconditionLosesToEveryOtherRefusal() {
    String missing = "3f1c5e2a-0b7d-4c1e-9a8f-2d6b4e8c0a99";
    String ack = "{\"alarmAcknowledged\":true}";
    String config = MON + "/v1/alarmServiceConfiguration";
    JsonNode before = client.get(config).json();
    for (String[] header :
        List.of(new String[] {"If-None-Match", "*"}, new String[] {"If-Match", "\"x\""})) {
      JsonNode p =
          checks.problem(
              conditional("PATCH", ALARMS + "/" + missing, header[0], header[1], ack), 404);
      assertThat(p.path("detail").asText()).contains(missing);
      checks.problem(
          client.send(
              java.net.http.HttpRequest.newBuilder(client.uri(SUBS + "/" + missing))
                  .header(header[0], header[1])
                  .DELETE()),
          404);
      checks.problem(
          conditional("PATCH", config, header[0], header[1], "{\"retentionPeriod\":0}"), 400);
      checks.problem(conditional("PUT", config, header[0], header[1], "{\"extensions\":{}}"), 400);
      checks.problem(
          client.send(
              java.net.http.HttpRequest.newBuilder(client.uri(config))
                  .header(header[0], header[1])
                  .header("Content-Type", "text/plain")
                  .PUT(
                      java.net.http.HttpRequest.BodyPublishers.ofString(
                          "{\"retentionPeriod\":3}"))),
          415);
      checks.problem(
          client.send(
              java.net.http.HttpRequest.newBuilder(client.uri(SUBS))
                  .header(header[0], header[1])
                  .header("Content-Type", "application/json")
                  .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))),
          400);
    }
    assertThat(client.get(config).json()).isEqualTo(before);
  }

  @Test
  void serviceConfigurationIsReadReplacedAndMerged() {
    String path = MON + "/v1/alarmServiceConfiguration";
    JsonNode initial = checks.ok(client.get(path), "AlarmServiceConfiguration");
    assertThat(initial.path("retentionPeriod").asInt()).isEqualTo(14);
    JsonNode put =
        checks.ok(
            client.send(
                "PUT",
                path,
                "application/json",
                "{\"retentionPeriod\":3,\"extensions\":{\"a\":\"1\"}}"),
            "AlarmServiceConfiguration");
    assertThat(put.path("retentionPeriod").asInt()).isEqualTo(3);
    JsonNode patched =
        checks.ok(
            client.patch(path, "{\"extensions\":{\"b\":\"2\"}}"), "AlarmServiceConfiguration");
    assertThat(patched.path("retentionPeriod").asInt()).isEqualTo(3);
    assertThat(patched.path("extensions")).isEqualTo(read("{\"a\":\"1\",\"b\":\"2\"}"));
    assertThat(client.get(path).json()).isEqualTo(patched);
    checks.problem(client.patch(path, "{\"retentionPeriod\":0}"), 400);
    checks.problem(client.patch(path, "{\"retentionPeriod\":\"3\"}"), 400);
    checks.problem(client.patch(path, "{\"other\":1}"), 400);
    checks.problem(client.send("PUT", path, "application/json", "{\"extensions\":{}}"), 400);
    checks.problem(client.send("PUT", path, "text/plain", "{\"retentionPeriod\":3}"), 415);
    checks.ok(
        client.send("PUT", path, "application/json", "{\"retentionPeriod\":14,\"extensions\":{}}"),
        "AlarmServiceConfiguration");
  }

  @Test
  void theServiceConfigurationTakesAttributeSelectorsAsEverySingleObjectDoes() {
    String path = MON + "/v1/alarmServiceConfiguration";
    JsonNode whole = client.get(path).json();
    JsonNode withoutExtensions = client.get(path + "?exclude_fields=extensions").json();
    assertThat(withoutExtensions.has("extensions")).isFalse();
    assertThat(withoutExtensions.path("retentionPeriod")).isEqualTo(whole.path("retentionPeriod"));
    assertThat(client.get(path + "?fields=extensions").json()).isEqualTo(whole);
    assertThat(client.get(path + "?all_fields").json()).isEqualTo(whole);
    assertThat(checks.problem(client.get(path + "?fields=nosuch"), 400).path("detail").asText())
        .contains("nosuch");
    checks.problem(client.get(path + "?all_fields&fields=extensions"), 400);
  }

  @Test
  void aPatchValueOfTheWrongJsonTypeIsNamedAsSuch() {
    String path = ALARMS + "/3f1c5e2a-0b7d-4c1e-9a8f-2d6b4e8c0a12";
    JsonNode ack = checks.problem(client.patch(path, "{\"alarmAcknowledged\":\"true\"}"), 400);
    assertThat(ack.path("detail").asText()).contains("boolean", "\"true\"");
    JsonNode clear = checks.problem(client.patch(path, "{\"perceivedSeverity\":\"5\"}"), 400);
    assertThat(clear.path("detail").asText()).contains("number", "\"5\"");
  }

  /** The callback length limit holds for alarm subscriptions too (400 naming it, not stored). */
  @Test
  void anAlarmSubscriptionCallbackLongerThanTheLimitIs400() {
    String before = client.get(SUBS).header("X-Total-Count").orElseThrow();
    String callback = receiver.url("/long/" + "a".repeat(2048));
    JsonNode problem =
        checks.problem(client.postJson(SUBS, "{\"callback\":\"" + callback + "\"}"), 400);
    assertThat(problem.path("detail").asText())
        .isEqualTo(
            "callback is " + callback.length() + " characters long; the longest accepted is 2048");
    assertThat(problem.path("additionalAttributes").path("member").asText()).isEqualTo("callback");
    assertThat(client.get(SUBS).header("X-Total-Count").orElseThrow()).isEqualTo(before);
  }

  @Test
  void aFilterThatIsNeitherAnEventTokenNorAnExpressionIsRefusedNamingTheTokens() {
    for (String filter : new String[] {"BOGUS", "NEW|CLEAR", "new,clear"}) {
      JsonNode problem =
          checks.problem(
              client.postJson(
                  SUBS,
                  "{\"callback\":\""
                      + receiver.url("/bad-token")
                      + "\",\"filter\":\""
                      + filter
                      + "\"}"),
              400);
      assertThat(problem.path("detail").asText())
          .as(filter)
          .contains("NEW", "CHANGE", "CLEAR", "ACKNOWLEDGE");
    }
  }

  @Test
  void anAlarmSubscriptionOnAnEventTypeThatDoesNotExistIsRefusedAndNotStored() {
    String before = client.get(SUBS).header("X-Total-Count").orElseThrow();
    for (String filter :
        new String[] {
          "(eq,notificationEventType,9)",
          "(in,notificationEventType,1,4)",
          "(neq,notificationEventType,NEW)",
          "(cont,notificationEventType,1)"
        }) {
      JsonNode problem =
          checks.problem(
              client.postJson(
                  SUBS,
                  "{\"callback\":\""
                      + receiver.url("/no-such-event")
                      + "\",\"filter\":\""
                      + filter
                      + "\"}"),
              400);
      assertThat(problem.path("detail").asText()).as(filter).contains("notificationEventType");
    }
    assertThat(client.get(SUBS).header("X-Total-Count")).contains(before);
  }

  @Test
  void anAlarmSubscriptionsConsumerIdIsEchoedAsTheSmoSentItLetterCaseIncluded() {
    // DECISIONS "Payload" and "Alarm subscriptions": echoed exactly as sent, as for inventory.
    String consumer = "0F9C2B9E-3A51-4C8E-9D7A-1B2C3D4E5F6A";
    String id =
        subscribe(client, "/f-consumer-case", ",\"consumerSubscriptionId\":\"" + consumer + "\"");
    Reply one = client.get(SUBS + "/" + id);
    assertThat(one.json().path("consumerSubscriptionId").asText()).isEqualTo(consumer);
    assertThat(
            client
                .get(SUBS + "?filter=(eq,alarmSubscriptionId," + id + ")")
                .json()
                .path(0)
                .path("consumerSubscriptionId")
                .asText())
        .isEqualTo(consumer);

    Raised alarm =
        raiseOnNewNode(client, "alarm-consumer-case", "{\"Ready\":\"Unknown\"}", "NodeUnreachable");
    String record = alarm.recordId();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !notificationsOf("/f-consumer-case", record).isEmpty());
    JsonNode raised = notificationsOf("/f-consumer-case", record).get(0);
    assertThat(raised.path("consumerSubscriptionId").asText()).isEqualTo(consumer);
    assertThat(schemas.errors("AlarmEventNotification", raised)).isEmpty();
    assertThat(client.delete(SUBS + "/" + id).status()).isEqualTo(200);
  }

  @Test
  void alarmSubscriptionsFilterWithTokensAndExpressionsAndGetOnlyLaterEvents() {
    Raised alarm =
        raiseOnNewNode(client, "alarm-filters", "{\"Ready\":\"Unknown\"}", "NodeUnreachable");
    String resourceId = alarm.resourceId();
    String id = alarm.recordId();

    // created after the raise: never gets that NEW
    String all = subscribe(client, "/f-all", "");
    String clearOnly = subscribe(client, "/f-clear", ",\"filter\":\"CLEAR\"");
    String expr =
        subscribe(
            client,
            "/f-expr",
            ",\"filter\":\"(in,notificationEventType,3);(eq,resourceId," + resourceId + ")\"");
    String consumer = "0f9c2b9e-3a51-4c8e-9d7a-1b2c3d4e5f60";
    subscribe(
        client,
        "/f-other",
        ",\"consumerSubscriptionId\":\"" + consumer + "\",\"filter\":\"(eq,perceivedSeverity,1)\"");

    assertThat(client.patch(ALARMS + "/" + id, "{\"alarmAcknowledged\":true}").status())
        .isEqualTo(200);
    conditions(client, resourceId, "{\"Ready\":\"True\"}");
    awaitAlarm(client, resourceId, "NodeUnreachable", false);

    await().atMost(Duration.ofSeconds(20)).until(() -> notificationsOf("/f-all", id).size() >= 2);
    await().atMost(Duration.ofSeconds(20)).until(() -> notificationsOf("/f-clear", id).size() >= 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> notificationsOf("/f-expr", id).size() >= 1);
    // a sentinel matching every filter: a second alarm on the same node (MAJOR, severity 1),
    // raised, acknowledged and cleared after the events above; deliveries to one subscription keep
    // their order, so once each subscription got its last sentinel notice, everything sent to it
    // before has arrived and the exact lists below are final
    conditions(client, resourceId, "{\"NetworkUnavailable\":\"True\"}");
    String sentinel =
        awaitAlarm(client, resourceId, "NodeNetworkUnavailable", true)
            .path("alarmEventRecordId")
            .asText();
    assertThat(client.patch(ALARMS + "/" + sentinel, "{\"alarmAcknowledged\":true}").status())
        .isEqualTo(200);
    conditions(client, resourceId, "{\"NetworkUnavailable\":\"False\"}");
    awaitAlarm(client, resourceId, "NodeNetworkUnavailable", false);
    awaitLast("/f-all", sentinel, 2);
    awaitLast("/f-clear", sentinel, 2);
    awaitLast("/f-expr", sentinel, 3);
    awaitLast("/f-other", sentinel, 3); // the clear has severity 5, outside this filter
    assertThat(notificationsOf("/f-all", id))
        .extracting(n -> n.path("notificationEventType").asInt())
        .containsExactly(3, 2);
    assertThat(notificationsOf("/f-clear", id))
        .extracting(n -> n.path("notificationEventType").asInt())
        .containsExactly(2);
    assertThat(notificationsOf("/f-expr", id))
        .extracting(n -> n.path("notificationEventType").asInt())
        .containsExactly(3);
    assertThat(notifications("/f-other"))
        .filteredOn(n -> !n.path("alarmEventRecordId").asText().equals(sentinel))
        .isEmpty();

    // a bare token and its expression are the same filter: duplicate
    Reply dup =
        client.postJson(
            SUBS,
            "{\"callback\":\""
                + receiver.url("/f-clear")
                + "\",\"filter\":\"(eq,notificationEventType,2)\"}");
    JsonNode problem = checks.problem(dup, 409);
    assertThat(problem.path("additionalAttributes").path("alarmSubscriptionId").asText())
        .isEqualTo(clearOnly);
    checks.problem(
        client.postJson(
            SUBS, "{\"callback\":\"" + receiver.url("/x") + "\",\"filter\":\"(eq,nope,1)\"}"),
        400);
    checks.problem(
        client.postJson(SUBS, "{\"callback\":\"" + receiver.url("/x") + "\",\"filter\":\"BOGUS\"}"),
        400);
    checks.problem(
        client.postJson(
            SUBS,
            "{\"callback\":\""
                + receiver.url("/x")
                + "\",\"alarmSubscriptionId\":\"0f9c2b9e-3a51-4c8e-9d7a-1b2c3d4e5f61\"}"),
        400);
    checks.problem(client.postJson(SUBS, "{\"callback\":\"not a url\"}"), 400);

    JsonNode one = checks.ok(client.get(SUBS + "/" + expr), "AlarmSubscriptionInfo");
    assertThat(one.path("alarmSubscriptionId").asText()).isEqualTo(expr);
    JsonNode list = client.get(SUBS + "?filter=(eq,alarmSubscriptionId," + all + ")").json();
    assertThat(list.size()).isEqualTo(1);
    Reply deleted = client.delete(SUBS + "/" + all);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.body()).isEmpty();
    checks.problem(client.get(SUBS + "/" + all), 404);
    checks.problem(client.delete(SUBS + "/" + all), 404);
  }
}
