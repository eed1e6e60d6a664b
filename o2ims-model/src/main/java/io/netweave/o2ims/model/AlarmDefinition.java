package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** One alarm a resource type can raise, as described in its alarm dictionary. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlarmDefinition(
    UUID alarmDefinitionId,
    String alarmName,
    String alarmLastChange,
    ChangeType alarmChangeType,
    String alarmDescription,
    String proposedRepairActions,
    ClearingType clearingType,
    List<String> managementInterfaceId,
    List<String> pkNotificationField,
    Map<String, Object> alarmAdditionalFields) {

  /** How the definition last changed. */
  public enum ChangeType {
    ADDED,
    DELETED,
    MODIFIED
  }

  /** Whether the alarm clears by itself or needs an operator. */
  public enum ClearingType {
    AUTOMATIC,
    MANUAL
  }

  public AlarmDefinition {
    Objects.requireNonNull(alarmDefinitionId, "alarmDefinitionId");
    Objects.requireNonNull(alarmName, "alarmName");
    Objects.requireNonNull(alarmLastChange, "alarmLastChange");
    Objects.requireNonNull(alarmChangeType, "alarmChangeType");
    Objects.requireNonNull(alarmDescription, "alarmDescription");
    Objects.requireNonNull(proposedRepairActions, "proposedRepairActions");
    Objects.requireNonNull(clearingType, "clearingType");
    managementInterfaceId = List.copyOf(managementInterfaceId);
    pkNotificationField = List.copyOf(pkNotificationField);
    alarmAdditionalFields = FrozenJson.copyOf(alarmAdditionalFields);
  }
}
