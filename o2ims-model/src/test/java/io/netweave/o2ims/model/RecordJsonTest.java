package io.netweave.o2ims.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordJsonTest {
  private final ObjectMapper mapper = O2Json.newMapper();

  private <T> T roundTrip(T value, Class<T> type) throws Exception {
    return mapper.readValue(mapper.writeValueAsString(value), type);
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void resourceRoundTripsWithV1Names() throws Exception {
    Resource resource = Fixtures.resource();
    assertThat(roundTrip(resource, Resource.class)).isEqualTo(resource);
    assertThat(names(mapper.valueToTree(resource)))
        .containsExactly(
            "resourceId",
            "resourcePoolId",
            "resourceTypeId",
            "globalAssetId",
            "description",
            "elements",
            "tags",
            "groups",
            "extensions");
  }

  @Test
  void nullArraysReadAsEmpty() throws Exception {
    String json =
        "{\"resourceId\":\""
            + Fixtures.RESOURCE_ID
            + "\",\"resourcePoolId\":\""
            + Fixtures.POOL_ID
            + "\",\"resourceTypeId\":\""
            + Fixtures.TYPE_ID
            + "\",\"elements\":null,\"tags\":null,\"groups\":null,\"extensions\":null}";
    Resource resource = mapper.readValue(json, Resource.class);
    assertThat(resource.elements()).isEmpty();
    assertThat(resource.tags()).isEmpty();
    assertThat(resource.groups()).isEmpty();
    assertThat(resource.extensions()).isEmpty();
    DeploymentManager dm =
        mapper.readValue(
            "{\"deploymentManagerId\":\""
                + Fixtures.DM_ID
                + "\",\"name\":\"c\",\"oCloudId\":\""
                + Fixtures.CLOUD_ID
                + "\",\"serviceUri\":\"https://x\",\"supportedLocations\":null,"
                + "\"capabilities\":null,\"capacity\":null}",
            DeploymentManager.class);
    assertThat(dm.supportedLocations()).isEmpty();
    assertThat(dm.capabilities()).isEmpty();
  }

  @Test
  void resourcePoolOmitsAbsentLocationAndUsesOCloudIdSpelling() throws Exception {
    ResourcePool pool = Fixtures.pool(Optional.empty());
    JsonNode json = mapper.valueToTree(pool);
    assertThat(names(json)).doesNotContain("location").contains("oCloudId", "globalLocationId");
    assertThat(json.toString()).doesNotContain("null");
    assertThat(roundTrip(pool, ResourcePool.class)).isEqualTo(pool);
    ResourcePool located = Fixtures.pool(Optional.of("Paris"));
    assertThat(roundTrip(located, ResourcePool.class)).isEqualTo(located);
  }

  @Test
  void oCloudWritesBothSpellingsAndReadsEither() throws Exception {
    OCloudInfo cloud = Fixtures.cloud();
    JsonNode json = mapper.valueToTree(cloud);
    assertThat(json.get("globalCloudId").asText()).isEqualTo(cloud.globalCloudId().toString());
    assertThat(json.get("globalcloudId").asText()).isEqualTo(cloud.globalCloudId().toString());
    assertThat(json.has("oCloudId")).isTrue();
    String oldSpelling =
        "{\"oCloudId\":\""
            + Fixtures.CLOUD_ID
            + "\",\"globalcloudId\":\""
            + Fixtures.GPU_ID
            + "\",\"name\":\"n\",\"serviceUri\":\"https://x\"}";
    assertThat(mapper.readValue(oldSpelling, OCloudInfo.class).globalCloudId())
        .isEqualTo(Fixtures.GPU_ID);
  }

  @Test
  void resourceTypeWithAlarmDictionaryRoundTrips() throws Exception {
    ResourceType type = Fixtures.resourceType();
    assertThat(roundTrip(type, ResourceType.class)).isEqualTo(type);
    ResourceType plain = ResourceType.builder().resourceTypeId(Fixtures.TYPE_ID).name("t").build();
    assertThat(plain.alarmDictionary()).isEmpty();
    assertThat(names(mapper.valueToTree(plain))).doesNotContain("alarmDictionary");
  }

  @Test
  void deploymentManagerRoundTrips() throws Exception {
    DeploymentManager dm = Fixtures.deploymentManager();
    assertThat(roundTrip(dm, DeploymentManager.class)).isEqualTo(dm);
    assertThat(names(mapper.valueToTree(dm))).contains("capabilities", "capacity", "oCloudId");
  }

  @Test
  void subscriptionRoundTripsAndOmitsAbsentOptionals() throws Exception {
    Subscription sub =
        new Subscription(UUID.randomUUID(), Optional.empty(), Optional.empty(), "https://smo/cb");
    assertThat(names(mapper.valueToTree(sub))).containsExactly("subscriptionId", "callback");
    assertThat(roundTrip(sub, Subscription.class)).isEqualTo(sub);
    Subscription full =
        new Subscription(
            UUID.randomUUID(),
            Optional.of(UUID.randomUUID()),
            Optional.of("(eq,a,b)"),
            "https://x");
    assertThat(roundTrip(full, Subscription.class)).isEqualTo(full);
  }

  @Test
  void consumerSubscriptionIdIsEchoedAsSentLetterCaseIncluded() throws Exception {
    String sent = "8C6F3A52-1B2D-4E5F-9A0B-1C2D3E4F5A6B";
    Subscription sub =
        new Subscription(
            UUID.randomUUID(), Optional.empty(), Optional.empty(), "https://x", Optional.of(sent));
    assertThat(sub.consumerSubscriptionId()).contains(UUID.fromString(sent));
    assertThat(mapper.valueToTree(sub).get("consumerSubscriptionId").asText()).isEqualTo(sent);
    assertThat(roundTrip(sub, Subscription.class)).isEqualTo(sub);
    InventoryChangeNotification n =
        new InventoryChangeNotification(
            UUID.randomUUID(),
            Optional.empty(),
            NotificationEventType.CREATE,
            Optional.of("/x"),
            Optional.empty(),
            Optional.of(Map.of("a", "b")),
            Optional.of(sent));
    assertThat(mapper.valueToTree(n).get("consumerSubscriptionId").asText()).isEqualTo(sent);
    assertThat(roundTrip(n, InventoryChangeNotification.class).consumerSubscriptionId())
        .contains(UUID.fromString(sent));
  }

  @Test
  void alarmSubscriptionsAndTheirNotificationsEchoTheConsumerIdAsSent() throws Exception {
    String sent = "8C6F3A52-1B2D-4E5F-9A0B-1C2D3E4F5A6B";
    AlarmSubscription sub =
        new AlarmSubscription(
            UUID.randomUUID(),
            Optional.empty(),
            Optional.of("NEW"),
            "https://x",
            Optional.of(sent));
    assertThat(sub.consumerSubscriptionId()).contains(UUID.fromString(sent));
    JsonNode tree = mapper.valueToTree(sub);
    assertThat(tree.get("consumerSubscriptionId").asText()).isEqualTo(sent);
    assertThat(tree.has("consumerSubscriptionUuid")).isFalse();
    assertThat(roundTrip(sub, AlarmSubscription.class)).isEqualTo(sub);

    String body =
        """
        {"notificationId":"0f9c2b9e-3a51-4c8e-9d7a-1b2c3d4e5f60",
         "globalCloudID":"0f9c2b9e-3a51-4c8e-9d7a-1b2c3d4e5f61",
         "consumerSubscriptionId":"%s","notificationEventType":0,
         "objectRef":"/o2ims-infrastructureMonitoring/v1/alarms/0f9c2b9e-3a51-4c8e-9d7a-1b2c3d4e5f62",
         "alarmEventRecordId":"0f9c2b9e-3a51-4c8e-9d7a-1b2c3d4e5f62",
         "resourceTypeID":"0f9c2b9e-3a51-4c8e-9d7a-1b2c3d4e5f63",
         "resourceID":"0f9c2b9e-3a51-4c8e-9d7a-1b2c3d4e5f64",
         "alarmDefinitionID":"0f9c2b9e-3a51-4c8e-9d7a-1b2c3d4e5f65",
         "probableCauseID":"0f9c2b9e-3a51-4c8e-9d7a-1b2c3d4e5f66",
         "alarmRaisedTime":"2026-01-01T00:00:00Z","alarmChangedTime":"2026-01-01T00:00:00Z",
         "alarmAcknowledged":false,"perceivedSeverity":0,"extensions":{"nodeName":"n"}}
        """
            .formatted(sent);
    AlarmEventNotification n = mapper.readValue(body, AlarmEventNotification.class);
    assertThat(n.consumerSubscriptionId()).contains(UUID.fromString(sent));
    JsonNode written = mapper.valueToTree(n);
    assertThat(written.get("consumerSubscriptionId").asText()).isEqualTo(sent);
    assertThat(written.has("consumerSubscriptionUuid")).isFalse();
    assertThat(mapper.readTree(body)).isEqualTo(written);
  }

  @Test
  void notificationReadsStringEncodedEventType() throws Exception {
    InventoryChangeNotification n =
        mapper.readValue(
            "{\"notificationId\":\"" + Fixtures.GPU_ID + "\",\"notificationEventType\":\"1\"}",
            InventoryChangeNotification.class);
    assertThat(n.notificationEventType()).isEqualTo(NotificationEventType.MODIFY);
    JsonNode written = mapper.valueToTree(n);
    assertThat(written.get("notificationEventType").isInt()).isTrue();
    assertThat(names(written)).containsExactly("notificationId", "notificationEventType");
    InventoryChangeNotification withState =
        new InventoryChangeNotification(
            UUID.randomUUID(),
            Optional.empty(),
            NotificationEventType.CREATE,
            Optional.of("/o2ims-infrastructureInventory/v1/resourcePools/x"),
            Optional.empty(),
            Optional.of(Map.of("name", "zone-a")));
    assertThat(roundTrip(withState, InventoryChangeNotification.class)).isEqualTo(withState);
  }

  @Test
  void problemDetailsRoundTrips() throws Exception {
    JsonNode json = mapper.readTree("{\"status\":400,\"title\":\"Bad Request\",\"detail\":\"d\"}");
    ProblemDetails problem = mapper.treeToValue(json, ProblemDetails.class);
    assertThat(roundTrip(problem, ProblemDetails.class)).isEqualTo(problem);
  }

  @Test
  void buildersFailFastNamingMissingFields() {
    assertThatThrownBy(() -> Resource.builder().resourceId(Fixtures.RESOURCE_ID).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("resourcePoolId")
        .hasMessageContaining("resourceTypeId");
    assertThatThrownBy(() -> ResourcePool.builder().build())
        .hasMessageContaining("resourcePoolId, name, oCloudId, globalLocationId");
    assertThatThrownBy(() -> ResourceType.builder().name("n").build())
        .hasMessageContaining("resourceTypeId");
    assertThatThrownBy(() -> DeploymentManager.builder().build())
        .hasMessageContaining("deploymentManagerId, name, oCloudId, serviceUri");
  }

  @Test
  void toBuilderDerivesChangedCopies() {
    Resource resource = Fixtures.resource();
    assertThat(resource.toBuilder().build()).isEqualTo(resource);
    assertThat(resource.toBuilder().description("other").build().description()).isEqualTo("other");
    ResourcePool pool = Fixtures.pool(Optional.of("Paris"));
    assertThat(pool.toBuilder().build()).isEqualTo(pool);
    DeploymentManager dm = Fixtures.deploymentManager();
    assertThat(dm.toBuilder().name("c2").build().name()).isEqualTo("c2");
    ResourceType type = Fixtures.resourceType();
    assertThat(type.toBuilder().build()).isEqualTo(type);
  }
}
