package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One alarm ({@code AlarmEventRecord}) with kni's member names, including the {@code ...ID}
 * spellings the O-RAN conformance tests use. Times are RFC 3339 UTC strings ({@link
 * Instant#toString()}, zero to nine fraction digits, so not fixed width: filters compare them as
 * instants, not as text). A record is active until {@code alarmClearedTime} is set ({@code
 * perceivedSeverity} is then {@link PerceivedSeverity#CLEARED}); a cleared record never changes
 * again. Immutable; {@link #toBuilder()} derives changed copies.
 *
 * @throws IllegalArgumentException (constructor) for a time that is not an RFC 3339 instant, or a
 *     cleared time without the CLEARED severity (or the reverse)
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({
  "alarmEventRecordId",
  "resourceTypeID",
  "resourceID",
  "alarmDefinitionID",
  "probableCauseID",
  "alarmRaisedTime",
  "alarmChangedTime",
  "alarmClearedTime",
  "alarmAcknowledgedTime",
  "alarmAcknowledged",
  "perceivedSeverity",
  "extensions"
})
public record AlarmEventRecord(
    UUID alarmEventRecordId,
    UUID resourceTypeID,
    UUID resourceID,
    UUID alarmDefinitionID,
    UUID probableCauseID,
    String alarmRaisedTime,
    Optional<String> alarmChangedTime,
    Optional<String> alarmClearedTime,
    Optional<String> alarmAcknowledgedTime,
    boolean alarmAcknowledged,
    PerceivedSeverity perceivedSeverity,
    Map<String, Object> extensions) {

  public AlarmEventRecord {
    Objects.requireNonNull(alarmEventRecordId, "alarmEventRecordId");
    Objects.requireNonNull(resourceTypeID, "resourceTypeID");
    Objects.requireNonNull(resourceID, "resourceID");
    Objects.requireNonNull(alarmDefinitionID, "alarmDefinitionID");
    Objects.requireNonNull(probableCauseID, "probableCauseID");
    checkTime("alarmRaisedTime", Objects.requireNonNull(alarmRaisedTime, "alarmRaisedTime"));
    alarmChangedTime = optionalTime("alarmChangedTime", alarmChangedTime);
    alarmClearedTime = optionalTime("alarmClearedTime", alarmClearedTime);
    alarmAcknowledgedTime = optionalTime("alarmAcknowledgedTime", alarmAcknowledgedTime);
    Objects.requireNonNull(perceivedSeverity, "perceivedSeverity");
    if (alarmClearedTime.isPresent() != (perceivedSeverity == PerceivedSeverity.CLEARED)) {
      throw new IllegalArgumentException(
          "a record is cleared exactly when alarmClearedTime is set and perceivedSeverity is 5");
    }
    if (alarmAcknowledged != alarmAcknowledgedTime.isPresent()) {
      throw new IllegalArgumentException(
          "alarmAcknowledgedTime is set exactly when alarmAcknowledged is true");
    }
    extensions =
        extensions == null || extensions.isEmpty()
            ? Map.of()
            : FrozenJson.copyOf(new TreeMap<>(extensions));
  }

  /** Whether the alarm is still raised. */
  @JsonIgnore
  public boolean active() {
    return alarmClearedTime.isEmpty();
  }

  /** The time as an instant. */
  public static Instant instant(String time) {
    return Instant.parse(time);
  }

  /** The wire form of an instant (RFC 3339, UTC, {@link Instant#toString()}). */
  public static String time(Instant instant) {
    return instant.toString();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.alarmEventRecordId = alarmEventRecordId;
    b.resourceTypeID = resourceTypeID;
    b.resourceID = resourceID;
    b.alarmDefinitionID = alarmDefinitionID;
    b.probableCauseID = probableCauseID;
    b.alarmRaisedTime = alarmRaisedTime;
    b.alarmChangedTime = alarmChangedTime;
    b.alarmClearedTime = alarmClearedTime;
    b.alarmAcknowledgedTime = alarmAcknowledgedTime;
    b.alarmAcknowledged = alarmAcknowledged;
    b.perceivedSeverity = perceivedSeverity;
    b.extensions = extensions;
    return b;
  }

  private static void checkTime(String name, String text) {
    try {
      Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " is not an RFC 3339 instant: " + text, e);
    }
  }

  private static Optional<String> optionalTime(String name, Optional<String> value) {
    Optional<String> v = Objects.requireNonNullElse(value, Optional.empty());
    v.ifPresent(t -> checkTime(name, t));
    return v;
  }

  /** Builds records; not thread-safe. */
  public static final class Builder {
    private UUID alarmEventRecordId;
    private UUID resourceTypeID;
    private UUID resourceID;
    private UUID alarmDefinitionID;
    private UUID probableCauseID;
    private String alarmRaisedTime;
    private Optional<String> alarmChangedTime = Optional.empty();
    private Optional<String> alarmClearedTime = Optional.empty();
    private Optional<String> alarmAcknowledgedTime = Optional.empty();
    private boolean alarmAcknowledged;
    private PerceivedSeverity perceivedSeverity;
    private Map<String, Object> extensions = Map.of();

    private Builder() {}

    public Builder alarmEventRecordId(UUID id) {
      this.alarmEventRecordId = id;
      return this;
    }

    public Builder resourceTypeID(UUID id) {
      this.resourceTypeID = id;
      return this;
    }

    public Builder resourceID(UUID id) {
      this.resourceID = id;
      return this;
    }

    public Builder alarmDefinitionID(UUID id) {
      this.alarmDefinitionID = id;
      return this;
    }

    public Builder probableCauseID(UUID id) {
      this.probableCauseID = id;
      return this;
    }

    public Builder alarmRaisedTime(Instant time) {
      this.alarmRaisedTime = time(time);
      return this;
    }

    public Builder alarmChangedTime(Instant time) {
      this.alarmChangedTime = Optional.of(time(time));
      return this;
    }

    /** Clears the alarm at {@code time}: sets the cleared time and the CLEARED severity. */
    public Builder cleared(Instant time) {
      this.alarmClearedTime = Optional.of(time(time));
      this.perceivedSeverity = PerceivedSeverity.CLEARED;
      return this;
    }

    /** Acknowledges the alarm at {@code time}. */
    public Builder acknowledged(Instant time) {
      this.alarmAcknowledged = true;
      this.alarmAcknowledgedTime = Optional.of(time(time));
      return this;
    }

    public Builder perceivedSeverity(PerceivedSeverity severity) {
      this.perceivedSeverity = severity;
      return this;
    }

    public Builder extensions(Map<String, ?> extensions) {
      this.extensions = new TreeMap<>(extensions);
      return this;
    }

    public AlarmEventRecord build() {
      return new AlarmEventRecord(
          alarmEventRecordId,
          resourceTypeID,
          resourceID,
          alarmDefinitionID,
          probableCauseID,
          alarmRaisedTime,
          alarmChangedTime,
          alarmClearedTime,
          alarmAcknowledgedTime,
          alarmAcknowledged,
          perceivedSeverity,
          extensions);
    }
  }
}
