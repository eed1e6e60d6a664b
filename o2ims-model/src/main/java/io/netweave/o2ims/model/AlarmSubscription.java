package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A stored alarm subscription ({@code AlarmSubscriptionInfo}); its id member is {@code
 * alarmSubscriptionId}. {@code filter} is a bare event token ({@code NEW}, {@code CHANGE}, {@code
 * CLEAR}, {@code ACKNOWLEDGE}) or a filter expression over alarm event records. The {@code
 * consumerSubscriptionId} is written exactly as the SMO sent it ({@link
 * #consumerSubscriptionIdText()}, letter case included), as for inventory subscriptions; {@link
 * #consumerSubscriptionId()} is its UUID, for comparisons.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(value = "consumerSubscriptionUuid", ignoreUnknown = true)
public record AlarmSubscription(
    UUID alarmSubscriptionId,
    @JsonProperty("consumerSubscriptionUuid") Optional<UUID> consumerSubscriptionId,
    Optional<String> filter,
    String callback,
    @JsonProperty("consumerSubscriptionId") Optional<String> consumerSubscriptionIdText) {

  public AlarmSubscription {
    Objects.requireNonNull(alarmSubscriptionId, "alarmSubscriptionId");
    consumerSubscriptionIdText =
        ConsumerSubscriptionIds.text(consumerSubscriptionId, consumerSubscriptionIdText);
    consumerSubscriptionId = ConsumerSubscriptionIds.id(consumerSubscriptionIdText);
    filter = Objects.requireNonNullElse(filter, Optional.empty());
    Objects.requireNonNull(callback, "callback");
  }

  @JsonCreator
  static AlarmSubscription fromJson(
      @JsonProperty("alarmSubscriptionId") UUID alarmSubscriptionId,
      @JsonProperty("consumerSubscriptionId") String consumerSubscriptionId,
      @JsonProperty("filter") String filter,
      @JsonProperty("callback") String callback) {
    return new AlarmSubscription(
        alarmSubscriptionId,
        Optional.empty(),
        Optional.ofNullable(filter),
        callback,
        Optional.ofNullable(consumerSubscriptionId));
  }

  /** An alarm subscription whose consumer id is echoed in its canonical (lower-case) form. */
  public AlarmSubscription(
      UUID alarmSubscriptionId,
      Optional<UUID> consumerSubscriptionId,
      Optional<String> filter,
      String callback) {
    this(alarmSubscriptionId, consumerSubscriptionId, filter, callback, Optional.empty());
  }
}
