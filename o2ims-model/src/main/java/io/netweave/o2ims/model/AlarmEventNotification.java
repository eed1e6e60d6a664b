package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What an alarm subscription's callback receives ({@code AlarmEventNotification}, kni's shape): the
 * record's members flattened, {@code alarmAcknowledgeTime} (sic) when acknowledged, the O-Cloud's
 * {@code globalCloudID}, the relative {@code objectRef} of the record, and a {@code notificationId}
 * that is the same for every subscription receiving the event and on redelivery. The {@code
 * consumerSubscriptionId} is written exactly as the SMO sent it ({@link
 * #consumerSubscriptionIdText()}); {@link #consumerSubscriptionId()} is its UUID.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(value = "consumerSubscriptionUuid", ignoreUnknown = true)
@JsonPropertyOrder({
  "notificationId",
  "globalCloudID",
  "consumerSubscriptionId",
  "notificationEventType",
  "objectRef",
  "alarmEventRecordId",
  "resourceTypeID",
  "resourceID",
  "alarmDefinitionID",
  "probableCauseID",
  "alarmRaisedTime",
  "alarmChangedTime",
  "alarmAcknowledgeTime",
  "alarmAcknowledged",
  "perceivedSeverity",
  "extensions"
})
public record AlarmEventNotification(
    UUID notificationId,
    UUID globalCloudID,
    @JsonProperty("consumerSubscriptionUuid") Optional<UUID> consumerSubscriptionId,
    AlarmEventType notificationEventType,
    String objectRef,
    UUID alarmEventRecordId,
    UUID resourceTypeID,
    UUID resourceID,
    UUID alarmDefinitionID,
    UUID probableCauseID,
    String alarmRaisedTime,
    String alarmChangedTime,
    Optional<String> alarmAcknowledgeTime,
    boolean alarmAcknowledged,
    PerceivedSeverity perceivedSeverity,
    Map<String, Object> extensions,
    @JsonProperty("consumerSubscriptionId") Optional<String> consumerSubscriptionIdText) {

  /** The path of alarm records under the monitoring API. */
  public static final String ALARMS_PATH = "/o2ims-infrastructureMonitoring/v1/alarms/";

  public AlarmEventNotification {
    Objects.requireNonNull(notificationId, "notificationId");
    Objects.requireNonNull(globalCloudID, "globalCloudID");
    consumerSubscriptionIdText =
        ConsumerSubscriptionIds.text(consumerSubscriptionId, consumerSubscriptionIdText);
    consumerSubscriptionId = ConsumerSubscriptionIds.id(consumerSubscriptionIdText);
    Objects.requireNonNull(notificationEventType, "notificationEventType");
    Objects.requireNonNull(objectRef, "objectRef");
    Objects.requireNonNull(alarmEventRecordId, "alarmEventRecordId");
    Objects.requireNonNull(alarmRaisedTime, "alarmRaisedTime");
    Objects.requireNonNull(alarmChangedTime, "alarmChangedTime");
    alarmAcknowledgeTime = Objects.requireNonNullElse(alarmAcknowledgeTime, Optional.empty());
    Objects.requireNonNull(perceivedSeverity, "perceivedSeverity");
    extensions = FrozenJson.copyOf(extensions);
  }

  @JsonCreator
  static AlarmEventNotification fromJson(
      @JsonProperty("notificationId") UUID notificationId,
      @JsonProperty("globalCloudID") UUID globalCloudID,
      @JsonProperty("consumerSubscriptionId") String consumerSubscriptionId,
      @JsonProperty("notificationEventType") AlarmEventType notificationEventType,
      @JsonProperty("objectRef") String objectRef,
      @JsonProperty("alarmEventRecordId") UUID alarmEventRecordId,
      @JsonProperty("resourceTypeID") UUID resourceTypeID,
      @JsonProperty("resourceID") UUID resourceID,
      @JsonProperty("alarmDefinitionID") UUID alarmDefinitionID,
      @JsonProperty("probableCauseID") UUID probableCauseID,
      @JsonProperty("alarmRaisedTime") String alarmRaisedTime,
      @JsonProperty("alarmChangedTime") String alarmChangedTime,
      @JsonProperty("alarmAcknowledgeTime") String alarmAcknowledgeTime,
      @JsonProperty("alarmAcknowledged") boolean alarmAcknowledged,
      @JsonProperty("perceivedSeverity") PerceivedSeverity perceivedSeverity,
      @JsonProperty("extensions") Map<String, Object> extensions) {
    return new AlarmEventNotification(
        notificationId,
        globalCloudID,
        Optional.empty(),
        notificationEventType,
        objectRef,
        alarmEventRecordId,
        resourceTypeID,
        resourceID,
        alarmDefinitionID,
        probableCauseID,
        alarmRaisedTime,
        alarmChangedTime,
        Optional.ofNullable(alarmAcknowledgeTime),
        alarmAcknowledged,
        perceivedSeverity,
        extensions,
        Optional.ofNullable(consumerSubscriptionId));
  }

  /**
   * The notification of an event on {@code record}; {@code alarmChangedTime} is the record's
   * changed time, or its raised time when it never changed. The consumer id is echoed in its
   * canonical (lower-case) form; {@link #of(UUID, UUID, AlarmSubscription, AlarmEventType,
   * AlarmEventRecord)} echoes a subscription's as the SMO sent it.
   */
  public static AlarmEventNotification of(
      UUID notificationId,
      UUID globalCloudId,
      Optional<UUID> consumerSubscriptionId,
      AlarmEventType type,
      AlarmEventRecord record) {
    return of(
        notificationId, globalCloudId, consumerSubscriptionId, Optional.empty(), type, record);
  }

  /** The notification of an event on {@code record} for {@code subscription}. */
  public static AlarmEventNotification of(
      UUID notificationId,
      UUID globalCloudId,
      AlarmSubscription subscription,
      AlarmEventType type,
      AlarmEventRecord record) {
    return of(
        notificationId,
        globalCloudId,
        subscription.consumerSubscriptionId(),
        subscription.consumerSubscriptionIdText(),
        type,
        record);
  }

  private static AlarmEventNotification of(
      UUID notificationId,
      UUID globalCloudId,
      Optional<UUID> consumerSubscriptionId,
      Optional<String> consumerSubscriptionIdText,
      AlarmEventType type,
      AlarmEventRecord record) {
    return new AlarmEventNotification(
        notificationId,
        globalCloudId,
        consumerSubscriptionId,
        type,
        ALARMS_PATH + record.alarmEventRecordId(),
        record.alarmEventRecordId(),
        record.resourceTypeID(),
        record.resourceID(),
        record.alarmDefinitionID(),
        record.probableCauseID(),
        record.alarmRaisedTime(),
        record.alarmChangedTime().orElse(record.alarmRaisedTime()),
        record.alarmAcknowledgedTime(),
        record.alarmAcknowledged(),
        record.perceivedSeverity(),
        record.extensions(),
        consumerSubscriptionIdText);
  }
}
