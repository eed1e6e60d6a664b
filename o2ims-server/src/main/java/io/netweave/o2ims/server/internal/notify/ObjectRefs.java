package io.netweave.o2ims.server.internal.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.ObjectType;
import java.util.UUID;

/**
 * The {@code objectRef} of a notification: the object's path relative to the server root in the v1
 * inventory API, also for deletes (built from the prior state). Stateless.
 */
final class ObjectRefs {
  static final String ROOT = "/o2ims-infrastructureInventory/v1";

  private ObjectRefs() {}

  /** The path of the object described by {@code state} (its v1 JSON). */
  static String of(ObjectType type, UUID id, JsonNode state) {
    return of(ApiView.V1, type, id, state);
  }

  /** The path of the object described by {@code state} (its JSON in {@code view}). */
  static String of(ApiView view, ObjectType type, UUID id, JsonNode state) {
    String root = "/o2ims-infrastructureInventory/" + view.segment();
    return switch (type) {
      case OCLOUD -> root;
      case RESOURCE_TYPE -> root + "/resourceTypes/" + id;
      case RESOURCE_POOL -> root + "/resourcePools/" + id;
      case DEPLOYMENT_MANAGER -> root + "/deploymentManagers/" + id;
      case RESOURCE ->
          root + "/resourcePools/" + state.path("resourcePoolId").asText() + "/resources/" + id;
      case LOCATION -> root + "/locations/" + state.path("globalLocationId").asText();
      case OCLOUD_SITE -> root + "/oCloudSites/" + id;
    };
  }
}
