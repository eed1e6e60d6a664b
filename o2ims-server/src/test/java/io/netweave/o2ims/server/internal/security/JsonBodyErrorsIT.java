package io.netweave.o2ims.server.internal.security;

import static io.netweave.o2ims.server.internal.security.ProductionGateways.INV;
import static io.netweave.o2ims.server.internal.security.ProductionGateways.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.ProblemDetails;
import io.netweave.o2ims.server.internal.Gateway;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request bodies the JSON parser refuses, sent to the production gateway (real TLS, tokens): the
 * 400 problem says in plain words what is wrong and where (line, column, JSON pointer, the limit's
 * value) and names no class or method of the parser.
 */
class JsonBodyErrorsIT {
  private static final String MON = "/o2ims-infrastructureMonitoring/v1";
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static ProductionGateways gateways;
  private static Gateway gateway;
  private static HttpClient http;
  private static String subscriber;
  private static String admin;

  @BeforeAll
  static void start() {
    gateways = new ProductionGateways(dir);
    gateway = gateways.start(Map.of());
    http = gateways.client();
    subscriber = gateways.token("smo-1", "role:o2ims-reader role:o2ims-subscriber");
    admin = gateways.token("noc", "role:o2ims-admin");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static JsonNode subscribe(String body) throws Exception {
    return refused(
        send(
            http,
            "POST",
            "https://localhost:" + gateway.port() + INV + "/subscriptions",
            subscriber,
            body));
  }

  private static JsonNode refused(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(ProblemDetails.MEDIA_TYPE);
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("detail").asText())
        .doesNotContainIgnoringCase("jackson")
        .doesNotContainIgnoringCase("fasterxml")
        .doesNotContain("StreamReadConstraints")
        .doesNotContain("getMax")
        .doesNotContain("Feature")
        .doesNotContain("()")
        .doesNotContain("`");
    return problem;
  }

  @Test
  void aBodyNestedBeyondTheParsersLimitIsRefusedWithTheLimit() throws Exception {
    JsonNode problem = subscribe("{\"filter\":" + "[".repeat(1200) + "]".repeat(1200) + "}");
    assertThat(problem.path("detail").asText())
        .isEqualTo(
            "the request body is refused: objects and arrays are nested more than 1000 levels"
                + " deep");
    assertThat(problem.path("additionalAttributes").path("limit").asText()).isEqualTo("1000");
  }

  @Test
  void aNumberLongerThanTheParsersLimitIsRefusedWithTheLimit() throws Exception {
    JsonNode problem = subscribe("{\"filter\":" + "1".repeat(1200) + "}");
    assertThat(problem.path("detail").asText())
        .isEqualTo("the request body is refused: a number is longer than 1000 characters");
  }

  @Test
  void aSyntaxErrorSaysWhatAndWhere() throws Exception {
    JsonNode problem = subscribe("{\"callback\":\n  @}");
    assertThat(problem.path("detail").asText())
        .isEqualTo(
            "the request body is not valid JSON: unexpected character '@' (line 2, column 3, at"
                + " /callback)");
    assertThat(problem.path("additionalAttributes").path("line").asText()).isEqualTo("2");
    assertThat(problem.path("additionalAttributes").path("column").asText()).isEqualTo("3");
    assertThat(problem.path("additionalAttributes").path("pointer").asText())
        .isEqualTo("/callback");
  }

  @Test
  void aDuplicateMemberIsNamedByItsPointer() throws Exception {
    JsonNode problem =
        subscribe("{\"callback\":\"https://a.example/\",\"callback\":\"https://b.example/\"}");
    assertThat(problem.path("detail").asText())
        .startsWith("the request body is not valid JSON: a member appears twice in one object")
        .endsWith("at /callback)");
  }

  @Test
  void contentAfterTheValueAndAnUnfinishedValueAreRefusedPlainly() throws Exception {
    assertThat(subscribe("{} {}").path("detail").asText())
        .startsWith("the request body is not valid JSON: more follows the JSON value (line 1");
    assertThat(subscribe("{\"callback\":").path("detail").asText())
        .startsWith("the request body is not valid JSON: it ends before the value is complete");
  }

  @Test
  void theMonitoringApiSaysTheSame() throws Exception {
    JsonNode problem =
        refused(
            send(
                http,
                "PUT",
                "https://localhost:" + gateway.port() + MON + "/alarmServiceConfiguration",
                admin,
                "{\"retentionPeriod\":" + "[".repeat(1200) + "]".repeat(1200) + "}"));
    assertThat(problem.path("additionalAttributes").path("limit").asText()).isEqualTo("1000");
  }

