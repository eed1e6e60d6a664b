package io.netweave.o2ims.server.it;

import static io.netweave.o2ims.server.it.Client.INV;
import static io.netweave.o2ims.server.it.Client.V1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.server.internal.Gateway;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v1 inventory endpoints over real HTTP, in-process on a free port, against the demo O-Cloud.
 */
class InventoryApiIT {
  @TempDir static Path dataDir;
  static Gateway gateway;
  static Client client;
  static ReferenceSchemas schemas;
  static ApiChecks checks;

  @BeforeAll
  static void start() {
    schemas = new ReferenceSchemas();
    checks = new ApiChecks(schemas);
    gateway = InProcessGateways.start(dataDir, Map.of("server.page_size", "7"));
    client = new Client(GatewayHttp.base(gateway));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  static JsonNode ok(Reply r, String schema) {
    return checks.ok(r, schema);
  }

  static JsonNode okList(Reply r, String schema) {
    return checks.okList(r, schema);
  }

  static JsonNode problem(Reply r, int status) {
    return checks.problem(r, status);
  }

  static String firstPoolId() {
    return client.get(V1 + "/resourcePools").json().get(0).path("resourcePoolId").asText();
  }

  @Test
  void apiVersionsAreServedAtBothLevels() {
    JsonNode all = ok(client.get(INV + "/api_versions"), "APIVersions");
    assertThat(all.path("apiVersions").get(0).path("version").asText()).isEqualTo("1.0.0");
    JsonNode v1 = ok(client.get(V1 + "/api_versions"), "APIVersions");
    assertThat(v1.path("uriPrefix").asText()).isEqualTo(V1);
  }

  @Test
  void oCloudInfoCarriesBothSpellingsAndHonoursSelectors() {
    JsonNode info = ok(client.get(V1), "OCloudInfo");
    assertThat(info.path("globalcloudId")).isEqualTo(info.path("globalCloudId"));
    // The demo backend keeps its own default name (a Kubernetes O-Cloud's is "netweave")
    assertThat(info.path("name").asText()).isEqualTo("netweave-demo");
    JsonNode selected = client.get(V1 + "?fields=name").json();
    assertThat(selected.has("oCloudId")).isTrue();
    assertThat(selected.has("name")).isTrue();
    assertThat(selected.has("description")).isTrue();
    assertThat(selected.has("extensions")).isFalse();
  }

  @Test
  void serviceUriIsTheApiRootWithTheRealPortAndNoPath() {
    JsonNode info = client.get(V1).json();
    String uri = info.path("serviceUri").asText();
    assertThat(uri).matches("http://[^/]+:" + gateway.port());
    assertThat(uri).doesNotContain(":0").doesNotContain("/o2ims");
  }

  @Test
  void everyCollectionListsAndGetsItsObjects() {
    Map<String, String[]> collections =
        Map.of(
            "resourceTypes", new String[] {"ResourceType", "resourceTypeId"},
            "resourcePools", new String[] {"ResourcePool", "resourcePoolId"},
            "deploymentManagers", new String[] {"DeploymentManager", "deploymentManagerId"});
    collections.forEach(
        (path, schema) -> {
          JsonNode list = okList(client.get(V1 + "/" + path), schema[0]);
          assertThat(list.size()).isPositive();
          String id = list.get(0).path(schema[1]).asText();
          JsonNode one = ok(client.get(V1 + "/" + path + "/" + id), schema[0]);
          assertThat(one).isEqualTo(list.get(0));
        });
  }

  @Test
  void resourcesOfAPoolListAndGetButNotUnderAnotherPool() {
    JsonNode pools = client.get(V1 + "/resourcePools").json();
    String pool = pools.get(0).path("resourcePoolId").asText();
    String other = pools.get(1).path("resourcePoolId").asText();
    Reply list = client.get(V1 + "/resourcePools/" + pool + "/resources");
    JsonNode resources = okList(list, "Resource");
    assertThat(resources)
        .allSatisfy(r -> assertThat(r.path("resourcePoolId").asText()).isEqualTo(pool));
    String resource = resources.get(0).path("resourceId").asText();
    ok(client.get(V1 + "/resourcePools/" + pool + "/resources/" + resource), "Resource");
    JsonNode p =
        problem(client.get(V1 + "/resourcePools/" + other + "/resources/" + resource), 404);
    assertThat(p.path("additionalAttributes").path("resourceId").asText()).isEqualTo(resource);
  }

  @Test
  void alarmDictionariesAreServedPerTypeAndAsACollection() {
    JsonNode types = client.get(V1 + "/resourceTypes").json();
    String type = types.get(0).path("resourceTypeId").asText();
    JsonNode dictionary =
        ok(client.get(V1 + "/resourceTypes/" + type + "/alarmDictionary"), "AlarmDictionary");
    JsonNode all = client.get(V1 + "/alarmDictionaries").json();
    assertThat(schemas.arrayErrors("AlarmDictionary", all)).isEmpty();
    assertThat(all.size()).isEqualTo(types.size());
    String id = dictionary.path("alarmDictionaryId").asText();
    assertThat(ok(client.get(V1 + "/alarmDictionaries/" + id), "AlarmDictionary"))
        .isEqualTo(dictionary);
  }

  @Test
  void alarmDictionariesTakeFiltersAndSelectorsLikeEveryOtherCollection() {
    JsonNode all = okList(client.get(V1 + "/alarmDictionaries"), "AlarmDictionary");
    String vendor = all.get(0).path("vendor").asText();
    int sameVendor = all.findValuesAsText("vendor").stream().filter(vendor::equals).toList().size();
    assertThat(sameVendor).isLessThan(all.size());
    Reply filtered =
        client.get(
            V1
                + "/alarmDictionaries?filter="
                + java.net.URLEncoder.encode(
                    "(eq,vendor," + vendor + ")", java.nio.charset.StandardCharsets.UTF_8));
    JsonNode narrowed = okList(filtered, "AlarmDictionary");
    assertThat(narrowed.findValuesAsText("vendor")).hasSize(sameVendor).containsOnly(vendor);
    assertThat(filtered.header("X-Total-Count")).contains(String.valueOf(sameVendor));
    for (String view : new String[] {V1, INV + "/v2"}) {
      problem(client.get(view + "/alarmDictionaries?filter=(eq,nosuch,x)"), 400);
      problem(client.get(view + "/alarmDictionaries?fields=nosuch"), 400);
    }
    String id = all.get(0).path("alarmDictionaryId").asText();
    JsonNode slim =
        client.get(V1 + "/alarmDictionaries/" + id + "?exclude_fields=alarmDefinition").json();
    assertThat(slim.has("alarmDefinition")).isFalse();
    assertThat(slim.path("alarmDictionaryId").asText()).isEqualTo(id);
    String type = client.get(V1 + "/resourceTypes").json().get(0).path("resourceTypeId").asText();
    problem(client.get(V1 + "/resourceTypes/" + type + "/alarmDictionary?fields=nosuch"), 400);
    problem(client.get(V1 + "/alarmDictionaries/" + id + "?exclude_fields=nosuch"), 400);
  }

  @Test
  void filtersAndSelectorsNarrowLists() {
    String pool = firstPoolId();
    Reply r =
        client.get(
            V1
                + "/resourcePools/"
                + pool
                + "/resources?filter=(eq,extensions/ready,true)&fields=description");
    assertThat(r.status()).isEqualTo(200);
    JsonNode first = r.json().get(0);
    assertThat(first.has("resourceId")).isTrue();
    assertThat(first.has("description")).isTrue();
    assertThat(first.has("globalAssetId")).isTrue();
    assertThat(first.has("extensions")).isFalse();
    Reply none = client.get(V1 + "/resourcePools?filter=(eq,name,no-such-pool)");
    assertThat(none.json().size()).isZero();
    assertThat(none.header("X-Total-Count")).contains("0");
  }

  @Test
  void idsAreCaseInsensitiveAndTrailingSlashesTolerated() {
    String pool = firstPoolId();
    ok(client.get(V1 + "/resourcePools/" + pool.toUpperCase(Locale.ROOT)), "ResourcePool");
    ok(client.get(V1 + "/resourcePools/" + pool + "/"), "ResourcePool");
    okList(client.get(V1 + "/resourcePools/"), "ResourcePool");
  }

  @Test
  void malformedQueriesAreRejectedWith400() {
    problem(client.get(V1 + "/resourcePools?filter=(eq,name)"), 400);
    problem(client.get(V1 + "/resourcePools?filter=(eq,noSuchAttribute,x)"), 400);
    problem(client.get(V1 + "/resourcePools?filter=(between,name,a)"), 400);
    problem(client.get(V1 + "/resourcePools?fields=noSuchAttribute"), 400);
    problem(client.get(V1 + "/resourcePools?all_fields&fields=name"), 400);
    problem(client.get(V1 + "/resourcePools/" + firstPoolId() + "?fields=noSuchAttribute"), 400);
  }

  /**
   * A filter on one object selects nothing (the object is answered whatever it says), but a
   * malformed one is refused as on a list: it was passed over, 200.
   */
  @Test
  void aMalformedFilterOnASingleObjectIsRejectedWith400AndAWellFormedOneIgnored() {
    String pool = V1 + "/resourcePools/" + firstPoolId();
    String oCloud = V1;
    for (String path : List.of(pool, oCloud)) {
      JsonNode p = problem(client.get(path + "?filter=(eq,name"), 400);
      assertThat(p.path("detail").asText()).contains("missing ')'");
      assertThat(p.path("additionalAttributes").path("parameter").asText()).isEqualTo("filter");
      problem(client.get(path + "?filter=(between,name,a)"), 400);
      problem(client.get(path + "?filter="), 400);
      assertThat(client.get(path + "?filter=(eq,name,nothing-has-this-name)").status())
          .isEqualTo(200);
    }
  }

  @Test
  void nonUuidIdsAre400AndUnknownIds404() {
    JsonNode bad = problem(client.get(V1 + "/resourcePools/not-a-uuid"), 400);
    assertThat(bad.path("additionalAttributes").path("resourcePoolId").asText())
        .isEqualTo("not-a-uuid");
    String unknown = "00000000-0000-4000-8000-000000000000";
    JsonNode missing = problem(client.get(V1 + "/resourceTypes/" + unknown), 404);
    assertThat(missing.path("additionalAttributes").path("resourceTypeId").asText())
        .isEqualTo(unknown);
    problem(client.get(V1 + "/deploymentManagers/" + unknown), 404);
    problem(client.get(V1 + "/resourcePools/" + unknown + "/resources"), 404);
    problem(client.get(V1 + "/noSuchCollection"), 404);
  }

  @Test
  void wrongMethodsAre405WithAllow() {
    Reply r = client.method("PUT", V1 + "/resourcePools");
    problem(r, 405);
    assertThat(r.header("Allow")).contains("GET, HEAD");
    Reply d =
        client.method("DELETE", V1 + "/resourceTypes/" + "00000000-0000-4000-8000-000000000000");
    problem(d, 405);
    Reply s = client.method("PUT", V1 + "/subscriptions");
    assertThat(s.header("Allow")).contains("GET, HEAD, POST");
  }

  @Test
  void pagingWalksEveryResourceOnceWithTheTotalOnEachPage() {
    String pool = firstPoolId();
    Set<String> seen = new HashSet<>();
    Reply r = client.get(V1 + "/resourcePools/" + pool + "/resources");
    int expectedTotal = Integer.parseInt(r.header("X-Total-Count").orElseThrow());
    int pages = 0;
    while (true) {
      pages++;
      JsonNode page = okList(r, "Resource");
      assertThat(page.size()).isLessThanOrEqualTo(7);
      assertThat(r.header("X-Total-Count")).contains(Integer.toString(expectedTotal));
      page.forEach(o -> assertThat(seen.add(o.path("resourceId").asText())).isTrue());
      if (r.header("Link").isEmpty()) {
        break;
      }
      String link = r.header("Link").orElseThrow();
      assertThat(link).endsWith("; rel=\"next\"");
      r = client.get(link.substring(link.indexOf('<') + 1, link.indexOf('>')));
    }
    assertThat(expectedTotal).isGreaterThan(7);
    assertThat(seen).hasSize(expectedTotal);
    assertThat(pages).isEqualTo((expectedTotal + 6) / 7);
  }

  @Test
  void aTamperedOrForeignMarkerIs400() {
    String pool = firstPoolId();
    String link =
        client.get(V1 + "/resourcePools/" + pool + "/resources").header("Link").orElseThrow();
    String next = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
    String marker = next.substring(next.indexOf("nextpage_opaque_marker=") + 23);
    String tampered = (marker.charAt(0) == 'A' ? "B" : "A") + marker.substring(1);
    problem(
        client.get(V1 + "/resourcePools/" + pool + "/resources?nextpage_opaque_marker=" + tampered),
        400);
    problem(
        client.get(
            V1
                + "/resourcePools/"
                + pool
                + "/resources?filter=(eq,extensions/ready,true)&nextpage_opaque_marker="
                + marker),
        400);
    problem(client.get(V1 + "/resourcePools?nextpage_opaque_marker=garbage"), 400);
  }

  @Test
  void operationsEndpointsAnswer() {
    assertThat(client.get("/healthz").status()).isEqualTo(200);
    Reply ready = client.get("/readyz");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().path("source").asText()).isEqualTo("demo");
    assertThat(ready.json().path("detail").asText()).contains("pools");
    client.get(V1 + "/resourcePools");
    Reply metrics = client.get("/metrics");
    assertThat(metrics.contentType()).startsWith("text/plain");
    assertThat(metrics.body())
        .contains(
            "netweave_http_requests_total{route=\""
                + V1
                + "/resourcePools\",method=\"GET\",status=\"200\"}")
        .contains("netweave_http_request_duration_seconds{")
        .contains("jvm_memory_heap_used");
    Reply openApi = client.get("/openapi.yaml");
    assertThat(openApi.status()).isEqualTo(200);
    assertThat(openApi.body())
        .startsWith("openapi: 3.0.3")
        .contains(V1 + "/resourcePools/{resourcePoolId}/resources");
  }

