package io.netweave.o2ims.model.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What alarms are raised from for one node resource: its conditions with their transition times,
 * reasons and messages (never heartbeat times), and since when it has been cordoned. Immutable.
 *
 * @param unschedulableSince when the source first saw the node cordoned; empty when schedulable
 */
public record NodeHealth(
    UUID resourceId,
    UUID resourceTypeId,
    String nodeName,
    String nodeUid,
    List<Condition> conditions,
    Optional<Instant> unschedulableSince) {

  /**
   * One node condition.
   *
   * @param lastTransitionTime when the status last changed; empty if the node did not say
   */
  public record Condition(
      String type,
      String status,
      String reason,
      String message,
      Optional<Instant> lastTransitionTime) {
    public Condition {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(status, "status");
      reason = Objects.requireNonNullElse(reason, "");
      message = Objects.requireNonNullElse(message, "");
      lastTransitionTime = Objects.requireNonNullElse(lastTransitionTime, Optional.empty());
    }
  }

  public NodeHealth {
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(resourceTypeId, "resourceTypeId");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(nodeUid, "nodeUid");
    conditions = List.copyOf(conditions);
    unschedulableSince = Objects.requireNonNullElse(unschedulableSince, Optional.empty());
  }

  /** The condition of this type, if the node reports one. */
  public Optional<Condition> condition(String type) {
    // A loop, not a stream: alarm evaluation asks this for every condition of 50,000 nodes.
    for (Condition c : conditions) {
      if (c.type().equals(type)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
