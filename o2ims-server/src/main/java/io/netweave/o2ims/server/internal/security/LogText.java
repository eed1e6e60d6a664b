package io.netweave.o2ims.server.internal.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How request-derived values are written to the access and audit logs, so that no client can forge
 * a line: in text form every control character, quote and backslash becomes {@code _} and a value
 * is cut at a length; in JSON form ({@code server.log_format: json}) each line is one JSON object,
 * escaped by Jackson. Query strings are logged with the values of credential parameters ({@code
 * access_token} and similar) replaced by {@code REDACTED}. Immutable and thread-safe.
 */
public final class LogText {
  /** The line format of the access and audit logs ({@code server.log_format}). */
  public enum Format {
    TEXT,
    JSON;

    /**
     * @throws IllegalArgumentException for anything but {@code text} or {@code json}
     */
    public static Format parse(String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "text" -> TEXT;
        case "json" -> JSON;
        default -> throw new IllegalArgumentException("expected text or json, got " + text);
      };
    }
  }

  /** Query parameters whose values are credentials and never logged. */
  static final Set<String> CREDENTIAL_PARAMETERS =
      Set.of(
          "access_token",
          "id_token",
          "refresh_token",
          "token",
          "client_secret",
          "password",
          "api_key",
          "apikey",
          "key",
          "code",
          "assertion",
          "client_assertion",
          "authorization");

  private static final ObjectMapper JSON = new ObjectMapper();

  private LogText() {}

  /** The value with control characters, quotes and backslashes replaced, cut at {@code max}. */
  public static String clean(String value, int max) {
    if (value.length() <= max && isClean(value)) {
      return value; // the common case, without a copy
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), max));
    for (int i = 0; i < value.length() && out.length() < max; i++) {
      char c = value.charAt(i);
      out.append(replaced(c) ? '_' : c);
    }
    return out.toString();
  }

  /**
   * Writes {@link #clean clean(value, max)} as one byte per character into {@code out} from {@code
   * at} (room for {@code min(value.length(), max)} bytes) and returns where it ends, checking and
   * copying each character in one pass; or returns -1 when the cleaned value would hold a character
   * past ASCII (the caller then encodes the text of {@code clean} instead).
   */
  public static int writeCleanAscii(String value, int max, byte[] out, int at) {
    int n = Math.min(value.length(), max);
    for (int i = 0; i < n; i++) {
      int b = cleanAscii(value.charAt(i));
      if (b < 0) {
        return -1;
      }
      out[at++] = (byte) b;
    }
    return at;
  }

  /** The byte {@link #clean} makes of an ASCII character; -1 for a character past ASCII. */
  public static int cleanAscii(char c) {
    return c < 0x80 ? CLEAN_ASCII[c] : -1;
  }

  /** Each ASCII character as {@link #clean} writes it: itself, or {@code _} when it is replaced. */
  private static final byte[] CLEAN_ASCII = new byte[0x80];

  static {
    for (char c = 0; c < 0x80; c++) {
      CLEAN_ASCII[c] = (byte) (replaced(c) ? '_' : c);
    }
  }

  private static boolean isClean(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (replaced(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean replaced(char c) {
    return c < 0x20
        || c == 0x7F
        || c == '"'
        || c == '\\'
        || (c >= 0x80 && c < 0xA0)
        || c == '\u2028'
        || c == '\u2029';
  }

  /** The raw query string with the values of credential parameters replaced by REDACTED. */
  public static String redactQuery(String rawQuery) {
    if (rawQuery.isEmpty()) {
      return rawQuery;
    }
    StringBuilder out = new StringBuilder(rawQuery.length());
    for (String pair : rawQuery.split("&", -1)) {
      if (out.length() > 0) {
        out.append('&');
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (eq >= 0 && CREDENTIAL_PARAMETERS.contains(decodedName(name))) {
        out.append(name).append("=REDACTED");
      } else {
        out.append(pair);
      }
    }
    return out.toString();
  }

  private static String decodedName(String name) {
    try {
      return java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8)
          .strip()
          .toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return name.toLowerCase(Locale.ROOT);
    }
  }

  /** One JSON object on one line (Jackson escapes every control character). */
  public static String json(Map<String, Object> fields) {
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings and numbers cannot fail to serialize", e);
    }
  }
}
