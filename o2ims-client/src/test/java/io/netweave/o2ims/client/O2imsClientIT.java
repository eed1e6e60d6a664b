package io.netweave.o2ims.client;

import static io.netweave.o2ims.client.Fixtures.deploymentManager;
import static io.netweave.o2ims.client.Fixtures.ok;
import static io.netweave.o2ims.client.Fixtures.pool;
import static io.netweave.o2ims.client.Fixtures.resource;
import static io.netweave.o2ims.client.Fixtures.subscription;
import static io.netweave.o2ims.client.Fixtures.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.ApiVersion;
import io.netweave.o2ims.model.ApiVersions;
import io.netweave.o2ims.model.DeploymentManager;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.InvalidQueryException;
import io.netweave.o2ims.model.OCloudInfo;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.model.ResourceType;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.model.SubscriptionRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class O2imsClientIT {
  private static final String V1 = "/o2ims-infrastructureInventory/v1";

  @StartStop final MockWebServer server = new MockWebServer();
  O2imsClient client;

  @BeforeEach
  void build() {
    client = O2imsClient.builder().baseUrl(server.url("/").toString()).build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  private RecordedRequest taken() throws InterruptedException {
    return server.takeRequest(30, TimeUnit.SECONDS);
  }

  @Test
  void toStringNamesTheServerAndViewButNoCredentials() {
    String root = server.url("/").toString();
    try (O2imsClient withToken =
        O2imsClient.builder().baseUrl(root).bearerToken("s3cret-token").build()) {
      assertThat(withToken.toString())
          .isEqualTo("O2imsClient[" + root + ", view=V1]")
          .doesNotContain("s3cret-token");
      withToken.close();
      assertThat(withToken.toString()).isEqualTo("O2imsClient[" + root + ", view=V1, closed]");
    }
    try (O2imsClient discovering = O2imsClient.builder().baseUrl(root).discoverApiView().build()) {
      assertThat(discovering.toString()).isEqualTo("O2imsClient[" + root + ", view=discover]");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aLocationIdThatIsEmptyOrADotSegmentIsRefusedBeforeSending() {
    // OkHttp resolves "." and ".." in a path: location("..") used to GET {INV}/v2, location("")
    // and location(".") the locations list, and fail reading them as one Location.
    for (String id : List.of("", ".", "..")) {
      assertThatThrownBy(() -> client.v2().location(id))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("dot segment");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void oCloudIsReadFromTheV1Root() throws Exception {
    server.enqueue(ok(Fixtures.oCloud()));
    OCloudInfo info = client.oCloud();
    assertThat(info).isEqualTo(Fixtures.oCloud());
    RecordedRequest request = taken();
    assertThat(request.getUrl().encodedPath()).isEqualTo(V1);
    assertThat(request.getHeaders().get("X-Request-Id")).isNotBlank();
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
  }

  @Test
  void apiVersionsAreReadAtBothLevels() throws Exception {
    ApiVersions versions =
        new ApiVersions("/o2ims-infrastructureInventory/v1", List.of(new ApiVersion("1.0.0")));
    server.enqueue(ok(versions));
    server.enqueue(ok(versions));
    assertThat(client.apiVersions()).isEqualTo(versions);
    assertThat(client.v1ApiVersions()).isEqualTo(versions);
    assertThat(taken().getUrl().encodedPath())
        .isEqualTo("/o2ims-infrastructureInventory/api_versions");
    assertThat(taken().getUrl().encodedPath()).isEqualTo(V1 + "/api_versions");
  }

  @Test
  void resourceTypesAreListedAndFetched() throws Exception {
    server.enqueue(ok(List.of(type(1), type(2))));
    server.enqueue(ok(type(1)));
    assertThat(client.resourceTypes().list().toList()).containsExactly(type(1), type(2));
    ResourceType one = client.resourceTypes().get(type(1).resourceTypeId());
    assertThat(one).isEqualTo(type(1));
    assertThat(taken().getUrl().encodedPath()).isEqualTo(V1 + "/resourceTypes");
    assertThat(taken().getUrl().encodedPath())
        .isEqualTo(V1 + "/resourceTypes/" + type(1).resourceTypeId());
  }

  @Test
  void resourcePoolsAreListedWithAFilterAndFetched() throws Exception {
    server.enqueue(ok(List.of(pool(1))));
    server.enqueue(ok(pool(1)));
    List<ResourcePool> pools =
        client.resourcePools().list(Filter.parse("(eq,name,zone-1)")).toList();
    assertThat(pools).containsExactly(pool(1));
    assertThat(client.resourcePools().get(pool(1).resourcePoolId())).isEqualTo(pool(1));
    RecordedRequest list = taken();
    assertThat(list.getUrl().encodedPath()).isEqualTo(V1 + "/resourcePools");
    assertThat(Filter.parse(list.getUrl().queryParameter("filter")).canonical())
        .isEqualTo(Filter.parse("(eq,name,zone-1)").canonical());
    assertThat(taken().getUrl().encodedPath())
        .isEqualTo(V1 + "/resourcePools/" + pool(1).resourcePoolId());
  }

  @Test
  void findAnswersEmptyForAnUnknownId() {
    server.enqueue(Fixtures.problem(404, "Not Found", "resource pool not found"));
    assertThat(client.resourcePools().find(pool(9).resourcePoolId())).isEmpty();
  }

  @Test
  void resourcesOfAPoolAreListedAndFetched() throws Exception {
    server.enqueue(ok(List.of(resource(1), resource(2))));
    server.enqueue(ok(resource(2)));
    List<Resource> resources = client.resources(Fixtures.POOL).list().toList();
    assertThat(resources).containsExactly(resource(1), resource(2));
    assertThat(client.resources(Fixtures.POOL).get(resource(2).resourceId()))
        .isEqualTo(resource(2));
    assertThat(taken().getUrl().encodedPath())
        .isEqualTo(V1 + "/resourcePools/" + Fixtures.POOL + "/resources");
    assertThat(taken().getUrl().encodedPath())
        .isEqualTo(
            V1 + "/resourcePools/" + Fixtures.POOL + "/resources/" + resource(2).resourceId());
  }

  @Test
  void deploymentManagersAreListedAndFetched() throws Exception {
    server.enqueue(ok(List.of(deploymentManager(1))));
    server.enqueue(ok(deploymentManager(1)));
    assertThat(client.deploymentManagers().list().toList()).containsExactly(deploymentManager(1));
    DeploymentManager dm =
        client.deploymentManagers().get(deploymentManager(1).deploymentManagerId());
    assertThat(dm.capabilities()).containsEntry("kubernetesVersion", "v1.31.2");
    assertThat(taken().getUrl().encodedPath()).isEqualTo(V1 + "/deploymentManagers");
  }

  @Test
  void subscriptionsAreListedFetchedCreatedAndDeleted() throws Exception {
    server.enqueue(ok(List.of(subscription(1))));
    server.enqueue(ok(subscription(1)));
    server.enqueue(
        new MockResponse.Builder()
            .code(201)
            .setHeader("Content-Type", "application/json")
            .setHeader("Location", V1 + "/subscriptions/" + subscription(2).subscriptionId())
            .body(Fixtures.json(subscription(2)))
            .build());
    server.enqueue(new MockResponse.Builder().code(200).build());

    assertThat(client.subscriptions().list().toList()).containsExactly(subscription(1));
    assertThat(client.subscriptions().get(subscription(1).subscriptionId()))
        .isEqualTo(subscription(1));
    Subscription created =
        client
            .subscriptions()
            .create(
                new SubscriptionRequest(
                    "https://smo.example.net/cb/2",
                    Optional.empty(),
                    Optional.of("(eq,objectType,Resource)")));
    assertThat(created).isEqualTo(subscription(2));
    client.subscriptions().delete(created.subscriptionId());

    assertThat(taken().getMethod()).isEqualTo("GET");
    assertThat(taken().getMethod()).isEqualTo("GET");
    RecordedRequest post = taken();
    assertThat(post.getMethod()).isEqualTo("POST");
    assertThat(post.getUrl().encodedPath()).isEqualTo(V1 + "/subscriptions");
    assertThat(post.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(Fixtures.JSON.readTree(post.getBody().utf8()))
        .isEqualTo(
            Fixtures.JSON.readTree(
                "{\"callback\":\"https://smo.example.net/cb/2\","
                    + "\"filter\":\"(eq,objectType,Resource)\"}"));
    RecordedRequest delete = taken();
    assertThat(delete.getMethod()).isEqualTo("DELETE");
    assertThat(delete.getUrl().encodedPath())
        .isEqualTo(V1 + "/subscriptions/" + subscription(2).subscriptionId());
  }

  @Test
  void aSubscriptionWithABadFilterOrCallbackIsRefusedBeforeSending() {
    assertThatThrownBy(
            () ->
                client
                    .subscriptions()
                    .create(
                        new SubscriptionRequest(
                            "https://smo/cb", Optional.empty(), Optional.of("(eq,name"))))
        .isInstanceOf(InvalidQueryException.class);
    assertThatThrownBy(() -> client.subscriptions().create(URI.create("ftp://smo/cb")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http(s)");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void filterOnUnknownAttributeIsRejectedBeforeSending() {
    assertThatThrownBy(
            () -> client.resourcePools().list(Query.builder().filter("(eq,nosuch,x)").build()))
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("nosuch");
    assertThatThrownBy(
            () -> client.resourcePools().select(Query.builder().fields("nosuch").build()))
        .isInstanceOf(InvalidQueryException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void selectorsAreSentAndProjectedObjectsComeBackAsJson() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("[{\"resourcePoolId\":\"" + pool(1).resourcePoolId() + "\",\"name\":\"zone-1\"}]")
            .build());
    List<ObjectNode> pools =
        client
            .resourcePools()
            .select(
                Query.builder()
                    .filter("(eq,extensions/site,s1)")
                    .select(FieldSelector.parse(Map.of("fields", List.of("name"))))
                    .build())
            .toList();
    assertThat(pools).hasSize(1);
    assertThat(pools.get(0).get("name").asText()).isEqualTo("zone-1");
    RecordedRequest request = taken();
    assertThat(request.getUrl().queryParameter("fields")).isEqualTo("name");
    assertThat(request.getUrl().queryParameter("filter")).isEqualTo("(eq,extensions/site,s1)");
  }

  @Test
  void aSingleObjectIsProjectedButNeverFiltered() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("{\"resourcePoolId\":\"" + pool(1).resourcePoolId() + "\",\"name\":\"zone-1\"}")
            .build());
    ObjectNode one =
        client
            .resourcePools()
            .select(pool(1).resourcePoolId(), Query.builder().fields("name").build());
    assertThat(one.get("name").asText()).isEqualTo("zone-1");
    assertThat(taken().getUrl().queryParameter("fields")).isEqualTo("name");
    assertThatThrownBy(
            () ->
                client
                    .resourcePools()
                    .select(
                        pool(1).resourcePoolId(), Query.builder().filter("(eq,name,x)").build()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void subscriptionsAreFoundOrNot() {
    server.enqueue(Fixtures.problem(404, "Not Found", "no such subscription"));
    server.enqueue(ok(subscription(3)));
    assertThat(client.subscriptions().find(subscription(3).subscriptionId())).isEmpty();
    assertThat(client.subscriptions().find(subscription(3).subscriptionId()))
        .contains(subscription(3));
  }

  @Test
  void typedListsRefuseSelectorsBecauseProjectionsAreNotWholeRecords() {
    assertThatThrownBy(() -> client.resourcePools().list(Query.builder().fields("name").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("select");
  }

  @Test
  void unexpectedMembersAndNullArraysAreTolerated() {
    String body =
        "[{\"resourceId\":\""
            + resource(1).resourceId()
            + "\",\"resourcePoolId\":\""
            + Fixtures.POOL
            + "\",\"resourceTypeId\":\""
            + Fixtures.TYPE
            + "\",\"description\":\"n\",\"elements\":null,\"tags\":null,"
            + "\"parentId\":\"x\",\"futureMember\":{\"a\":[1,2]}}]";
    server.enqueue(new MockResponse.Builder().code(200).body(body).build());
    Resource r = client.resources(Fixtures.POOL).list().findFirst().orElseThrow();
    assertThat(r.elements()).isEmpty();
    assertThat(r.tags()).isEmpty();
    assertThat(r.groups()).isEmpty();
  }

  @Test
  void oneClientIsSharedByManyThreads() throws Exception {
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return request.getUrl().encodedPath().endsWith("/resourcePools")
                ? ok(List.of(pool(1), pool(2)))
                : ok(Fixtures.oCloud());
          }
        });
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 64; i++) {
        results.add(
            threads.submit(
                () -> {
                  client.oCloud();
                  return client.resourcePools().list().toList().size();
                }));
      }
      for (java.util.concurrent.Future<Integer> r : results) {
        assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(2);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(server.getRequestCount()).isEqualTo(128);
  }

  @Test
  void aClosedClientRefusesCalls() {
    client.close();
    client.close();
    assertThatThrownBy(() -> client.oCloud())
        .isInstanceOf(O2imsException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void theBuilderRefusesRepeatedAndContradictoryOptions() {
    assertThatThrownBy(() -> O2imsClient.builder().baseUrl("http://a").baseUrl("http://b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(
            () ->
                O2imsClient.builder()
                    .baseUrl("http://a")
                    .bearerToken("t")
                    .clientCredentials(
                        ClientCredentials.of(URI.create("http://idp/token"), "id", "secret"))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> O2imsClient.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("baseUrl");
  }

  @Test
  void aBorrowedConnectionPoolStaysUsableAfterClose() {
    okhttp3.ConnectionPool pool = new okhttp3.ConnectionPool();
    server.enqueue(ok(Fixtures.oCloud()));
    server.enqueue(ok(Fixtures.oCloud()));
    try (O2imsClient first =
        O2imsClient.builder().baseUrl(server.url("/").toString()).connectionPool(pool).build()) {
      first.oCloud();
    }
    try (O2imsClient second =
        O2imsClient.builder().baseUrl(server.url("/").toString()).connectionPool(pool).build()) {
      assertThat(second.oCloud()).isEqualTo(Fixtures.oCloud());
    }
    assertThat(pool.connectionCount()).isEqualTo(1);
    pool.evictAll();
  }
}
