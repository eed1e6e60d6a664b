package io.netweave.o2ims.model;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Deterministic fuzzing on every build: a fixed-seed generator produces grammar-shaped inputs
 * (operators, paths with escapes, quoted and unquoted values, separators) and mutates them (cut,
 * duplicate, flip, insert reserved characters), then checks that every parser lets only {@link
 * InvalidQueryException} escape. About 50,000 inputs, a few seconds.
 */
class QueryParserRandomizedTest {
  private static final int INPUTS = 50_000;
  private static final String[] OPERATORS = {
    "eq", "neq", "gt", "gte", "lt", "lte", "in", "nin", "cont", "ncont", "EQ", "Cont", "xx", ""
  };
  private static final String[] SEGMENTS = {
    "name",
    "resourceId",
    "tags",
    "elements",
    "extensions",
    "labels",
    "topology.kubernetes.io~1zone",
    "a~0b",
    "~",
    "~2",
    "objectType",
    "notificationEventType",
    "alarmDictionary",
    "capacity",
    "cpu",
    "ready",
    " ",
    "",
    "é"
  };
  private static final String[] VALUES = {
    "zone-a",
    "",
    " ",
    "'q''uoted'",
    "'a,b;c(d)'",
    "''",
    "'",
    "6f1a3c9e-0b4d-4c57-9a3e-1c2d3e4f5a6b",
    "8",
    "-1e3",
    "1e999999999",
    "true",
    "Resource",
    "2",
    "a b",
    "(",
    ")",
    ";",
    ",",
    "\u0000",
    "\uD800"
  };
  private static final String RESERVED = "(),;'/~ \t=&%\\\"";

  private final Random random = new Random(20261127L);

  @Test
  void generatedAndMutatedInputsOnlyEverRaiseInvalidQueryException() {
    assertThatCode(
            () -> {
              for (int i = 0; i < INPUTS; i++) {
                String input = (i % 3 == 0) ? mutate(filterText()) : filterText();
                switch (i % 4) {
                  case 0 -> QueryInputs.filter(input);
                  case 1 -> QueryInputs.subscriptionFilter(input);
                  case 2 -> QueryInputs.selector(selectorText(input));
                  default -> QueryInputs.marker(markerText(), input);
                }
              }
            })
        .doesNotThrowAnyException();
  }

  private String filterText() {
    StringBuilder text = new StringBuilder();
    int terms = 1 + random.nextInt(4);
    for (int t = 0; t < terms; t++) {
      if (t > 0) {
        text.append(random.nextInt(10) == 0 ? " ; " : ";");
      }
      text.append('(').append(pick(OPERATORS)).append(',');
      int segments = 1 + random.nextInt(4);
      for (int s = 0; s < segments; s++) {
        if (s > 0) {
          text.append('/');
        }
        text.append(pick(SEGMENTS));
      }
      int values = random.nextInt(4);
      for (int v = 0; v < values; v++) {
        text.append(',').append(pick(VALUES));
      }
      if (random.nextInt(20) != 0) {
        text.append(')');
      }
    }
    return text.toString();
  }

  private String mutate(String text) {
    StringBuilder out = new StringBuilder(text);
    int edits = 1 + random.nextInt(4);
    for (int e = 0; e < edits && out.length() > 0; e++) {
      int at = random.nextInt(out.length());
      switch (random.nextInt(6)) {
        case 0 -> out.deleteCharAt(at);
        case 1 -> out.insert(at, RESERVED.charAt(random.nextInt(RESERVED.length())));
        case 2 -> out.setLength(at);
        case 3 -> out.insert(at, out.substring(at, Math.min(out.length(), at + 8)));
        case 4 -> out.setCharAt(at, (char) random.nextInt(0x3000));
        default -> out.insert(at, "(".repeat(random.nextInt(50)));
      }
    }
    return out.toString();
  }

  private String selectorText(String filter) {
    String names = filter.replace('(', ' ').replace(')', ' ').replace(';', ',');
    return switch (random.nextInt(6)) {
      case 0 -> "fields=" + names;
      case 1 -> "exclude_fields=" + names;
      case 2 -> "fields=" + names + "&exclude_fields=" + pick(SEGMENTS);
      case 3 -> "all_fields&fields=" + names;
      case 4 -> "exclude_default=" + pick(VALUES) + "&fields=" + pick(SEGMENTS);
      default -> mutate("fields=name,extensions/site&exclude_fields=a~1b&all_fields=true");
    };
  }

  private String markerText() {
    String valid = QueryInputs.VALID_MARKER;
    return switch (random.nextInt(4)) {
      case 0 -> mutate(valid);
      case 1 -> valid.substring(0, random.nextInt(valid.length() + 1));
      case 2 -> valid;
      default -> mutate(filterText());
    };
  }

  private String pick(String[] options) {
    return options[random.nextInt(options.length)];
  }
}
