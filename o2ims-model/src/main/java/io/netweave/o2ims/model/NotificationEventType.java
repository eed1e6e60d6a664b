package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The {@code notificationEventType} of an inventory change notification, an integer on the wire (0
 * create, 1 modify, 2 delete). Reading also accepts the string form ({@code "1"}) that some
 * reference servers send.
 */
public enum NotificationEventType {
  CREATE(0),
  MODIFY(1),
  DELETE(2);

  private final int code;

  NotificationEventType(int code) {
    this.code = code;
  }

  /** The wire value. */
  @JsonValue
  public int code() {
    return code;
  }

  /**
   * Reads the wire value, as an integer or a string holding one.
   *
   * @throws IllegalArgumentException if the value is not 0, 1 or 2
   */
  @JsonCreator
  public static NotificationEventType fromCode(Object value) {
    String text = String.valueOf(value).trim();
    for (NotificationEventType t : values()) {
      if (Integer.toString(t.code).equals(text)) {
        return t;
      }
    }
    throw new IllegalArgumentException("notificationEventType must be 0, 1 or 2, not " + text);
  }
}
