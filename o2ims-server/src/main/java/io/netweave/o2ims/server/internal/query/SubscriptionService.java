package io.netweave.o2ims.server.internal.query;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.ObjectSchema;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.model.SubscriptionFilter;
import io.netweave.o2ims.server.spi.OwnerKeys;
import io.netweave.o2ims.server.spi.StoredSubscription;
import io.netweave.o2ims.server.spi.SubscriptionStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Creates, reads, lists and deletes inventory subscriptions as DECISIONS.md "Subscriptions"
 * specifies, over a {@link SubscriptionStore}. Knows nothing about HTTP. Thread-safe. Methods that
 * write call the store, which may block: call them off event-loop threads.
 *
 * <p>Refusals are {@link QueryProblem}s: BAD_REQUEST for an invalid body, NOT_FOUND for an unknown
 * id, CONFLICT (or BAD_REQUEST when so configured) for a duplicate, FORBIDDEN for a new
 * subscription past its owner's quota (a duplicate is judged first: it is refused as a duplicate
 * even when the quota is used up). Duplicates are judged across owners (DECISIONS.md), but the
 * duplicate's attributes carry the existing {@code subscriptionId} only when the caller may see
 * that subscription (its owner, an admin); anyone else learns that another client holds one with
 * the same callback and filter, not its id.
 */
public final class SubscriptionService {
  /**
   * The settings that decide what a create accepts.
   *
   * @param maxPerSubject subscriptions one owner may hold ({@code subscriptions.max_per_subject});
   *     a create beyond it is refused with 403
   */
  public record Policy(boolean allowHttpCallbacks, boolean duplicateIsConflict, int maxPerSubject) {
    public Policy {
      if (maxPerSubject < 1) {
        throw new IllegalArgumentException("subscriptions.max_per_subject must be >= 1");
      }
    }

    /** A policy without a per-owner quota. */
    public Policy(boolean allowHttpCallbacks, boolean duplicateIsConflict) {
      this(allowHttpCallbacks, duplicateIsConflict, Integer.MAX_VALUE);
    }
  }

  /**
   * Which subscriptions a service manages: inventory subscriptions ({@link #INVENTORY}) or another
   * kind sharing their rules (alarm subscriptions: another id member, filter language and view).
   *
   * @param idMember the id member of the API view, refused in create bodies
   * @param noun what a 404 and the quota message call one (singular: {@code subscription})
   * @param schema the API view's schema (list filters and selectors)
   * @param canonicalFilter parses and validates a non-blank filter text into its canonical form,
   *     throwing {@link io.netweave.o2ims.model.InvalidQueryException} (400) when invalid
   * @param view the API view of a stored subscription
   */
  public record Kind(
      String idMember,
      String noun,
      ObjectSchema schema,
      java.util.function.Function<String, String> canonicalFilter,
      java.util.function.Function<Subscription, Object> view) {
    /** Inventory subscriptions ({@code SubscriptionInfo}). */
    public static final Kind INVENTORY =
        new Kind(
            "subscriptionId",
            "subscription",
            ObjectSchema.SUBSCRIPTION_V1,
            text -> SubscriptionFilter.parse(text).canonical(),
            s -> s);
  }

  static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Set<String> MEMBERS = Set.of("callback", "consumerSubscriptionId", "filter");

  private final SubscriptionStore store;
  private final ObjectMapper mapper;
  private final Pager pager;
  private final Clock clock;
  private final Policy policy;
  private final Supplier<UUID> ids;
  private final Runnable onWrite;
  private final java.util.function.Consumer<String> callbackCheck;
  private final Kind kind;

  /**
   * @param ids the source of new subscription ids (random UUIDs in production)
   * @param onWrite called after every successful write (cache invalidation)
   */
  public SubscriptionService(
      SubscriptionStore store,
      ObjectMapper mapper,
      PageMarkerCodec markers,
      int pageSize,
      Clock clock,
      Policy policy,
      Supplier<UUID> ids,
      Runnable onWrite) {
    this(store, mapper, markers, pageSize, clock, policy, ids, onWrite, callback -> {});
  }

  /**
   * @param callbackCheck the notification callback policy, run on every new callback; throws a
   *     {@link QueryProblem} (400) to refuse it
   */
  public SubscriptionService(
      SubscriptionStore store,
      ObjectMapper mapper,
      io.netweave.o2ims.model.PageMarkerCodec markers,
      int pageSize,
      Clock clock,
      Policy policy,
      Supplier<UUID> ids,
      Runnable onWrite,
      java.util.function.Consumer<String> callbackCheck) {
    this(
        Kind.INVENTORY,
        store,
        mapper,
        markers,
        pageSize,
        clock,
        policy,
        ids,
        onWrite,
        callbackCheck);
  }

