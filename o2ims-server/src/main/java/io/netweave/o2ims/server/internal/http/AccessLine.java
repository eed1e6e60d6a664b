package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.server.internal.logging.AsciiMessage;
import io.netweave.o2ims.server.internal.security.LogText;

/**
 * One access-log line in text form, {@code <id> <method> <path>[?query] <status> <bytes>B <ms>ms},
 * each value from the request cleaned by {@link LogText#clean} (the method cut at {@value
 * #MAX_METHOD_CHARS} characters, the path and the query at {@value #MAX_VALUE_CHARS}), the decoded
 * path kept one field ({@link #oneField}). Logged as an {@link AsciiMessage}: the jar's encoder
 * writes it straight into the log buffer from these fields, cleaning each value as it copies it,
 * where building the text first took three passes over every character (the cleaning check, the
 * concatenation, the encoder's copy) and two strings per request (docs/performance.md, "Fourteenth
 * pass, sixteenth session"); {@link #toString()} is the same text for any other encoder. Immutable.
 */
final class AccessLine implements AsciiMessage {
  static final int MAX_METHOD_CHARS = 32;
  static final int MAX_VALUE_CHARS = 2048;

  private final String id;
  private final String method;
  private final String path;
  private final String query;
  private final int status;
  private final long bytes;
  private final long millis;

  /**
   * How many spaces, {@code ?} and {@code %} the logged part of the path has (each written as 3).
   */
  private final int pathEscapes;

  /**
   * The line of a request: {@code id} as assigned (a generated or checked id, written as it is),
   * the method, path and query as received (the query's credentials already redacted: {@link
   * LogText#redactQuery}), cleaned here.
   */
  AccessLine(
      String id, String method, String path, String query, int status, long bytes, long millis) {
    this.id = id;
    this.method = method;
    this.path = path;
    this.query = query;
    this.status = status;
    this.bytes = bytes;
    this.millis = millis;
    this.pathEscapes = escapes(path);
  }

  private static int escapes(String path) {
    if (path.indexOf(' ') < 0 && path.indexOf('?') < 0 && path.indexOf('%') < 0) {
      return 0; // every usual path, without a look at each character
    }
    int escapes = 0;
    for (int i = 0, n = Math.min(path.length(), MAX_VALUE_CHARS); i < n; i++) {
      char c = path.charAt(i);
      if (c == ' ' || c == '?' || c == '%') {
        escapes++;
      }
    }
    return escapes;
  }

  /**
   * The decoded path as one field of the text line: a space (from {@code %20}) would split it, so
   * that a request for {@code /x%20200%20913B%200ms} read as a request for {@code /x} answered 200
   * by whoever splits the line at spaces, and a {@code ?} (from {@code %3F}) would start a query
   * that was never sent. Both are written percent-escaped again, and so is {@code %} itself, so the
   * field reads back as the path. (The query is logged as sent, still escaped; it has no space.)
   */
  static String oneField(String path) {
    if (path.indexOf(' ') < 0 && path.indexOf('?') < 0 && path.indexOf('%') < 0) {
      return path; // every usual path, without a copy
    }
    StringBuilder out = new StringBuilder(path.length() + 16);
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      String escaped = escaped(c);
      if (escaped == null) {
        out.append(c);
      } else {
        out.append(escaped);
      }
    }
    return out.toString();
  }

  /** A space, {@code ?} or {@code %} percent-escaped; null for any other character. */
  private static String escaped(char c) {
    return switch (c) {
      case ' ' -> "%20";
      case '?' -> "%3F";
      case '%' -> "%25";
      default -> null;
    };
  }

  @Override
  public String toString() {
    String m = LogText.clean(method, MAX_METHOD_CHARS);
    String p = oneField(LogText.clean(path, MAX_VALUE_CHARS));
    String head = id + ' ' + m + ' ' + p;
    if (!query.isEmpty()) {
      head += '?' + LogText.clean(query, MAX_VALUE_CHARS);
    }
    return head + ' ' + status + ' ' + bytes + "B " + millis + "ms";
  }

  @Override
  public int length() {
    int length = id.length() + 1 + Math.min(method.length(), MAX_METHOD_CHARS) + 1;
    length += Math.min(path.length(), MAX_VALUE_CHARS) + 2 * pathEscapes;
    if (!query.isEmpty()) {
      length += 1 + Math.min(query.length(), MAX_VALUE_CHARS);
    }
    return length + 1 + digits(status) + 1 + digits(bytes) + 2 + digits(millis) + 2;
  }

  @Override
  public int writeAscii(byte[] buffer, int at) {
    at = writeId(buffer, at);
    if (at < 0) {
      return -1;
    }
    buffer[at++] = ' ';
    at = LogText.writeCleanAscii(method, MAX_METHOD_CHARS, buffer, at);
    if (at < 0) {
      return -1;
    }
    buffer[at++] = ' ';
    at =
        pathEscapes == 0
            ? LogText.writeCleanAscii(path, MAX_VALUE_CHARS, buffer, at)
            : writeEscapedPath(buffer, at);
    if (at < 0) {
      return -1;
    }
    if (!query.isEmpty()) {
      buffer[at++] = '?';
      at = LogText.writeCleanAscii(query, MAX_VALUE_CHARS, buffer, at);
      if (at < 0) {
        return -1;
      }
    }
    buffer[at++] = ' ';
    at = writeDecimal(status, buffer, at);
    buffer[at++] = ' ';
    at = writeDecimal(bytes, buffer, at);
    buffer[at++] = 'B';
    buffer[at++] = ' ';
    at = writeDecimal(millis, buffer, at);
    buffer[at++] = 'm';
    buffer[at++] = 's';
    return at;
  }

  /** The path cleaned and kept {@link #oneField one field}, or -1 past ASCII. */
  private int writeEscapedPath(byte[] buffer, int at) {
    for (int i = 0, n = Math.min(path.length(), MAX_VALUE_CHARS); i < n; i++) {
      char c = path.charAt(i);
      String escaped = escaped(c);
      int b = LogText.cleanAscii(c);
      if (escaped != null) {
        for (int k = 0; k < 3; k++) {
          buffer[at++] = (byte) escaped.charAt(k);
        }
      } else if (b < 0) {
        return -1;
      } else {
        buffer[at++] = (byte) b;
      }
    }
    return at;
  }

  /** The id as it is (not cleaned, as in {@link #toString()}), or -1 past ASCII. */
  private int writeId(byte[] buffer, int at) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c >= 0x80) {
        return -1;
      }
      buffer[at++] = (byte) c;
    }
    return at;
  }

  /** The number of characters of {@code Long.toString(value)}. */
  static int digits(long value) {
    if (value < 0) {
      return value == Long.MIN_VALUE ? 20 : 1 + digits(-value);
    }
    int digits = 1;
    for (long bound = 10; digits < 19 && value >= bound; bound *= 10) {
      digits++;
    }
    return digits;
  }

  /** {@code Long.toString(value)}'s characters as bytes. */
  static int writeDecimal(long value, byte[] buffer, int at) {
    if (value < 0) {
      byte[] text = Long.toString(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      System.arraycopy(text, 0, buffer, at, text.length);
      return at + text.length;
    }
    int end = at + digits(value);
    int i = end;
    do {
      buffer[--i] = (byte) ('0' + value % 10);
      value /= 10;
    } while (value != 0);
    return end;
  }
}
