package io.netweave.o2ims.server.internal.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.server.spi.OwnerKeys;
import io.netweave.o2ims.server.spi.StoredSubscription;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The admin view of who owns each subscription: inventory subscriptions (v1 and v2 views) and alarm
 * subscriptions, each with its owner as stored and in a readable form, its creation time and the
 * API path an admin deletes it at. Owners never appear in API answers (a client must not learn
 * another's identity); this view is for admins only, which the route's admin prefix ensures. Knows
 * nothing about HTTP. Thread-safe; reads the stores, which may block: call it off event-loop
 * threads.
 *
 * <p>Lists are ordered by kind, then subscription id, and paged with the API's keyset markers
 * (bound to the owner and kind asked for, so a marker of one query is refused by another).
 */
public final class SubscriptionOwners {
  /** A kind of stored subscription, as the view names it. */
  public enum Kind {
    ALARM("alarm"),
    INVENTORY_V1("inventory-v1"),
    INVENTORY_V2("inventory-v2");

    private final String text;

    Kind(String text) {
      this.text = text;
    }

    /** The name in answers and in the {@code kind} parameter. */
    public String text() {
      return text;
    }

    static Kind parse(String text) {
      for (Kind k : values()) {
        if (k.text.equals(text.toLowerCase(Locale.ROOT))) {
          return k;
        }
      }
      throw new QueryProblem(
          QueryProblem.Kind.BAD_REQUEST,
          "unknown subscription kind '"
              + text
              + "'; known: "
              + Arrays.stream(values()).map(Kind::text).toList(),
          Map.of("parameter", "kind"));
    }
  }

  private final SubscriptionService inventory;
  private final Optional<SubscriptionService> alarms;
  private final ObjectMapper mapper;

  /**
   * @param alarms the alarm subscription service, when the monitoring API is served
   */
  public SubscriptionOwners(
      SubscriptionService inventory, Optional<SubscriptionService> alarms, ObjectMapper mapper) {
    this.inventory = inventory;
    this.alarms = alarms;
    this.mapper = mapper;
  }

  /**
   * A page of subscriptions.
   *
   * @param owner an owner key as {@link OwnerKeys#parse} reads it: only that owner's subscriptions
   *     (exact match with the stored owner)
   * @param kind one of {@link Kind}'s names: only that kind
   * @param marker the marker of a later page, as received
   * @param path the request path, to which markers are bound
   * @throws QueryProblem (400) for an owner that is not an owner key, an unknown kind, or a bad
   *     marker
   */
  public Page list(
      Optional<String> owner, Optional<String> kind, Optional<String> marker, String path) {
    Optional<String> ownerKey = owner.map(SubscriptionOwners::ownerKey);
    Optional<Kind> only = kind.map(Kind::parse);
    SortedMap<String, ObjectNode> rows = new TreeMap<>();
    if (only.isEmpty() || only.get() != Kind.ALARM) {
      for (StoredSubscription s : inventory.stored()) {
        Kind k = s.view() == ApiView.V2 ? Kind.INVENTORY_V2 : Kind.INVENTORY_V1;
        add(rows, s, k, ownerKey, only);
      }
    }
    if (only.isEmpty() || only.get() == Kind.ALARM) {
      alarms.ifPresent(a -> a.stored().forEach(s -> add(rows, s, Kind.ALARM, ownerKey, only)));
    }
    ListQuery query = new ListQuery(Filter.all(), FieldSelector.all(), marker);
    Pager pager = inventory.pager();
    String bound =
        path + "?owner=" + ownerKey.orElse("") + "&kind=" + only.map(Kind::text).orElse("");
    return pager.page(rows, query, bound, o -> true, pager::write);
  }

  private static String ownerKey(String text) {
    try {
      return OwnerKeys.parse(text);
    } catch (IllegalArgumentException e) {
      throw new QueryProblem(
          QueryProblem.Kind.BAD_REQUEST, e.getMessage(), Map.of("parameter", "owner"));
    }
  }

  private void add(
      Map<String, ObjectNode> rows,
      StoredSubscription s,
      Kind kind,
      Optional<String> ownerKey,
      Optional<Kind> only) {
    if (ownerKey.isPresent() && !ownerKey.get().equals(s.owner())) {
      return;
    }
    if (only.isPresent() && only.get() != kind) {
      return;
    }
    Subscription sub = s.subscription();
    String id = sub.subscriptionId().toString();
    ObjectNode n = mapper.createObjectNode();
    n.put("subscriptionId", id);
    n.put("kind", kind.text());
    n.put("path", apiPath(kind) + "/" + id);
    n.put("callback", sub.callback());
    sub.filter().ifPresent(f -> n.put("filter", f));
    sub.consumerSubscriptionIdText().ifPresent(c -> n.put("consumerSubscriptionId", c));
    n.put("owner", s.owner());
    n.set("ownerIdentity", identity(s.owner()));
    n.put("createdAt", s.createdAt().toString());
    rows.put(kind.text() + "/" + id, n);
  }

  private static String apiPath(Kind kind) {
    return switch (kind) {
      case ALARM -> AlarmQueryService.PREFIX + "/v1/alarmSubscriptions";
      case INVENTORY_V1 -> InventoryQueryService.PREFIX + "/v1/subscriptions";
      case INVENTORY_V2 -> InventoryQueryService.PREFIX + "/v2/subscriptions";
    };
  }

  /** The owner key in a readable form: what kind of principal, and its names. */
  private ObjectNode identity(String owner) {
    ObjectNode n = mapper.createObjectNode();
    Optional<String> issuer = OwnerKeys.issuer(owner);
    if (issuer.isPresent()) {
      n.put("type", "token");
      n.put("issuer", issuer.get());
      n.put("subject", OwnerKeys.subject(owner));
    } else if (OwnerKeys.isCertificate(owner)) {
      n.put("type", "certificate");
      n.put("dn", OwnerKeys.subject(owner));
    } else if (OwnerKeys.isLegacy(owner)) {
      n.put("type", "legacy");
      n.put("subject", OwnerKeys.subject(owner));
      n.put("readAs", OwnerKeys.legacyHolder(owner));
    } else {
      n.put("type", owner.equals(OwnerKeys.ANONYMOUS) ? "anonymous" : "unknown");
    }
    return n;
  }
}
