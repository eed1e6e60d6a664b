package io.netweave.o2ims.server.it;

import static io.netweave.o2ims.server.it.Client.INV;
import static io.netweave.o2ims.server.it.Client.V1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.server.internal.Gateway;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code /v2} view (R005-v11 shapes) over HTTP: every collection, validated against the kni-v2
 * reference schemas, from the same engine and model as {@code /v1}.
 */
class InventoryV2ApiIT {
  static final String V2 = INV + "/v2";
  @TempDir static Path dataDir;
  static Gateway gateway;
  static Client client;
  static ApiChecks v2;
  static ApiChecks v1;

  @BeforeAll
  static void start() {
    v2 = new ApiChecks(ReferenceSchemas.v2());
    v1 = new ApiChecks(new ReferenceSchemas());
    gateway =
        InProcessGateways.start(
            dataDir,
            Map.of(
                "server.page_size", "5",
                // Behind a load balancer: the external root, as SMOs reach it.
                "ocloud.service_uri", "https://o2ims.example.com:8443/"));
    client = new Client(GatewayHttp.base(gateway));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void apiVersionsListBothViews() {
    JsonNode all = v2.ok(client.get(INV + "/api_versions"), "APIVersions");
    assertThat(all.path("apiVersions").findValuesAsText("version")).contains("1.0.0", "2.0.0");
    JsonNode own = v2.ok(client.get(V2 + "/api_versions"), "APIVersions");
    assertThat(own.path("uriPrefix").asText()).isEqualTo(V2);
    assertThat(own.path("apiVersions").get(0).path("version").asText()).isEqualTo("2.0.0");
  }

  @Test
  void theOCloudCarriesOnlyTheSpecSpellingAndAlwaysExtensions() {
    JsonNode cloud = v2.ok(client.get(V2), "OCloudInfo");
    assertThat(cloud.has("globalcloudId")).isFalse();
    assertThat(cloud.has("globalCloudId")).isTrue();
    assertThat(cloud.has("extensions")).isTrue();
    assertThat(cloud.path("serviceUri").asText()).isEqualTo("https://o2ims.example.com:8443");
    assertThat(client.get(INV + "/v1").json().path("serviceUri").asText())
        .isEqualTo("https://o2ims.example.com:8443");
  }

  @Test
  void everyCollectionListsAndGetsItsObjectsInTheV2Shapes() {
    Map<String, String[]> collections =
        Map.of(
            "resourcePools", new String[] {"ResourcePool", "resourcePoolId"},
            "resourceTypes", new String[] {"ResourceType", "resourceTypeId"},
            "deploymentManagers", new String[] {"DeploymentManager", "deploymentManagerId"},
            "oCloudSites", new String[] {"OCloudSiteInfo", "oCloudSiteId"},
            "locations", new String[] {"LocationInfo", "globalLocationId"});
    collections.forEach(
        (collection, schema) -> {
          JsonNode list = all(V2 + "/" + collection, schema[0]);
          assertThat(list).as(collection).isNotEmpty();
          for (JsonNode o : list) {
            String id = URLEncoder.encode(o.path(schema[1]).asText(), StandardCharsets.UTF_8);
            assertThat(v2.ok(client.get(V2 + "/" + collection + "/" + id), schema[0])).isEqualTo(o);
          }
        });
    JsonNode pool = all(V2 + "/resourcePools", "ResourcePool").get(0);
    assertThat(pool.has("oCloudId")).isFalse();
    assertThat(pool.has("globalLocationId")).isFalse();
    assertThat(pool.has("location")).isFalse();
    JsonNode resources =
        all(
            V2 + "/resourcePools/" + pool.path("resourcePoolId").asText() + "/resources",
            "Resource");
    assertThat(resources).isNotEmpty();
    JsonNode type = all(V2 + "/resourceTypes", "ResourceType").get(0);
    assertThat(type.has("alarmDictionary")).isFalse();
    String dictionaryId = type.path("alarmDictionaryId").asText();
    JsonNode dictionary =
        v2.ok(
            client.get(
                V2 + "/resourceTypes/" + type.path("resourceTypeId").asText() + "/alarmDictionary"),
            "AlarmDictionary");
    assertThat(dictionary.path("alarmDictionaryId").asText()).isEqualTo(dictionaryId);
    v2.ok(client.get(V2 + "/alarmDictionaries/" + dictionaryId), "AlarmDictionary");
    assertThat(client.get(V2 + "/alarmDictionaries").json()).isNotEmpty();
  }

  @Test
  void sitesLocationsPoolsAndManagersReferToEachOther() {
    JsonNode sites = all(V2 + "/oCloudSites", "OCloudSiteInfo");
    JsonNode locations = all(V2 + "/locations", "LocationInfo");
    JsonNode pools = all(V2 + "/resourcePools", "ResourcePool");
    Set<String> siteIds = new HashSet<>(sites.findValuesAsText("oCloudSiteId"));
    Set<String> locationIds = new HashSet<>(locations.findValuesAsText("globalLocationId"));
    for (JsonNode pool : pools) {
      assertThat(siteIds).contains(pool.path("oCloudSiteId").asText());
    }
    for (JsonNode site : sites) {
      assertThat(locationIds).contains(site.path("globalLocationId").asText());
      for (JsonNode poolId : site.path("resourcePools")) {
        assertThat(pools.findValuesAsText("resourcePoolId")).contains(poolId.asText());
      }
    }
    for (JsonNode location : locations) {
      assertThat(
              location.has("address") || location.has("coordinate") || location.has("civicAddress"))
          .isTrue();
      for (JsonNode siteId : location.path("oCloudSiteIds")) {
        assertThat(siteIds).contains(siteId.asText());
      }
    }
    for (JsonNode dm : all(V2 + "/deploymentManagers", "DeploymentManager")) {
      assertThat(locationIds).containsAll(dm.path("supportedLocations").findValuesAsText(""));
      for (JsonNode l : dm.path("supportedLocations")) {
        assertThat(locationIds).contains(l.asText());
      }
    }
  }

  @Test
  void filtersSelectorsAndErrorsFollowTheView() {
    JsonNode pool = all(V2 + "/resourcePools", "ResourcePool").get(0);
    String site = pool.path("oCloudSiteId").asText();
    Reply bySite = client.get(V2 + "/resourcePools?filter=(eq,oCloudSiteId," + site + ")");
    JsonNode selected = v2.okList(bySite, "ResourcePool");
    assertThat(selected).isNotEmpty();
    assertThat(selected.findValuesAsText("oCloudSiteId")).containsOnly(site);
    v1.problem(client.get(V1 + "/resourcePools?filter=(eq,oCloudSiteId," + site + ")"), 400);
    v2.problem(client.get(V2 + "/resourcePools?filter=(eq,oCloudId," + site + ")"), 400);

    JsonNode type = client.get(V2 + "/resourceTypes?fields=name,description").json().get(0);
    assertThat(type.has("vendor")).isTrue();
    assertThat(type.has("model")).isTrue();
    assertThat(type.has("version")).isTrue();
    assertThat(type.has("alarmDictionaryId")).isTrue();
    assertThat(type.has("extensions")).isFalse();

    v2.problem(client.get(V2 + "/locations/no-such-location"), 404);
    v2.problem(client.get(V2 + "/oCloudSites/not-a-uuid"), 400);
    v2.problem(client.get(V2 + "/oCloudSites/00000000-0000-0000-0000-000000000001"), 404);
  }

  @Test
  void theOpenApiDocumentDescribesBothViews() throws Exception {
    Reply r = client.get("/openapi.yaml");
    assertThat(r.status()).isEqualTo(200);
    JsonNode doc =
        new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(r.body());
    JsonNode paths = doc.path("paths");
    for (String view : new String[] {V1, V2}) {
      for (String path :
          new String[] {
            "",
            "/api_versions",
            "/resourceTypes",
            "/resourceTypes/{resourceTypeId}/alarmDictionary",
            "/alarmDictionaries/{alarmDictionaryId}",
            "/resourcePools/{resourcePoolId}/resources/{resourceId}",
            "/deploymentManagers/{deploymentManagerId}",
            "/subscriptions/{subscriptionId}"
          }) {
        assertThat(paths.has(view + path)).as(view + path).isTrue();
      }
    }
    assertThat(paths.has(V2 + "/locations/{globalLocationId}")).isTrue();
    assertThat(paths.has(V2 + "/oCloudSites/{oCloudSiteId}")).isTrue();
    assertThat(paths.has(V1 + "/locations")).isFalse();
    assertThat(doc.path("components").path("schemas").has("ResourcePoolV2")).isTrue();
  }

  /** Every page of a list, each valid against the schema. */
  private static JsonNode all(String path, String schema) {
    com.fasterxml.jackson.databind.node.ArrayNode out =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
    String next = path;
    while (next != null) {
      Reply r = client.get(next);
      v2.okList(r, schema).forEach(out::add);
      next =
          r.header("Link")
              .map(l -> l.substring(l.indexOf('<') + 1, l.indexOf('>')))
              .map(u -> u.startsWith("http") ? u.substring(u.indexOf(INV)) : u)
              .orElse(null);
    }
    return out;
  }
}