  @Test
  void theDemoAdminEndpointChangesTheInventory() {
    String pool = firstPoolId();
    Reply created =
        client.postJson(
            "/admin/v1/demo/resources",
            "{\"nodeName\":\"it-node\",\"resourcePoolId\":\"" + pool + "\",\"ready\":false}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("resourceId").asText();
    String path = V1 + "/resourcePools/" + pool + "/resources/" + id;
    assertThat(ok(client.get(path), "Resource").path("extensions").path("ready").asBoolean())
        .isFalse();
    Reply duplicate = client.postJson("/admin/v1/demo/resources", "{\"nodeName\":\"it-node\"}");
    problem(duplicate, 409);
    Reply patched =
        client.send(
            java.net.http.HttpRequest.newBuilder(client.uri("/admin/v1/demo/resources/" + id))
                .header("Content-Type", "application/json")
                .method(
                    "PATCH",
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"ready\":true,\"labels\":{\"team\":\"ran\"}}")));
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    JsonNode now = client.get(path).json();
    assertThat(now.path("extensions").path("ready").asBoolean()).isTrue();
    assertThat(now.path("extensions").path("labels").path("team").asText()).isEqualTo("ran");
    assertThat(client.delete("/admin/v1/demo/resources/" + id).status()).isEqualTo(200);
    problem(client.get(path), 404);
    problem(client.delete("/admin/v1/demo/resources/" + id), 404);
  }

  /** Malformed JSON sent to the demo admin endpoint: said as the API's own bodies say it. */
  @Test
  void theDemoAdminEndpointSaysWhereABodyIsNotJson() {
    JsonNode problem =
        problem(
            client.postJson("/admin/v1/demo/resources", "{\"nodeName\": \"n\",\n \"ready\": tru}"),
            400);
    assertThat(problem.path("detail").asText())
        .startsWith("the request body is not valid JSON: a value is not a string, number, object,")
        .contains("line 2, column ")
        .endsWith("at /ready)");
    assertThat(problem.path("additionalAttributes").path("line").asText()).isEqualTo("2");
    assertThat(problem.path("additionalAttributes").path("pointer").asText()).isEqualTo("/ready");
  }
}
