package io.netweave.o2ims.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.model.O2Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

/**
 * {@link ReferenceSchemas} refuses what the reference schemas refuse, so that an empty error set in
 * the integration tests means something: wrong JSON types, ids that are not UUIDs, enum values out
 * of range, missing required members, and the notification presence rules.
 */
class ReferenceSchemasTest {
  private final ReferenceSchemas v1 = new ReferenceSchemas();
  private final ReferenceSchemas v2 = ReferenceSchemas.v2();
  private final ReferenceSchemas alarms = ReferenceSchemas.alarms();

  private static JsonNode json(String text) {
    try {
      return O2Json.newMapper().readTree(text.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean checked() {
    return ReferenceSchemas.referenceDirectory().isPresent();
  }

  @Test
  void wrongTypesFormatsEnumsAndMissingMembersAreErrors() {
    if (!checked()) {
      Prerequisites.missing("shared/reference", "the reference schema reader itself");
    }
    assertThat(v1.errors("Subscription", json("{'callback':'https://smo/cb'}"))).isEmpty();
    assertThat(v1.errors("Subscription", json("{'filter':'x'}"))).isNotEmpty();
    assertThat(
            v1.errors(
                "Subscription",
                json("{'callback':'https://smo/cb','consumerSubscriptionId':'not-a-uuid'}")))
        .isNotEmpty();
    assertThat(v2.errors("ProblemDetails", json("{'status':400,'detail':'d','instance':'/x'}")))
        .isEmpty();
    assertThat(v2.errors("ProblemDetails", json("{'status':400}"))).isNotEmpty();
    assertThat(v2.errors("ProblemDetails", json("{'status':'400','detail':'d'}"))).isNotEmpty();
    assertThat(
            v2.errors(
                "ProblemDetails",
                json("{'status':400,'detail':'d','additionalAttributes':{'n':1}}")))
        .isNotEmpty();
    assertThat(
            v2.errors(
                "InventoryChangeNotification",
                json("{'notificationId':'x','notificationEventType':0}")))
        .isNotEmpty();
    assertThat(v2.errors("InventoryChangeNotification", json("{'notificationEventType':3}")))
        .isNotEmpty();
    assertThat(
            v2.errors(
                "InventoryChangeNotification",
                json("{'notificationEventType':0,'postObjectState':'{}'}")))
        .isNotEmpty();
    assertThat(alarms.errors("AlarmEventRecordModifications", json("{'perceivedSeverity':'5'}")))
        .isNotEmpty();
    assertThat(alarms.errors("AlarmServiceConfiguration", json("{'retentionPeriod':3}")))
        .as("extensions is required")
        .isNotEmpty();
  }

  @Test
  void notificationPresenceRulesAndObjectStatesAreChecked() {
    String pool =
        "{'resourcePoolId':'6ba7b811-9dad-41d1-80b4-00c04fd430c8','name':'p','description':'d',"
            + "'oCloudSiteId':'6ba7b811-9dad-41d1-80b4-00c04fd430c9','extensions':{}}";
    String ref =
        "'/o2ims-infrastructureInventory/v2/resourcePools/6ba7b811-9dad-41d1-80b4-00c04fd430c8'";
    String id = "'notificationId':'6ba7b811-9dad-41d1-80b4-00c04fd430ca'";
    assertThat(
            v2.inventoryNotificationErrors(
                json(
                    "{"
                        + id
                        + ",'notificationEventType':0,'objectRef':"
                        + ref
                        + ",'postObjectState':"
                        + pool
                        + "}")))
        .isEmpty();
    // a prior state on a create, no prior on a delete, no objectRef, an invalid state
    assertThat(
            v2.inventoryNotificationErrors(
                json(
                    "{"
                        + id
                        + ",'notificationEventType':0,'objectRef':"
                        + ref
                        + ",'postObjectState':"
                        + pool
                        + ",'priorObjectState':"
                        + pool
                        + "}")))
        .hasSize(1);
    assertThat(
            v2.inventoryNotificationErrors(
                json("{" + id + ",'notificationEventType':2,'objectRef':" + ref + "}")))
        .hasSize(1);
    assertThat(
            v2.inventoryNotificationErrors(
                json("{" + id + ",'notificationEventType':2,'priorObjectState':" + pool + "}")))
        .containsExactly("objectRef missing");
    if (checked()) {
      assertThat(
              v2.inventoryNotificationErrors(
                  json(
                      "{"
                          + id
                          + ",'notificationEventType':1,'objectRef':"
                          + ref
                          + ",'priorObjectState':"
                          + pool
                          + ",'postObjectState':{'name':'p'}}")))
          .isNotEmpty()
          .allMatch(m -> m.startsWith("ResourcePool in postObjectState"));
      // the same pool in the v1 view lacks oCloudId and globalLocationId
      assertThat(
              v1.inventoryNotificationErrors(
                  json(
                      "{"
                          + id
                          + ",'notificationEventType':0,'objectRef':"
                          + ref.replace("/v2/", "/v1/")
                          + ",'postObjectState':"
                          + pool
                          + "}")))
          .isNotEmpty();
    }
  }
}
