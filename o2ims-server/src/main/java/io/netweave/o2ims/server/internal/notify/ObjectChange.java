package io.netweave.o2ims.server.internal.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.ObjectType;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One change of one object in its v1 JSON view: what the producer matches and notifies. The JSON
 * nodes are never modified after construction.
 *
 * @param prior the v1 state before (absent for a create)
 * @param post the v1 state after (absent for a delete)
 * @param revision the inventory revision that contains the change
 * @param view the API view the states are rendered in (v1 unless said otherwise)
 */
public record ObjectChange(
    ObjectType type,
    UUID id,
    NotificationEventType eventType,
    Optional<ObjectNode> prior,
    Optional<ObjectNode> post,
    long revision,
    ApiView view) {

  public ObjectChange {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(eventType, "eventType");
    Objects.requireNonNull(prior, "prior");
    Objects.requireNonNull(post, "post");
  }

  /** A change in the v1 view. */
  public ObjectChange(
      ObjectType type,
      UUID id,
      NotificationEventType eventType,
      Optional<ObjectNode> prior,
      Optional<ObjectNode> post,
      long revision) {
    this(type, id, eventType, prior, post, revision, ApiView.V1);
  }

  /** The state filters select on: the post state, or the prior state for a delete. */
  public ObjectNode state() {
    return post.orElseGet(prior::orElseThrow);
  }

  /** The baseline key of the object, e.g. {@code ResourcePool/<id>}. */
  public String key() {
    return InventoryJson.key(view, type, id);
  }
}
