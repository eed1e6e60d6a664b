package io.netweave.o2ims.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Feeds one arbitrary input through every query parser of the model (and, when it parses, through
 * validation, evaluation and projection), letting only {@link InvalidQueryException} escape.
 */
final class QueryInputs {
  static final PageMarkerCodec CODEC =
      new PageMarkerCodec("fuzzing-secret-0123456789abcdef".getBytes(StandardCharsets.UTF_8));
  static final String VALID_MARKER = CODEC.encode("resource-0001", "(eq,name,'a')");
  private static final JsonNode RESOURCE = Fixtures.named("res");
  private static final ObjectNode POOL = (ObjectNode) Fixtures.named("poolLoc");
  private static final String[] SELECTOR_KEYS = {
    "fields", "exclude_fields", "all_fields", "exclude_default", "filter"
  };

  private QueryInputs() {}

  static void filter(String text) {
    try {
      Filter filter = Filter.parse(text);
      filter.matches(RESOURCE);
      Filter.parse(filter.canonical());
      filter.validate(ObjectSchema.RESOURCE_V1);
    } catch (InvalidQueryException expected) {
      // the only exception allowed out of the parser and validator
    }
  }

  static void subscriptionFilter(String text) {
    try {
      SubscriptionFilter filter = SubscriptionFilter.parse(text);
      filter.selects(ObjectType.RESOURCE, NotificationEventType.MODIFY, RESOURCE);
      filter.objectTypes();
      filter.canonical();
    } catch (InvalidQueryException expected) {
      // the only exception allowed
    }
  }

  /** The input is read as {@code key=value} pairs separated by {@code &}. */
  static void selector(String text) {
    Map<String, List<String>> query = new HashMap<>();
    int i = 0;
    for (String pair : text.split("&", 8)) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? SELECTOR_KEYS[i++ % SELECTOR_KEYS.length] : pair.substring(0, eq);
      String value = eq < 0 ? pair : pair.substring(eq + 1);
      query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    try {
      FieldSelector selector = FieldSelector.parse(query);
      selector.apply(POOL, ObjectSchema.RESOURCE_POOL_V1);
      selector.canonical();
      selector.validate(ObjectSchema.RESOURCE_POOL_V1);
    } catch (InvalidQueryException expected) {
      // the only exception allowed
    }
  }

  static void marker(String marker, String fingerprint) {
    try {
      CODEC.decode(marker, fingerprint);
    } catch (InvalidQueryException expected) {
      // the only exception allowed
    }
  }
}