  /**
   * A service of another kind of subscriptions.
   *
   * @param callbackCheck also where a kind refuses creates it cannot serve yet (a {@link
   *     QueryProblem})
   */
  public SubscriptionService(
      Kind kind,
      SubscriptionStore store,
      ObjectMapper mapper,
      io.netweave.o2ims.model.PageMarkerCodec markers,
      int pageSize,
      Clock clock,
      Policy policy,
      Supplier<UUID> ids,
      Runnable onWrite,
      java.util.function.Consumer<String> callbackCheck) {
    this.kind = kind;
    this.callbackCheck = callbackCheck;
    this.store = store;
    this.mapper = mapper;
    this.pager = new Pager(markers, pageSize, mapper);
    this.clock = clock;
    this.policy = policy;
    this.ids = ids;
    this.onWrite = onWrite;
  }

  /**
   * Validates a create request body and stores the subscription.
   *
   * @param owner the caller's {@link OwnerKeys owner key}, {@code anonymous} without authentication
   */
  public Subscription create(byte[] body, String owner) {
    return create(body, owner, ApiView.V1);
  }

  /**
   * Validates a create request body against a view (its filter's attributes and object types) and
   * stores the subscription in that view.
   */
  public Subscription create(byte[] body, String owner, ApiView view) {
    return create(body, owner, view, s -> OwnerKeys.owns(owner, s.owner()));
  }

  /**
   * Validates a create request body against a view and stores the subscription in that view.
   *
   * @param visible whether the caller may see a stored subscription (its own, or all for an admin):
   *     a duplicate it may not see is refused without naming it
   */
  public Subscription create(
      byte[] body,
      String owner,
      ApiView view,
      java.util.function.Predicate<StoredSubscription> visible) {
    return create(body, owner, view, visible, () -> {});
  }

