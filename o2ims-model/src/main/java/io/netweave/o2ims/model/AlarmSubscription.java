package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A stored alarm subscription ({@code AlarmSubscriptionInfo}); its id member is {@code
 * alarmSubscriptionId}. {@code filter} is a bare event token ({@code NEW}, {@code CHANGE}, {@code
 * CLEAR}, {@code ACKNOWLEDGE}) or a filter expression over alarm event records.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlarmSubscription(
    UUID alarmSubscriptionId,
    Optional<UUID> consumerSubscriptionId,
    Optional<String> filter,
    String callback) {

  public AlarmSubscription {
    Objects.requireNonNull(alarmSubscriptionId, "alarmSubscriptionId");
    consumerSubscriptionId = Objects.requireNonNullElse(consumerSubscriptionId, Optional.empty());
    filter = Objects.requireNonNullElse(filter, Optional.empty());
    Objects.requireNonNull(callback, "callback");
  }
}
