package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code notificationEventType} of an alarm event notification, an integer on the wire: 0 NEW
 * (raised), 1 CHANGE, 2 CLEAR, 3 ACKNOWLEDGE. Reading also accepts the string forms.
 */
public enum AlarmEventType {
  NEW(0),
  CHANGE(1),
  CLEAR(2),
  ACKNOWLEDGE(3);

  private final int code;

  AlarmEventType(int code) {
    this.code = code;
  }

  @JsonValue
  public int code() {
    return code;
  }

  /** The event type named by a bare alarm-subscription filter token ({@code NEW}, any case). */
  public static Optional<AlarmEventType> fromToken(String token) {
    String t = token.trim().toUpperCase(Locale.ROOT);
    for (AlarmEventType e : values()) {
      if (e.name().equals(t)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  @JsonCreator
  static AlarmEventType fromJson(Object value) {
    String text = String.valueOf(value).trim();
    for (AlarmEventType e : values()) {
      if (e.name().equalsIgnoreCase(text) || Integer.toString(e.code).equals(text)) {
        return e;
      }
    }
    throw new IllegalArgumentException("not an alarm notificationEventType: " + value);
  }
}
