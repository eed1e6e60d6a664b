package io.netweave.o2ims.model;

import java.time.Instant;
import java.util.UUID;

/**
 * The deterministic (name-based, version 5) ids of the monitoring API (DECISIONS.md "Monitoring"):
 * replicas and restarts agree on them without storing or coordinating. Stateless.
 */
public final class AlarmIds {
  private AlarmIds() {}

  /** The alarm dictionary of a resource type. */
  public static UUID dictionary(UUID resourceTypeId) {
    return NameBasedUuid.v5(resourceTypeId, "AlarmDictionary");
  }

  /** An alarm definition, from its dictionary and the alarm's name. */
  public static UUID definition(UUID dictionaryId, String alarmName) {
    return NameBasedUuid.v5(dictionaryId, "AlarmDefinition:" + alarmName);
  }

  /** A probable cause, from the O-Cloud id and the cause's (X.733) name. */
  public static UUID probableCause(UUID oCloudId, String causeName) {
    return NameBasedUuid.v5(oCloudId, "ProbableCause:" + causeName);
  }

  /**
   * An alarm record, from the node's UID, the alarm's name and the time the condition began (its
   * {@code lastTransitionTime} at raise).
   */
  public static UUID record(String nodeUid, String alarmName, Instant conditionSince) {
    return NameBasedUuid.v5(
        NameBasedUuid.v5(new UUID(0x6e657477L, 0x65617665L), "AlarmEventRecord"),
        nodeUid + "|" + alarmName + "|" + conditionSince);
  }

  /**
   * The record raised when the condition a cleared record was raised for holds again without a new
   * transition (the alarm turned off and on, the node gone and back with the same conditions):
   * {@link #record} would give the cleared record's id again, and a cleared record never changes,
   * so the new one takes the next id of a chain that starts there. Raising takes the first id of
   * {@code record(...)}, {@code recordAfter(record(...))}, ... that holds no cleared record, so
   * every replica reading the same store derives the same id.
   */
  public static UUID recordAfter(UUID clearedRecordId) {
    return NameBasedUuid.v5(clearedRecordId, "AlarmEventRecord:raisedAgain");
  }
}
