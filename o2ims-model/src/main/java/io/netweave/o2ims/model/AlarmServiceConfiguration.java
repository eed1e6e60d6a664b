package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.Map;

/**
 * The alarm service configuration: how many days cleared alarm records are kept, plus free {@code
 * extensions}.
 *
 * @throws IllegalArgumentException (constructor) if {@code retentionPeriod} is below 1
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlarmServiceConfiguration(int retentionPeriod, Map<String, Object> extensions) {
  /** The default retention period in days (DECISIONS.md). */
  public static final int DEFAULT_RETENTION_DAYS = 14;

  public AlarmServiceConfiguration {
    if (retentionPeriod < 1) {
      throw new IllegalArgumentException("retentionPeriod must be at least 1 (day)");
    }
    extensions = FrozenJson.copyOf(extensions);
  }

  /** The configuration of a gateway nobody configured. */
  public static AlarmServiceConfiguration defaults() {
    return new AlarmServiceConfiguration(DEFAULT_RETENTION_DAYS, Map.of());
  }
}
