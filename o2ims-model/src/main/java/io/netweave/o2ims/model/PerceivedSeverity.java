package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An alarm's {@code perceivedSeverity}, an integer on the wire (0 CRITICAL ... 5 CLEARED). Reading
 * also accepts the string form ({@code "1"}) that some reference servers send.
 */
public enum PerceivedSeverity {
  CRITICAL(0),
  MAJOR(1),
  MINOR(2),
  WARNING(3),
  INDETERMINATE(4),
  CLEARED(5);

  private final int code;

  PerceivedSeverity(int code) {
    this.code = code;
  }

  @JsonValue
  public int code() {
    return code;
  }

  /**
   * The severity with this code.
   *
   * @throws IllegalArgumentException for any other code
   */
  public static PerceivedSeverity of(int code) {
    for (PerceivedSeverity s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalArgumentException("perceivedSeverity must be 0..5, not " + code);
  }

  @JsonCreator
  static PerceivedSeverity fromJson(Object value) {
    if (value instanceof Number n) {
      return of(n.intValue());
    }
    String text = String.valueOf(value).trim();
    for (PerceivedSeverity s : values()) {
      if (s.name().equalsIgnoreCase(text)) {
        return s;
      }
    }
    return of(Integer.parseInt(text));
  }
}
