package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** The alarms a resource type can raise (v1: embedded in the resource type). */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlarmDictionary(
    UUID alarmDictionaryId,
    String alarmDictionaryVersion,
    String alarmDictionarySchemaVersion,
    String entityType,
    String vendor,
    List<String> managementInterfaceId,
    List<String> pkNotificationField,
    List<AlarmDefinition> alarmDefinition) {

  public AlarmDictionary {
    Objects.requireNonNull(alarmDictionaryId, "alarmDictionaryId");
    Objects.requireNonNull(alarmDictionaryVersion, "alarmDictionaryVersion");
    Objects.requireNonNull(alarmDictionarySchemaVersion, "alarmDictionarySchemaVersion");
    Objects.requireNonNull(entityType, "entityType");
    Objects.requireNonNull(vendor, "vendor");
    managementInterfaceId = List.copyOf(managementInterfaceId);
    pkNotificationField = List.copyOf(pkNotificationField);
    alarmDefinition = List.copyOf(alarmDefinition);
  }
}
