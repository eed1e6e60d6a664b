package io.netweave.o2ims.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.client.O2imsApiException;
import io.netweave.o2ims.client.O2imsClient;
import io.netweave.o2ims.client.Query;
import io.netweave.o2ims.model.AlarmDictionary;
import io.netweave.o2ims.model.DeploymentManager;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.OCloudInfo;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.model.ResourceType;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.model.SubscriptionRequest;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client SDK against the real gateway, in-process on a free port: every SDK method, paging
 * through a 2,500-resource pool (page size 1,000, so three pages), and the SDK's mapping of the
 * server's 400, 404 and 409 problems.
 */
class ClientAgainstServerIT {
  @TempDir static Path dataDir;
  static Gateway gateway;
  static O2imsClient client;

  @BeforeAll
  static void start() {
    gateway =
        InProcessGateways.start(
            dataDir,
            Map.of(
                "server.page_size", "1000",
                "demo.resource_pools", "1",
                "demo.resources", "2500",
                "subscriptions.allow_http_callbacks", "false"));
    client = O2imsClient.builder().baseUrl(GatewayHttp.base(gateway)).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    gateway.close();
  }

  static ResourcePool onlyPool() {
    List<ResourcePool> pools = client.resourcePools().list().toList();
    assertThat(pools).hasSize(1);
    return pools.get(0);
  }

  @Test
  void theOCloudAndApiVersionsAreRead() {
    OCloudInfo info = client.oCloud();
    assertThat(info.name()).isNotBlank();
    assertThat(client.apiVersions().apiVersions()).isNotEmpty();
    assertThat(client.v1ApiVersions().uriPrefix()).endsWith("/o2ims-infrastructureInventory/v1");
  }

  @Test
  void aPoolOf2500ResourcesIsStreamedAcrossPages() {
    ResourcePool pool = onlyPool();
    List<String> pages = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Resource> resources;
    try (O2imsClient counting =
        O2imsClient.builder()
            .baseUrl(GatewayHttp.base(gateway))
            .addInterceptor(
                chain -> {
                  pages.add(chain.request().url().toString());
                  return chain.proceed(chain.request());
                })
            .build()) {
      resources = counting.resources(pool.resourcePoolId()).list().toList();
    }
    assertThat(pages).hasSize(3);
    assertThat(pages.get(1)).contains("nextpage_opaque_marker=");
    assertThat(resources).hasSize(2500);
    assertThat(resources.stream().map(Resource::resourceId).distinct()).hasSize(2500);
    assertThat(resources).allMatch(r -> r.resourcePoolId().equals(pool.resourcePoolId()));
  }

  @Test
  void everyCollectionListsAndGets() {
    ResourcePool pool = onlyPool();
    assertThat(client.resourcePools().get(pool.resourcePoolId())).isEqualTo(pool);

    List<ResourceType> types = client.resourceTypes().list().toList();
    assertThat(types).isNotEmpty();
    assertThat(client.resourceTypes().get(types.get(0).resourceTypeId())).isEqualTo(types.get(0));

    List<DeploymentManager> dms = client.deploymentManagers().list().toList();
    assertThat(dms).isNotEmpty();
    assertThat(client.deploymentManagers().get(dms.get(0).deploymentManagerId()))
        .isEqualTo(dms.get(0));

    Resource first = client.resources(pool.resourcePoolId()).list().findFirst().orElseThrow();
    assertThat(client.resources(pool.resourcePoolId()).get(first.resourceId())).isEqualTo(first);
  }

