package io.netweave.o2ims.server.internal.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.model.AlarmEventType;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.InvalidQueryException;
import io.netweave.o2ims.model.ObjectSchema;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An alarm subscription's {@code filter}: a bare event token ({@code NEW}, {@code CHANGE}, {@code
 * CLEAR}, {@code ACKNOWLEDGE}, any case; kni's form) standing for {@code
 * (eq,notificationEventType,N)}, or a filter expression (the one SOL013 parser) over alarm record
 * attributes, their {@code ...Id} aliases and {@code notificationEventType}. Immutable,
 * thread-safe.
 */
final class AlarmFilter {
  private static final AlarmFilter ALL = new AlarmFilter(Filter.all());
  private static final String EVENT_TYPE = "notificationEventType";

  private final Filter filter;

  private AlarmFilter(Filter filter) {
    this.filter = filter;
  }

  /**
   * Parses and validates a filter; blank is "every event".
   *
   * @throws io.netweave.o2ims.model.InvalidQueryException (parameter {@code filter}) on malformed
   *     input or unknown attributes
   */
  static AlarmFilter parse(String text) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    Optional<AlarmEventType> token = AlarmEventType.fromToken(text);
    if (token.isPresent()) {
      return new AlarmFilter(
          new Filter.Term(
              Filter.Operator.EQ,
              List.of(EVENT_TYPE),
              List.of(Integer.toString(token.get().code()))));
    }
    if (!text.strip().startsWith("(")) {
      throw new InvalidQueryException(
          "filter",
          "an alarm subscription filter is one of NEW, CHANGE, CLEAR, ACKNOWLEDGE or a filter"
              + " expression such as (in,notificationEventType,0,2), not '"
              + text
              + "'",
          text,
          0);
    }
    Filter filter = Filter.parse(text).validate(ObjectSchema.ALARM_EVENT);
    for (Filter.Term term : filter.terms()) {
      if (term.path().equals(List.of(EVENT_TYPE))) {
        checkEventType(term, text);
      }
    }
    return new AlarmFilter(filter);
  }

  /**
   * A stored subscription's filter, which passed {@link #parse} when it was created: only its
   * syntax is read again, not its attribute types, so that a value an older release accepted (such
   * as {@code (gt,alarmRaisedTime,2026)}, before times became date-times) keeps matching as it did
   * rather than silencing the subscription.
   *
   * @throws io.netweave.o2ims.model.InvalidQueryException if the text does not parse at all
   */
  static AlarmFilter stored(String text) {
    if (text == null || text.isBlank()) {
      return ALL;
    }
    return AlarmEventType.fromToken(text).isPresent()
        ? parse(text)
        : new AlarmFilter(Filter.parse(text));
  }

  /** An event type no notification carries would make a subscription that never fires. */
  private static void checkEventType(Filter.Term term, String input) {
    if (term.operator().substring()) {
      throw new InvalidQueryException(
          "filter", EVENT_TYPE + " does not take " + term.operator().wireName(), input, -1);
    }
    for (String value : term.values()) {
      boolean known =
          Arrays.stream(AlarmEventType.values())
              .anyMatch(e -> Integer.toString(e.code()).equals(value.strip()));
      if (!known) {
        throw new InvalidQueryException(
            "filter",
            EVENT_TYPE
                + " is 0 (NEW), 1 (CHANGE), 2 (CLEAR) or 3 (ACKNOWLEDGE), not '"
                + value
                + "'",
            input,
            -1);
      }
    }
  }

  /** Whether this filter matches an event (see {@link AlarmJson#eventView}). */
  boolean matches(JsonNode eventView) {
    return filter.matches(eventView);
  }

  /** Whether the filter is "every event". */
  boolean isAll() {
    return filter.terms().isEmpty();
  }

  /** Canonical text (a bare token and its expression are the same filter). */
  String canonical() {
    return filter.canonical();
  }
}