  /**
   * Validates a create request body against a view and stores the subscription in that view.
   *
   * @param visible whether the caller may see a stored subscription (its own, or all for an admin):
   *     a duplicate it may not see is refused without naming it
   * @param precondition run once the body is valid, just before the store is asked; it throws to
   *     refuse the create (the HTTP layer's conditional headers), and then nothing is stored
   */
  public Subscription create(
      byte[] body,
      String owner,
      ApiView view,
      java.util.function.Predicate<StoredSubscription> visible,
      Runnable precondition) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JacksonException e) {
      throw JsonBodyProblem.of(e, mapper.getFactory().streamReadConstraints());
    } catch (java.io.IOException e) {
      throw QueryProblem.badRequest("the request body cannot be read");
    }
    if (root == null || !root.isObject()) {
      throw QueryProblem.badRequest("the request body must be a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (name.equals(kind.idMember())) {
        throw member(name, name + " is assigned by the server; omit it");
      }
      if (!MEMBERS.contains(name)) {
        throw member(
            name,
            "unknown member '" + name + "' (allowed: callback, consumerSubscriptionId, filter)");
      }
    }
    String callback = callback(root.get("callback"));
    callbackCheck.accept(callback);
    Optional<String> consumerText = consumerId(root.get("consumerSubscriptionId"));
    Optional<UUID> consumerId = consumerText.map(UUID::fromString);
    Optional<String> filterText = Optional.empty();
    String canonicalFilter = "";
    JsonNode filter = root.get("filter");
    if (filter != null && !filter.isNull()) {
      if (!filter.isTextual()) {
        throw member("filter", "filter must be a string");
      }
      if (!filter.asText().isBlank()) {
        canonicalFilter =
            kind == Kind.INVENTORY
                ? SubscriptionFilter.parse(filter.asText(), view).canonical()
                : kind.canonicalFilter().apply(filter.asText());
        filterText = Optional.of(filter.asText());
      }
    }
    Subscription subscription =
        new Subscription(ids.get(), consumerId, filterText, callback, consumerText);
    String dedupKey =
        (view == ApiView.V1 ? "" : StoredSubscription.V2_KEY_PREFIX)
            + callback
            + "\n"
            + canonicalFilter
            + "\n"
            + consumerId.map(UUID::toString).orElse("");
    precondition.run();
    // The store judges a duplicate first (a duplicate is a duplicate whatever the quota: an SMO
    // retrying a create whose answer it lost learns that its subscription exists, not that it is
    // out of quota), then the owner's quota, and stores: one atomic step, across replicas too.
    SubscriptionStore.CreateOutcome outcome =
        store.create(
            new StoredSubscription(subscription, owner, dedupKey, clock.instant()),
            policy.maxPerSubject());
    if (outcome instanceof SubscriptionStore.CreateOutcome.Duplicate d) {
      throw duplicate(d.existing(), visible);
    }
    if (outcome instanceof SubscriptionStore.CreateOutcome.QuotaUsedUp q) {
      throw new QueryProblem(
          QueryProblem.Kind.FORBIDDEN,
          "subscription quota used up: "
              + OwnerKeys.subject(owner)
              + " holds "
              + count(q.held(), kind.noun())
              + ", the most one client may hold"
              + " (subscriptions.max_per_subject); delete some first",
          Map.of("limit", Integer.toString(policy.maxPerSubject())));
    }
    onWrite.run();
    return ((SubscriptionStore.CreateOutcome.Created) outcome).stored().subscription();
  }

  /**
   * The refusal of a duplicate: it names the existing subscription to a caller that may see it, and
   * to anyone else only says that another client holds one (which the duplicate rule cannot hide),
   * so that a client does not learn the id of another's subscription.
   */
  private QueryProblem duplicate(
      StoredSubscription existing, java.util.function.Predicate<StoredSubscription> visible) {
    QueryProblem.Kind status =
        policy.duplicateIsConflict() ? QueryProblem.Kind.CONFLICT : QueryProblem.Kind.BAD_REQUEST;
    if (!visible.test(existing)) {
      return new QueryProblem(
          status,
          "a subscription with the same callback, filter and consumerSubscriptionId exists,"
              + " owned by another client",
          Map.of());
    }
    String id = existing.subscription().subscriptionId().toString();
    return new QueryProblem(
        status,
        "a subscription with the same callback, filter and consumerSubscriptionId exists: " + id,
        Map.of(kind.idMember(), id));
  }

  /** The API view of a subscription of this service's kind. */
  public Object view(Subscription subscription) {
    return kind.view().apply(subscription);
  }

  /** The kind of subscriptions this service manages. */
  public Kind kind() {
    return kind;
  }

  /** One subscription. */
  public JsonNode get(UUID id, FieldSelector selector) {
    return get(id, selector, s -> true);
  }

  /**
   * One subscription the caller may see; one it may not see is reported exactly like a missing one
   * (404), so that callers cannot probe for other clients' subscription ids.
   */
  public JsonNode get(
      UUID id, FieldSelector selector, java.util.function.Predicate<StoredSubscription> visible) {
    ObjectSchema schema = kind.schema();
    selector.validate(schema);
    StoredSubscription s =
        store.get(id).filter(visible).orElseThrow(() -> QueryProblem.notFound(kind.noun(), id));
    ObjectNode o = mapper.valueToTree(kind.view().apply(s.subscription()));
    return selector.selectsAll() ? o : selector.apply(o, schema);
  }

  /** A page of subscriptions. */
  public Page list(ListQuery query, String path) {
    return list(query, path, s -> true);
  }

  /** A page of the subscriptions the caller may see. */
  public Page list(
      ListQuery query, String path, java.util.function.Predicate<StoredSubscription> visible) {
    ObjectSchema schema = kind.schema();
    query.filter().validate(schema);
    query.selector().validate(schema);
    Map<String, ObjectNode> all = new LinkedHashMap<>();
    for (StoredSubscription s : store.list()) {
      if (!visible.test(s)) {
        continue;
      }
      all.put(
          s.subscription().subscriptionId().toString(),
          mapper.valueToTree(kind.view().apply(s.subscription())));
    }
    return pager.pageTrees(all, query, schema, path);
  }

  /**
   * Every stored subscription with its owner and creation time, for the admin view of owners
   * ({@link SubscriptionOwners}); never part of an API answer.
   */
  public java.util.List<StoredSubscription> stored() {
    return store.list();
  }

  /** The pager of this service's lists (page size, markers). */
  Pager pager() {
    return pager;
  }

  /** Deletes a subscription. */
  public void delete(UUID id) {
    delete(id, s -> true);
  }

  /** Deletes a subscription the caller may see; any other is reported as missing (404). */
  public void delete(UUID id, java.util.function.Predicate<StoredSubscription> visible) {
    delete(id, visible, () -> {});
  }

  /**
   * Deletes a subscription the caller may see; any other is reported as missing (404).
   *
   * @param precondition run once the subscription is found, before it is deleted; it throws to
   *     refuse the delete (the HTTP layer's conditional headers), and then nothing is deleted
   */
  public void delete(
      UUID id, java.util.function.Predicate<StoredSubscription> visible, Runnable precondition) {
    if (store.get(id).filter(visible).isEmpty()) {
      throw QueryProblem.notFound(kind.noun(), id);
    }
    precondition.run();
    if (!store.delete(id)) {
      throw QueryProblem.notFound(kind.noun(), id);
    }
    onWrite.run();
  }

  private String callback(JsonNode node) {
    if (node == null || node.isNull()) {
      throw member("callback", "callback is required");
    }
    if (!node.isTextual()) {
      throw member("callback", "callback must be a string holding an absolute URL");
    }
    String text = node.asText();
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw member("callback", "callback is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.getHost() == null || uri.getHost().isEmpty()) {
      throw member("callback", "callback must be an absolute http(s) URL with a host: " + text);
    }
    if (scheme.equals("http") && !policy.allowHttpCallbacks()) {
      throw member("callback", "callback must use https (plain http is not allowed here)");
    }
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw member("callback", "callback must be an http or https URL: " + text);
    }
    if (uri.getFragment() != null) {
      throw member("callback", "callback must not carry a fragment");
    }
    return text;
  }

  private static Optional<String> consumerId(JsonNode node) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual() || !UUID_TEXT.matcher(node.asText()).matches()) {
      throw member("consumerSubscriptionId", "consumerSubscriptionId must be a UUID");
    }
    return Optional.of(node.asText());
  }

  private static QueryProblem member(String member, String detail) {
    return new QueryProblem(QueryProblem.Kind.BAD_REQUEST, detail, Map.of("member", member));
  }

  /** {@code 1 subscription}, {@code 2 alarm subscriptions}: a count of a noun, in English. */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
