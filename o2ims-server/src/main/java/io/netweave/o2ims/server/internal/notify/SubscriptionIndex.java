package io.netweave.o2ims.server.internal.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.InvalidQueryException;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.model.SubscriptionFilter;
import io.netweave.o2ims.server.spi.StoredSubscription;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions, with their filters parsed once and grouped by the object types each filter can
 * select, so that matching a change only evaluates the filters of subscriptions that can select its
 * type. Within a type, a filter that requires {@code (eq,path,value)} (one value, ANDed with the
 * rest) is filed under that path and value, so a change only evaluates the filters whose required
 * value its state has at that path.
 *
 * <p>Design note: the index is an immutable table swapped as a whole by {@link #refresh} (one
 * volatile write); {@link #matching} reads the current table without locks, so matching is
 * wait-free and a change is always matched against one consistent set of subscriptions. A refresh
 * reuses the parsed filter of every subscription whose filter text did not change. The (path,
 * value) level only narrows candidates: every candidate is still evaluated by {@link
 * SubscriptionFilter#selects}, and wherever the state's value is not a string (a number, a boolean,
 * null) every filter filed under that path is evaluated, so the index never changes what matches,
 * only how many filters are tried. Values are compared lower-cased (UUIDs compare
 * case-insensitively; the exact comparison is left to the filter). A stored filter that no longer
 * parses (should not happen: the route validated it) selects nothing and is logged.
 */
public final class SubscriptionIndex {
  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionIndex.class);

  /** A subscription with its parsed filter, in the view it was created in. */
  public record Entry(Subscription subscription, SubscriptionFilter filter, ApiView view) {
    /** A v1 subscription. */
    public Entry(Subscription subscription, SubscriptionFilter filter) {
      this(subscription, filter, ApiView.V1);
    }

    public UUID id() {
      return subscription.subscriptionId();
    }
  }

  /** The filters of one object type: those without a required eq value, and the others by it. */
  private record TypeIndex(
      List<Entry> unkeyed, Map<List<String>, Map<String, List<Entry>>> byPathAndValue) {}

  private record Table(Map<UUID, Entry> byId, Map<ApiView, Map<ObjectType, TypeIndex>> byView) {}

  private static final Set<String> PSEUDO = Set.of("objectType", "notificationEventType");

  private volatile Table table = new Table(Map.of(), emptyViews());

  private static Map<ApiView, Map<ObjectType, TypeIndex>> emptyViews() {
    Map<ApiView, Map<ObjectType, TypeIndex>> views = new EnumMap<>(ApiView.class);
    for (ApiView view : ApiView.values()) {
      Map<ObjectType, TypeIndex> byType = new EnumMap<>(ObjectType.class);
      for (ObjectType type : ObjectType.values()) {
        byType.put(type, new TypeIndex(List.of(), Map.of()));
      }
      views.put(view, byType);
    }
    return views;
  }

  /** Replaces the indexed subscriptions. Not for concurrent use with itself. */
  public void refresh(List<StoredSubscription> subscriptions) {
    Map<UUID, Entry> previous = table.byId();
    Map<UUID, Entry> byId = new HashMap<>();
    Map<ApiView, Map<ObjectType, List<Entry>>> unkeyedByView = new EnumMap<>(ApiView.class);
    Map<ApiView, Map<ObjectType, Map<List<String>, Map<String, List<Entry>>>>> keyedByView =
        new EnumMap<>(ApiView.class);
    for (StoredSubscription stored : subscriptions) {
      Subscription s = stored.subscription();
      ApiView view = stored.view();
      Entry old = previous.get(s.subscriptionId());
      Entry entry =
          old != null && old.view() == view && old.subscription().filter().equals(s.filter())
              ? new Entry(s, old.filter(), view)
              : compile(s, view);
      Map<ObjectType, List<Entry>> unkeyed =
          unkeyedByView.computeIfAbsent(view, v -> new EnumMap<>(ObjectType.class));
      Map<ObjectType, Map<List<String>, Map<String, List<Entry>>>> keyed =
          keyedByView.computeIfAbsent(view, v -> new EnumMap<>(ObjectType.class));
      if (entry == null) {
        continue;
      }
      byId.put(s.subscriptionId(), entry);
      Optional<Filter.Term> key = requiredEquality(entry.filter());
      for (ObjectType type : entry.filter().objectTypes()) {
        if (key.isPresent()) {
          keyed
              .computeIfAbsent(type, t -> new HashMap<>())
              .computeIfAbsent(key.get().path(), p -> new HashMap<>())
              .computeIfAbsent(normalize(key.get().values().get(0)), v -> new ArrayList<>())
              .add(entry);
        } else {
          unkeyed.computeIfAbsent(type, t -> new ArrayList<>()).add(entry);
        }
      }
    }
    Map<ApiView, Map<ObjectType, TypeIndex>> byView = new EnumMap<>(ApiView.class);
    for (ApiView view : ApiView.values()) {
      Map<ObjectType, List<Entry>> unkeyed = unkeyedByView.getOrDefault(view, Map.of());
      Map<ObjectType, Map<List<String>, Map<String, List<Entry>>>> keyed =
          keyedByView.getOrDefault(view, Map.of());
      Map<ObjectType, TypeIndex> byType = new EnumMap<>(ObjectType.class);
      for (ObjectType type : ObjectType.values()) {
        byType.put(
            type,
            new TypeIndex(
                List.copyOf(unkeyed.getOrDefault(type, List.of())),
                keyed.getOrDefault(type, Map.of())));
      }
      byView.put(view, byType);
    }
    table = new Table(Map.copyOf(byId), byView);
  }

  /** Whether any subscription of a view is indexed. */
  public boolean hasView(ApiView view) {
    for (Entry e : table.byId().values()) {
      if (e.view() == view) {
        return true;
      }
    }
    return false;
  }

  /** The subscriptions whose filters select the change, in no particular order. */
  public List<Entry> matching(ObjectChange change) {
    TypeIndex index = table.byView().get(change.view()).get(change.type());
    List<Entry> selected = new ArrayList<>();
    select(index.unkeyed(), change, selected);
    for (Map.Entry<List<String>, Map<String, List<Entry>>> byPath :
        index.byPathAndValue().entrySet()) {
      JsonNode value = at(change.state(), byPath.getKey());
      if (value == null) {
        continue; // eq never matches an absent attribute
      }
      if (value.isTextual()) {
        select(
            byPath.getValue().getOrDefault(normalize(value.asText()), List.of()), change, selected);
      } else if (value.isArray() && allTextual(value)) {
        Set<Entry> seen = new java.util.HashSet<>();
        for (JsonNode element : value) {
          for (Entry e : byPath.getValue().getOrDefault(normalize(element.asText()), List.of())) {
            if (seen.add(e)) {
              select(List.of(e), change, selected);
            }
          }
        }
      } else {
        byPath.getValue().values().forEach(entries -> select(entries, change, selected));
      }
    }
    return selected;
  }

  private static void select(List<Entry> candidates, ObjectChange change, List<Entry> selected) {
    for (Entry e : candidates) {
      if (e.filter().selects(change.type(), change.eventType(), change.state())) {
        selected.add(e);
      }
    }
  }

  /** The first single-valued eq term on a real attribute: a value every match must have. */
  private static Optional<Filter.Term> requiredEquality(SubscriptionFilter filter) {
    for (Filter.Term t : filter.filter().terms()) {
      if (t.operator() == Filter.Operator.EQ
          && t.values().size() == 1
          && !(t.path().size() == 1 && PSEUDO.contains(t.path().get(0)))) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * The value at {@code path}: null if an object on the way lacks the member (absent), a missing
   * node when the walk meets something other than an object (arrays of objects are the filter's
   * business: every filter under the path is then evaluated).
   */
  private static JsonNode at(JsonNode state, List<String> path) {
    JsonNode node = state;
    for (String segment : path) {
      if (!node.isObject()) {
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
      }
      node = node.get(segment);
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  private static boolean allTextual(JsonNode array) {
    for (JsonNode element : array) {
      if (!element.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static String normalize(String value) {
    return value.toLowerCase(java.util.Locale.ROOT);
  }

  /** The indexed subscription with this id. */
  public Optional<Entry> get(UUID subscriptionId) {
    return Optional.ofNullable(table.byId().get(subscriptionId));
  }

  /** How many subscriptions are indexed. */
  public int size() {
    return table.byId().size();
  }

  private static Entry compile(Subscription s, ApiView view) {
    try {
      SubscriptionFilter filter =
          s.filter()
              .filter(f -> !f.isBlank())
              .map(f -> SubscriptionFilter.parse(f, view))
              .orElseGet(() -> SubscriptionFilter.all(view));
      return new Entry(s, filter, view);
    } catch (InvalidQueryException e) {
      LOG.error(
          "subscription {} has a filter that does not parse; it receives nothing: {}",
          s.subscriptionId(),
          e.getMessage());
      return null;
    }
  }
}
