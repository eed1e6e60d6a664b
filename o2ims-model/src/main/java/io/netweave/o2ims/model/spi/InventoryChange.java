package io.netweave.o2ims.model.spi;

import io.netweave.o2ims.model.InventoryObject;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.ObjectType;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One change of the O2 view of the inventory. A source publishes a {@code MODIFY} only when the O2
 * view of the object changed (never for Kubernetes heartbeats or status timestamps).
 *
 * @param prior the state before the change (absent for {@code CREATE})
 * @param post the state after the change (absent for {@code DELETE})
 * @param revision the snapshot revision that first contains this change
 */
public record InventoryChange(
    NotificationEventType eventType,
    Optional<InventoryObject> prior,
    Optional<InventoryObject> post,
    long revision) {

  public InventoryChange {
    Objects.requireNonNull(eventType, "eventType");
    prior = Objects.requireNonNullElse(prior, Optional.empty());
    post = Objects.requireNonNullElse(post, Optional.empty());
    switch (eventType) {
      case CREATE -> require(prior.isEmpty() && post.isPresent(), "CREATE has a post state only");
      case MODIFY -> require(prior.isPresent() && post.isPresent(), "MODIFY has both states");
      case DELETE -> require(prior.isPresent() && post.isEmpty(), "DELETE has a prior state only");
    }
    if (prior.isPresent() && post.isPresent()) {
      require(
          prior.get().objectType() == post.get().objectType()
              && prior.get().id().equals(post.get().id()),
          "prior and post state must be the same object");
    }
  }

  public static InventoryChange created(InventoryObject post, long revision) {
    return new InventoryChange(
        NotificationEventType.CREATE, Optional.empty(), Optional.of(post), revision);
  }

  public static InventoryChange modified(
      InventoryObject prior, InventoryObject post, long revision) {
    return new InventoryChange(
        NotificationEventType.MODIFY, Optional.of(prior), Optional.of(post), revision);
  }

  public static InventoryChange deleted(InventoryObject prior, long revision) {
    return new InventoryChange(
        NotificationEventType.DELETE, Optional.of(prior), Optional.empty(), revision);
  }

  /** The changed object's state: the post state, or the prior state for a delete. */
  public InventoryObject object() {
    return post.orElseGet(prior::orElseThrow);
  }

  public ObjectType objectType() {
    return object().objectType();
  }

  public UUID objectId() {
    return object().id();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