  /**
   * The v1 alarm dictionary reads the server serves (a type's own, the collection, one by id), as
   * an SMO following an alarm record's {@code alarmDefinitionID} through v1 reads them; the same
   * dictionaries as in v2.
   */
  @Test
  void alarmDictionariesAreReadInV1PerTypeListedFilteredAndById() {
    List<ResourceType> types = client.resourceTypes().list().toList();
    List<AlarmDictionary> dictionaries = client.alarmDictionaries().toList();
    assertThat(dictionaries).hasSameSizeAs(types);
    AlarmDictionary own = client.alarmDictionary(types.get(0).resourceTypeId());
    assertThat(dictionaries).contains(own);
    assertThat(own.alarmDefinition()).isNotEmpty();
    assertThat(client.alarmDictionaryById(own.alarmDictionaryId())).isEqualTo(own);
    assertThat(
            client.alarmDictionaries(
                Query.builder().filter("(eq,vendor," + own.vendor() + ")").build()))
        .contains(own)
        .allSatisfy(d -> assertThat(d.vendor()).isEqualTo(own.vendor()));
    assertThat(client.v2().alarmDictionaries().toList())
        .containsExactlyInAnyOrderElementsOf(dictionaries);
    assertThatThrownBy(() -> client.alarmDictionaryById(UUID.randomUUID()))
        .isInstanceOfSatisfying(
            O2imsApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> client.alarmDictionary(UUID.randomUUID()))
        .isInstanceOfSatisfying(
            O2imsApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(
            () -> client.alarmDictionaries(Query.builder().filter("(eq,nosuch,x)").build()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void filtersAndSelectorsAreAppliedByTheServer() {
    ResourcePool pool = onlyPool();
    Resource first = client.resources(pool.resourcePoolId()).list().findFirst().orElseThrow();
    List<Resource> one =
        client
            .resources(pool.resourcePoolId())
            .list(Filter.parse("(eq,resourceId," + first.resourceId() + ")"))
            .toList();
    assertThat(one).containsExactly(first);

    List<ObjectNode> names =
        client.resourcePools().select(Query.builder().fields("name").build()).toList();
    assertThat(names).hasSize(1);
    assertThat(names.get(0).has("name")).isTrue();
    assertThat(names.get(0).has("resourcePoolId")).isTrue();
    assertThat(names.get(0).has("description")).isTrue(); // simple attributes always come
    assertThat(names.get(0).has("extensions")).isFalse();

    ObjectNode selected =
        client
            .resourcePools()
            .select(pool.resourcePoolId(), Query.builder().fields("name").build());
    assertThat(selected.get("name").asText()).isEqualTo(pool.name());
  }

  @Test
  void anUnknownIdIs404AndFindIsEmpty() {
    UUID unknown = UUID.fromString("00000000-0000-4000-8000-000000000042");
    assertThatThrownBy(() -> client.resourcePools().get(unknown))
        .isInstanceOfSatisfying(
            O2imsApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.problem().status()).isEqualTo(404);
              assertThat(e.problem().instance()).isPresent();
            });
    assertThat(client.subscriptions().find(unknown)).isEmpty();
    assertThatThrownBy(() -> client.resources(unknown).list())
        .isInstanceOfSatisfying(
            O2imsApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void subscriptionsAreCreatedReadListedAndDeleted() {
    UUID consumer = UUID.fromString("8c1c151d-2899-4c96-b76f-4fe92064b57c");
    Subscription created =
        client
            .subscriptions()
            .create(
                new SubscriptionRequest(
                    "https://smo.example.com/cb/sdk",
                    Optional.of(consumer),
                    Optional.of("(eq,objectType,Resource)")));
    assertThat(created.consumerSubscriptionId()).contains(consumer);
    assertThat(client.subscriptions().get(created.subscriptionId())).isEqualTo(created);
    assertThat(client.subscriptions().list().toList()).contains(created);
    client.subscriptions().delete(created.subscriptionId());
    assertThat(client.subscriptions().find(created.subscriptionId())).isEmpty();
    assertThatThrownBy(() -> client.subscriptions().delete(created.subscriptionId()))
        .isInstanceOfSatisfying(
            O2imsApiException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  void aDuplicateSubscriptionIs409NamingTheExistingOne() {
    Subscription first =
        client.subscriptions().create(URI.create("https://smo.example.com/cb/dup"));
    assertThatThrownBy(
            () -> client.subscriptions().create(URI.create("https://smo.example.com/cb/dup")))
        .isInstanceOfSatisfying(
            O2imsApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.problem().additionalAttributes())
                  .containsEntry("subscriptionId", first.subscriptionId().toString());
            });
    client.subscriptions().delete(first.subscriptionId());
  }

  @Test
  void aCallbackTheServerRefusesIs400WithItsProblem() {
    assertThatThrownBy(
            () -> client.subscriptions().create(URI.create("http://smo.example.com/cb/plain")))
        .isInstanceOfSatisfying(
            O2imsApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.problem().detail()).contains("https");
            });
  }
}