  /**
   * The demo profile's admin routes (served beside the demo backend, here behind the admin role)
   * refuse a body the parser refuses with the same words and the same line, column and pointer.
   */
  @Test
  void theDemoAdminRoutesSayTheSame() throws Exception {
    String resources = "https://localhost:" + gateway.port() + "/admin/v1/demo/resources";
    JsonNode added = refused(send(http, "POST", resources, admin, "{\"nodeName\":\n  @}"));
    assertThat(added.path("detail").asText())
        .isEqualTo(
            "the request body is not valid JSON: unexpected character '@' (line 2, column 3, at"
                + " /nodeName)");
    assertThat(added.path("additionalAttributes").path("line").asText()).isEqualTo("2");
    assertThat(added.path("additionalAttributes").path("column").asText()).isEqualTo("3");
    assertThat(added.path("additionalAttributes").path("pointer").asText()).isEqualTo("/nodeName");

    HttpResponse<String> created =
        send(http, "POST", resources, admin, "{\"nodeName\":\"json-errors-1\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = JSON.readTree(created.body()).path("resourceId").asText();
    JsonNode patched =
        refused(send(http, "PATCH", resources + "/" + id, admin, "{\"labels\":{\"a\":\"b\",}}"));
    assertThat(patched.path("detail").asText())
        .startsWith("the request body is not valid JSON: unexpected character '}' (line 1,")
        .endsWith("at /labels/a)");
    assertThat(patched.path("additionalAttributes").path("line").asText()).isEqualTo("1");
    assertThat(patched.path("additionalAttributes").has("column")).isTrue();
    JsonNode deep =
        refused(
            send(
                http,
                "PATCH",
                resources + "/" + id,
                admin,
                "{\"labels\":" + "[".repeat(1200) + "]".repeat(1200) + "}"));
    assertThat(deep.path("additionalAttributes").path("limit").asText()).isEqualTo("1000");
    assertThat(send(http, "DELETE", resources + "/" + id, admin, null).statusCode()).isEqualTo(200);
  }

  /**
   * The demo admin routes name the body member a 400 (or the 409 for a taken node name) is about in
   * {@code additionalAttributes.member}, as subscription creates do.
   */
  @Test
  void theDemoAdminRoutesNameTheMemberTheyRefuse() throws Exception {
    String resources = "https://localhost:" + gateway.port() + "/admin/v1/demo/resources";
    Map<String, String> bodies =
        Map.of(
            "{\"nodeNme\":\"typo\"}",
            "nodeNme",
            "{\"nodeName\":7}",
            "nodeName",
            "{\"resourcePoolId\":\"pool-1\"}",
            "resourcePoolId",
            "{\"resourcePoolId\":\"" + UUID.randomUUID() + "\"}",
            "resourcePoolId",
            "{\"resourceTypeId\":\"" + UUID.randomUUID() + "\"}",
            "resourceTypeId",
            "{\"ready\":\"yes\"}",
            "ready",
            "{\"labels\":[\"a\"]}",
            "labels",
            "{\"conditions\":{\"Ready\":\"Maybe\"}}",
            "conditions");
    for (Map.Entry<String, String> e : bodies.entrySet()) {
      JsonNode problem = refused(send(http, "POST", resources, admin, e.getKey()));
      assertThat(problem.path("additionalAttributes").path("member").asText())
          .as(e.getKey() + " -> " + problem)
          .isEqualTo(e.getValue());
    }

    assertThat(
            refused(send(http, "POST", resources, admin, "{\"nodeNme\":\"typo\"}"))
                .path("detail")
                .asText())
        .isEqualTo(
            "unknown member 'nodeNme' (allowed: nodeName, resourcePoolId, resourceTypeId, ready,"
                + " unschedulable, labels, conditions)");

    HttpResponse<String> created =
        send(http, "POST", resources, admin, "{\"nodeName\":\"member-errors-1\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = JSON.readTree(created.body()).path("resourceId").asText();
    JsonNode patched =
        refused(send(http, "PATCH", resources + "/" + id, admin, "{\"unschedulable\":1}"));
    assertThat(patched.path("additionalAttributes").path("member").asText())
        .isEqualTo("unschedulable");
    HttpResponse<String> taken =
        send(http, "POST", resources, admin, "{\"nodeName\":\"member-errors-1\"}");
    assertThat(taken.statusCode()).as(taken.body()).isEqualTo(409);
    assertThat(taken.headers().firstValue("Content-Type")).hasValue(ProblemDetails.MEDIA_TYPE);
    assertThat(JSON.readTree(taken.body()).path("additionalAttributes").path("member").asText())
        .isEqualTo("nodeName");
    assertThat(send(http, "DELETE", resources + "/" + id, admin, null).statusCode()).isEqualTo(200);
  }
}
