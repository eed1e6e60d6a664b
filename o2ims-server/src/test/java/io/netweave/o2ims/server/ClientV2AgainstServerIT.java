package io.netweave.o2ims.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netweave.o2ims.client.InventoryV2;
import io.netweave.o2ims.client.Listing;
import io.netweave.o2ims.client.O2imsApiException;
import io.netweave.o2ims.client.O2imsClient;
import io.netweave.o2ims.client.Query;
import io.netweave.o2ims.model.AlarmDictionary;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.Location;
import io.netweave.o2ims.model.OCloudSite;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.model.ResourcePoolV2;
import io.netweave.o2ims.model.ResourceTypeV2;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SDK's v2 view and view discovery against the real server (demo backend, port 0). */
class ClientV2AgainstServerIT {
  @TempDir static Path dataDir;
  static Gateway gateway;
  static String url;

  @BeforeAll
  static void start() {
    gateway = InProcessGateways.start(dataDir, Map.of("server.page_size", "4"));
    url = GatewayHttp.base(gateway);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  /**
   * The v2 O-Cloud an SMO reads and writes on (to store it, or hand it to another service) has the
   * members the server's v2 view has: {@code globalCloudId} only, never the v1 {@code
   * globalcloudId}, and {@code extensions} (DECISIONS, "Spellings").
   */
  @Test
  void theV2OCloudIsWrittenAsTheServerServesIt() throws Exception {
    var json = io.netweave.o2ims.model.O2Json.newMapper();
    var served =
        json.readTree(
            GatewayHttp.send(
                    java.net.http.HttpClient.newHttpClient(),
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(url + "/o2ims-infrastructureInventory/v2"))
                        .build())
                .body());
    try (O2imsClient client = O2imsClient.builder().baseUrl(url).build()) {
      var written = json.valueToTree(client.v2().oCloud());
      assertThat(written).isEqualTo(served);
      assertThat(written.has("globalcloudId")).isFalse();
      assertThat(json.valueToTree(client.oCloud()).has("globalcloudId")).isTrue();
    }
  }

  @Test
  void theViewIsChosenAtBuildOrDiscoveredFromApiVersions() {
    try (O2imsClient discovered = O2imsClient.builder().baseUrl(url).discoverApiView().build();
        O2imsClient fixed = O2imsClient.builder().baseUrl(url).apiView(ApiView.V1).build();
        O2imsClient plain = O2imsClient.builder().baseUrl(url).build()) {
      assertThat(discovered.apiView()).isEqualTo(ApiView.V2);
      assertThat(fixed.apiView()).isEqualTo(ApiView.V1);
      assertThat(plain.apiView()).isEqualTo(ApiView.V1);
    }
  }

  @Test
  void v2ObjectsAreReadAsTypedRecordsAndV1CodeKeepsWorking() {
    try (O2imsClient client = O2imsClient.builder().baseUrl(url).build()) {
      InventoryV2 v2 = client.v2();
      List<ResourcePoolV2> pools = v2.resourcePools().list().toList();
      Set<java.util.UUID> sites =
          v2.oCloudSites().list().map(OCloudSite::oCloudSiteId).collect(Collectors.toSet());
      assertThat(pools).isNotEmpty().allSatisfy(p -> assertThat(sites).contains(p.oCloudSiteId()));
      List<Location> locations = v2.locations().toList();
      assertThat(locations).isNotEmpty();
      Location first = locations.get(0);
      assertThat(v2.location(first.globalLocationId())).contains(first);
      assertThat(v2.location("no-such-location")).isEmpty();
      ResourceTypeV2 type = v2.resourceTypes().list().findFirst().orElseThrow();
      assertThat(v2.alarmDictionary(type.resourceTypeId()).alarmDictionaryId())
          .isEqualTo(type.alarmDictionaryId().orElseThrow());
      assertThat(v2.oCloud().globalCloudId()).isEqualTo(client.oCloud().globalCloudId());
      assertThat(v2.resources(pools.get(0).resourcePoolId()).list()).isNotEmpty();

      List<ResourcePool> v1Pools = client.resourcePools().list().toList();
      assertThat(v1Pools)
          .extracting(ResourcePool::resourcePoolId)
          .containsExactlyElementsOf(pools.stream().map(ResourcePoolV2::resourcePoolId).toList());
    }
  }

  /**
   * An SMO following a v2 type's {@code alarmDictionaryId} (or an alarm's {@code
   * alarmDefinitionID}) reads the {@code alarmDictionaries} collection: every type's dictionary is
   * listed, found by its id, and filtered on; an unknown id is the server's 404.
   */
  @Test
  void alarmDictionariesAreListedFilteredAndReadByTheIdTheTypesName() {
    try (O2imsClient client = O2imsClient.builder().baseUrl(url).build()) {
      InventoryV2 v2 = client.v2();
      List<ResourceTypeV2> types = v2.resourceTypes().list().toList();
      List<AlarmDictionary> dictionaries = v2.alarmDictionaries().toList();
      assertThat(dictionaries)
          .extracting(AlarmDictionary::alarmDictionaryId)
          .containsExactlyInAnyOrderElementsOf(
              types.stream().map(t -> t.alarmDictionaryId().orElseThrow()).toList());
      ResourceTypeV2 type = types.get(0);
      AlarmDictionary byId = v2.alarmDictionaryById(type.alarmDictionaryId().orElseThrow());
      assertThat(byId).isEqualTo(v2.alarmDictionary(type.resourceTypeId()));
      assertThat(
              v2.alarmDictionaries(
                  Query.builder().filter("(eq,vendor," + byId.vendor() + ")").build()))
          .contains(byId)
          .allSatisfy(d -> assertThat(d.vendor()).isEqualTo(byId.vendor()));
      assertThatThrownBy(() -> v2.alarmDictionaryById(java.util.UUID.randomUUID()))
          .isInstanceOfSatisfying(
              O2imsApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
  }

  @Test
  void listsCarryTheServersTotalCount() {
    try (O2imsClient client = O2imsClient.builder().baseUrl(url).build()) {
      Listing<ResourcePool> all = client.resourcePools().listWithTotal(Query.all());
      List<ResourcePool> items = all.items().toList();
      assertThat(all.totalCount()).isEqualTo(items.size());
      String name = items.get(0).name();
      Listing<ResourcePoolV2> one =
          client
              .v2()
              .resourcePools()
              .listWithTotal(Query.builder().filter("(eq,name," + name + ")").build());
      assertThat(one.totalCount()).isEqualTo(1);
      assertThat(one.items()).hasSize(1);
    }
  }
}
