package io.netweave.o2ims.k8s.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.openapi.models.V1NodeSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.Watch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official client, over real HTTP, sees the emulator behave as a kube-apiserver. */
class EmulatorWithOfficialClientIT {
  private final KubeApiEmulator emulator = new KubeApiEmulator(1000);
  private ApiClient client;
  private CoreV1Api api;

  @BeforeEach
  void start() {
    emulator.start();
    client = new ClientBuilder().setBasePath(emulator.url()).setReadTimeout(Duration.ZERO).build();
    api = new CoreV1Api(client);
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private V1Node node(String name, Map<String, String> labels) {
    return new V1Node().metadata(new V1ObjectMeta().name(name).labels(labels));
  }

  @Test
  void createdNodesAreListedWithUidTimestampAndResourceVersions() throws ApiException {
    V1Node created = api.createNode(node("n1", Map.of("zone", "a"))).execute();
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getCreationTimestamp()).isNotNull();
    V1NodeList list = api.listNode().execute();
    assertThat(list.getKind()).isEqualTo("NodeList");
    assertThat(list.getMetadata().getResourceVersion())
        .isEqualTo(created.getMetadata().getResourceVersion());
    assertThat(list.getItems()).extracting(n -> n.getMetadata().getName()).containsExactly("n1");
  }

  @Test
  void labelAndFieldSelectorsNarrowTheList() throws ApiException {
    api.createNode(node("a1", Map.of("zone", "a", "gpu", "yes"))).execute();
    api.createNode(node("b1", Map.of("zone", "b"))).execute();
    api.createNode(node("c1", Map.of("zone", "c"))).execute();
    mergePatch("c1", "{\"spec\":{\"unschedulable\":true}}");
    assertThat(names(api.listNode().labelSelector("zone=a").execute())).containsExactly("a1");
    assertThat(names(api.listNode().labelSelector("zone!=a").execute()))
        .containsExactly("b1", "c1");
    assertThat(names(api.listNode().labelSelector("zone in (a, b)").execute()))
        .containsExactly("a1", "b1");
    assertThat(names(api.listNode().labelSelector("zone notin (a,b)").execute()))
        .containsExactly("c1");
    assertThat(names(api.listNode().labelSelector("gpu").execute())).containsExactly("a1");
    assertThat(names(api.listNode().labelSelector("!gpu,zone").execute()))
        .containsExactly("b1", "c1");
    assertThat(names(api.listNode().fieldSelector("metadata.name=b1").execute()))
        .containsExactly("b1");
    assertThat(names(api.listNode().fieldSelector("spec.unschedulable=false").execute()))
        .containsExactly("a1", "b1");
  }

  @Test
  void limitAndContinuePageThroughTheList() throws ApiException {
    for (int i = 0; i < 5; i++) {
      api.createNode(node("n" + i, Map.of())).execute();
    }
    V1NodeList first = api.listNode().limit(2).execute();
    assertThat(names(first)).containsExactly("n0", "n1");
    assertThat(first.getMetadata().getRemainingItemCount()).isEqualTo(3L);
    V1NodeList second =
        api.listNode().limit(2)._continue(first.getMetadata().getContinue()).execute();
    assertThat(names(second)).containsExactly("n2", "n3");
    V1NodeList last =
        api.listNode().limit(2)._continue(second.getMetadata().getContinue()).execute();
    assertThat(names(last)).containsExactly("n4");
    assertThat(last.getMetadata().getContinue()).isNullOrEmpty();
  }

  @Test
  void staleResourceVersionOnUpdateIsAConflict() throws ApiException {
    V1Node created = api.createNode(node("n1", Map.of())).execute();
    mergePatch("n1", "{\"metadata\":{\"labels\":{\"x\":\"1\"}}}");
    created.getSpec(); // the stale copy still carries the first resourceVersion
    created.spec(new V1NodeSpec().unschedulable(true));
    assertThatThrownBy(() -> api.replaceNode("n1", created).execute())
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThatThrownBy(() -> api.readNode("missing").execute())
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }

  @Test
  void strategicMergePatchIsAppliedAsAMergePatch() throws ApiException {
    api.createNode(node("n1", Map.of("keep", "1"))).execute();
    V1Node patched =
        PatchUtils.patch(
            V1Node.class,
            () ->
                api.patchNode("n1", new V1Patch("{\"metadata\":{\"labels\":{\"x\":\"2\"}}}"))
                    .buildCall(null),
            V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
            client);
    assertThat(patched.getMetadata().getLabels())
        .containsEntry("keep", "1")
        .containsEntry("x", "2");
  }

  @Test
  void watchStreamsChangesAfterTheListedResourceVersion() throws Exception {
    api.createNode(node("n1", Map.of())).execute();
    String rv = api.listNode().execute().getMetadata().getResourceVersion();
    mergePatch("n1", "{\"metadata\":{\"labels\":{\"x\":\"1\"}}}");
    api.deleteNode("n1").execute();
    api.createNode(node("n2", Map.of())).execute();
    List<String> seen = new ArrayList<>();
    try (Watch<V1Node> watch =
        Watch.createWatch(
            client,
            api.listNode().watch(true).resourceVersion(rv).timeoutSeconds(1).buildCall(null),
            new TypeToken<Watch.Response<V1Node>>() {}.getType())) {
      for (Watch.Response<V1Node> event : watch) {
        seen.add(event.type + " " + event.object.getMetadata().getName());
      }
    }
    assertThat(seen).containsExactly("MODIFIED n1", "DELETED n1", "ADDED n2");
  }

