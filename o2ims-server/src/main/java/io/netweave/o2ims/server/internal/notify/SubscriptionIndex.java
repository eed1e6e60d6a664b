package io.netweave.o2ims.server.internal.notify;

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
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions, with their filters parsed once and grouped by the object types each filter can
 * select, so that matching a change only evaluates the filters of subscriptions that can select its
 * type.
 *
 * <p>Design note: the index is an immutable table swapped as a whole by {@link #refresh} (one
 * volatile write); {@link #matching} reads the current table without locks, so matching is
 * wait-free and a change is always matched against one consistent set of subscriptions. A refresh
 * reuses the parsed filter of every subscription whose filter text did not change. A stored filter
 * that no longer parses (should not happen: the route validated it) selects nothing and is logged.
 */
public final class SubscriptionIndex {
  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionIndex.class);

  /** A subscription with its parsed filter. */
  public record Entry(Subscription subscription, SubscriptionFilter filter) {
    public UUID id() {
      return subscription.subscriptionId();
    }
  }

  private record Table(Map<UUID, Entry> byId, Map<ObjectType, List<Entry>> byType) {}

  private volatile Table table = new Table(Map.of(), new EnumMap<>(ObjectType.class));

  /** Replaces the indexed subscriptions. Not for concurrent use with itself. */
  public void refresh(List<StoredSubscription> subscriptions) {
    Map<UUID, Entry> previous = table.byId();
    Map<UUID, Entry> byId = new HashMap<>();
    Map<ObjectType, List<Entry>> byType = new EnumMap<>(ObjectType.class);
    for (StoredSubscription stored : subscriptions) {
      Subscription s = stored.subscription();
      Entry old = previous.get(s.subscriptionId());
      Entry entry =
          old != null && old.subscription().filter().equals(s.filter())
              ? new Entry(s, old.filter())
              : compile(s);
      if (entry == null) {
        continue;
      }
      byId.put(s.subscriptionId(), entry);
      for (ObjectType type : entry.filter().objectTypes()) {
        byType.computeIfAbsent(type, t -> new ArrayList<>()).add(entry);
      }
    }
    byType.replaceAll((t, l) -> List.copyOf(l));
    table = new Table(Map.copyOf(byId), byType);
  }

  /** The subscriptions whose filters select the change, in no particular order. */
  public List<Entry> matching(ObjectChange change) {
    List<Entry> candidates = table.byType().getOrDefault(change.type(), List.of());
    List<Entry> selected = new ArrayList<>();
    for (Entry e : candidates) {
      if (e.filter().selects(change.type(), change.eventType(), change.state())) {
        selected.add(e);
      }
    }
    return selected;
  }

  /** The indexed subscription with this id. */
  public Optional<Entry> get(UUID subscriptionId) {
    return Optional.ofNullable(table.byId().get(subscriptionId));
  }

  /** How many subscriptions are indexed. */
  public int size() {
    return table.byId().size();
  }

  private static Entry compile(Subscription s) {
    try {
      SubscriptionFilter filter =
          s.filter()
              .filter(f -> !f.isBlank())
              .map(SubscriptionFilter::parse)
              .orElseGet(SubscriptionFilter::all);
      return new Entry(s, filter);
    } catch (InvalidQueryException e) {
      LOG.error(
          "subscription {} has a filter that does not parse; it receives nothing: {}",
          s.subscriptionId(),
          e.getMessage());
      return null;
    }
  }
}
