package io.netweave.o2ims.server.internal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value types of configuration keys and how each reads its YAML or environment form. {@link
 * #read} throws {@link IllegalArgumentException} with a message that says what was expected.
 */
enum KeyType {
  STRING,
  INT,
  LONG,
  DOUBLE,
  BOOLEAN,
  /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 250ms}, or {@code 0}. */
  DURATION,
  /** A YAML list, or a comma-separated string in the environment. */
  STRING_LIST,
  /** A UUID, or empty for "derive it". */
  OPTIONAL_UUID;

  private static final Pattern DURATION_PATTERN =
      Pattern.compile("(\\d+)(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);

  Object read(Object raw) {
    return switch (this) {
      case STRING -> text(raw);
      case INT -> {
        long v = parseLong(text(raw), "an integer");
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("expected an integer, got " + raw);
        }
        yield (int) v;
      }
      case LONG -> parseLong(text(raw), "an integer");
      case DOUBLE -> {
        try {
          yield Double.parseDouble(text(raw));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("expected a number, got " + raw);
        }
      }
      case BOOLEAN -> {
        String t = text(raw).toLowerCase(Locale.ROOT);
        if (!t.equals("true") && !t.equals("false")) {
          throw new IllegalArgumentException("expected true or false, got " + raw);
        }
        yield Boolean.parseBoolean(t);
      }
      case DURATION -> duration(text(raw));
      case STRING_LIST -> list(raw);
      case OPTIONAL_UUID -> {
        String t = text(raw);
        if (!t.isEmpty()) {
          try {
            UUID.fromString(t);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected a UUID, got " + t);
          }
        }
        yield t;
      }
    };
  }

  private static String text(Object raw) {
    if (raw instanceof List<?> || raw instanceof java.util.Map<?, ?>) {
      throw new IllegalArgumentException("expected a single value, got " + raw);
    }
    return raw == null ? "" : String.valueOf(raw).trim();
  }

  private static long parseLong(String text, String what) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected " + what + ", got " + text);
    }
  }

  static Duration duration(String text) {
    Matcher m = DURATION_PATTERN.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a duration such as 250ms, 30s, 5m or 1h, got " + text);
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
    if (unit.isEmpty() && amount != 0) {
      throw new IllegalArgumentException("a duration needs a unit (ms, s, m, h, d): " + text);
    }
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ZERO;
    };
  }

  private static List<String> list(Object raw) {
    if (raw instanceof List<?> items) {
      List<String> out = new ArrayList<>();
      for (Object o : items) {
        if (o instanceof List<?> || o instanceof java.util.Map<?, ?>) {
          throw new IllegalArgumentException("expected a list of strings");
        }
        out.add(String.valueOf(o).trim());
      }
      return List.copyOf(out);
    }
    String t = text(raw);
    if (t.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String part : t.split(",")) {
      out.add(part.trim());
    }
    return List.copyOf(out);
  }
}