  @Test
  void watchFromACompactedResourceVersionEndsWithExpired() throws Exception {
    api.createNode(node("n1", Map.of())).execute();
    String rv = api.listNode().execute().getMetadata().getResourceVersion();
    api.createNode(node("n2", Map.of())).execute();
    emulator.compact();
    List<Watch.Response<V1Node>> events = new ArrayList<>();
    try (Watch<V1Node> watch =
        Watch.createWatch(
            client,
            api.listNode().watch(true).resourceVersion(rv).timeoutSeconds(5).buildCall(null),
            new TypeToken<Watch.Response<V1Node>>() {}.getType())) {
      watch.forEach(events::add);
    }
    assertThat(events).hasSize(1);
    assertThat(events.get(0).type).isEqualTo("ERROR");
    assertThat(events.get(0).status.getCode()).isEqualTo(410);
    assertThat(events.get(0).status.getReason()).isEqualTo("Expired");
  }

  @Test
  void bookmarksCarryTheCurrentResourceVersion() throws Exception {
    emulator.bookmarkInterval(Duration.ofMillis(100));
    api.createNode(node("n1", Map.of())).execute();
    String rv = api.listNode().execute().getMetadata().getResourceVersion();
    try (Watch<V1Node> watch =
        Watch.createWatch(
            client,
            api.listNode()
                .watch(true)
                .allowWatchBookmarks(true)
                .resourceVersion(rv)
                .timeoutSeconds(10)
                .buildCall(null),
            new TypeToken<Watch.Response<V1Node>>() {}.getType())) {
      Watch.Response<V1Node> first = watch.next();
      assertThat(first.type).isEqualTo("BOOKMARK");
      assertThat(first.object.getMetadata().getResourceVersion()).isEqualTo(rv);
    }
  }

  @Test
  void statusSubresourceChangesOnlyTheStatusAndTheMainResourceKeepsIt() throws ApiException {
    api.createNode(node("n1", Map.of())).execute();
    V1Node withStatus =
        PatchUtils.patch(
            V1Node.class,
            () ->
                api.patchNodeStatus(
                        "n1",
                        new V1Patch(
                            "{\"status\":{\"capacity\":{\"cpu\":\"8\"}},\"metadata\":{\"labels\":{\"ignored\":\"1\"}}}"))
                    .buildCall(null),
            V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
            client);
    assertThat(withStatus.getStatus().getCapacity().get("cpu").toSuffixedString()).isEqualTo("8");
    assertThat(withStatus.getMetadata().getLabels()).isNullOrEmpty();
    withStatus.getStatus().getCapacity().clear();
    withStatus.getMetadata().labels(Map.of("kept", "yes"));
    V1Node replaced = api.replaceNode("n1", withStatus).execute();
    assertThat(replaced.getMetadata().getLabels()).containsEntry("kept", "yes");
    assertThat(replaced.getStatus().getCapacity()).containsKey("cpu");
  }

  @Test
  void leasesAreNamespaced() throws ApiException {
    CoordinationV1Api coordination = new CoordinationV1Api(client);
    coordination
        .createNamespacedLease("a", new V1Lease().metadata(new V1ObjectMeta().name("l")))
        .execute();
    coordination
        .createNamespacedLease("b", new V1Lease().metadata(new V1ObjectMeta().name("l")))
        .execute();
    assertThat(coordination.listNamespacedLease("a").execute().getItems()).hasSize(1);
    assertThat(coordination.listLeaseForAllNamespaces().execute().getItems())
        .extracting(l -> l.getMetadata().getNamespace())
        .containsExactly("a", "b");
    assertThat(coordination.readNamespacedLease("l", "b").execute().getMetadata().getNamespace())
        .isEqualTo("b");
  }

  @Test
  void restartBreaksOpenWatchesAndServesAgainOnTheSamePort() throws Exception {
    String url = emulator.url();
    Watch<V1Node> watch =
        Watch.createWatch(
            client,
            api.listNode().watch(true).buildCall(null),
            new TypeToken<Watch.Response<V1Node>>() {}.getType());
    java.util.concurrent.CompletableFuture<String> ended =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                while (watch.hasNext()) {
                  watch.next();
                }
                return "ended";
              } catch (RuntimeException e) {
                return "broken";
              }
            });
    emulator.latency(Duration.ofMillis(50));
    emulator.restart();
    assertThat(ended.get(30, java.util.concurrent.TimeUnit.SECONDS)).isIn("ended", "broken");
    watch.close();
    assertThat(emulator.url()).isEqualTo(url);
    long lists = emulator.requestCount("list");
    assertThat(api.listNode().execute().getItems()).isEmpty();
    assertThat(emulator.requestCount("list")).isEqualTo(lists + 1);
  }

  private V1Node mergePatch(String name, String patch) throws ApiException {
    return PatchUtils.patch(
        V1Node.class,
        () -> api.patchNode(name, new V1Patch(patch)).buildCall(null),
        V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH,
        client);
  }

  @Test
  void jsonPatchIsRefusedAsAnUnsupportedMediaType() throws ApiException {
    api.createNode(node("n1", Map.of())).execute();
    assertThatThrownBy(
            () ->
                api.patchNode("n1", new V1Patch("[{\"op\":\"remove\",\"path\":\"/x\"}]")).execute())
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(415));
  }

  private static List<String> names(V1NodeList list) {
    return list.getItems().stream().map(n -> n.getMetadata().getName()).toList();
  }
}
