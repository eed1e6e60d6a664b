package io.netweave.o2ims.server.internal.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.model.AlarmEventType;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.ObjectSchema;
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
              List.of("notificationEventType"),
              List.of(Integer.toString(token.get().code()))));
    }
    return new AlarmFilter(Filter.parse(text).validate(ObjectSchema.ALARM_EVENT));
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
