package io.netweave.o2ims.server.internal.notify;

import com.fasterxml.jackson.databind.JsonNode;
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
    return switch (type) {
      case OCLOUD -> ROOT;
      case RESOURCE_TYPE -> ROOT + "/resourceTypes/" + id;
      case RESOURCE_POOL -> ROOT + "/resourcePools/" + id;
      case DEPLOYMENT_MANAGER -> ROOT + "/deploymentManagers/" + id;
      case RESOURCE ->
          ROOT + "/resourcePools/" + state.path("resourcePoolId").asText() + "/resources/" + id;
    };
  }
}
