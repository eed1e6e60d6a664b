package io.netweave.o2ims.server.internal.notify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.DeploymentManager;
import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.OCloudInfo;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.model.ResourceType;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import io.netweave.o2ims.server.internal.query.ViewJson;
import io.netweave.o2ims.server.spi.NewNotification;
import io.netweave.o2ims.server.spi.NotificationOutbox;
import io.netweave.o2ims.server.spi.OutboxBatch;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns object changes into stored notifications, one per matching subscription, and keeps the
 * notified baseline (the last v1 view that was notified) in step, in the same outbox write.
 *
 * <p>Design note: the baseline is the producer's memory. A change is compared with it, not with the
 * change's own prior state, so replaying a change that was already notified (after a restart, a
 * producer hand-over, or a live batch that a catch-up already covered) notifies nothing, and a
 * modify is only notified when the v1 view differs from what subscribers last heard. Catch-up
 * ({@link #reconcile}) diffs the baseline with a complete snapshot, so changes made while no
 * replica produced are notified once when one does. Every write carries the fencing token taken on
 * {@link #activate}; a stale token makes the outbox refuse the write. Baseline keys that are not
 * inventory keys belong to other producer steps (alarm events) and are left alone.
 *
 * <p>The baseline in memory is a copy of the stored one, kept in step by this producer's own
 * writes. A write that failed may still have been stored (the reply was lost, or {@code WAIT} found
 * too few replicas after the master applied it), so after any failed write the copy is re-read from
 * the outbox before the next diff: comparing with a baseline older than the stored one would notify
 * a change twice, or with a prior state subscribers never heard. Confined to one thread (the
 * engine's producer thread); not thread-safe.
 */
final class NotificationProducer {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(NotificationProducer.class);

  /** At DEBUG, batches stored 20 ms or more after their notifications' creation time. */
  private static final org.slf4j.Logger TRACE =
      org.slf4j.LoggerFactory.getLogger(NotificationProducer.class.getName() + ".slow");

  private static final int CHUNK = 100;
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final NotificationOutbox outbox;
  private final SubscriptionIndex index;
  private final InventoryJson json;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final NotificationMetrics metrics;
  private Map<String, String> baseline = Map.of();
  private boolean v2Tracked;

  /**
   * The last snapshot whose changes were all handed to {@link #processViews} or {@link #reconcile}:
   * what subscribers of every view have heard of, so where a new view's baseline starts.
   */
  private InventorySnapshot notified;

  /**
   * The ids given to this batch's v1 notifications, so the v2 notice of the same change shares it.
   */
  private final Map<String, UUID> batchIds = new HashMap<>();

  private long token;
  private long appliedRevision = Long.MIN_VALUE;

  /** Whether a write failed since the baseline was read: it may or may not have been stored. */
  private boolean baselineInDoubt;

  private final ConsumerIdSplice splice;

  NotificationProducer(
      NotificationOutbox outbox,
      SubscriptionIndex index,
      ObjectMapper mapper,
      Clock clock,
      NotificationMetrics metrics) {
    this.outbox = outbox;
    this.index = index;
    this.mapper = mapper;
    this.json = new InventoryJson(mapper);
    this.clock = clock;
    this.metrics = metrics;
    this.splice = new ConsumerIdSplice(mapper);
  }

  /**
   * Takes a new fencing token and loads the baseline; on the very first start the current inventory
   * becomes the baseline without notifications. Then catches up with {@code snapshot}.
   */
  void activate(InventorySnapshot snapshot) {
    token = outbox.newFencingToken();
    if (!outbox.baselineInitialized()) {
      Map<String, String> view = json.view(snapshot);
      outbox.initializeBaseline(token, view);
      baseline = new HashMap<>(view);
      appliedRevision = snapshot.revision();
      notified = snapshot;
      return;
    }
    loadBaseline();
    // A v2 baseline missing from the store (the first v2 subscription came while no replica
    // produced) starts from the inventory the stored v1 baseline describes, so catch-up notifies
    // that subscription of what changed meanwhile too.
    notified = v2Tracked || !index.hasView(ApiView.V2) ? snapshot : lastNotified(snapshot);
    reconcile(snapshot);
  }

  private void loadBaseline() {
    Map<String, String> loaded = new HashMap<>();
    outbox
        .baseline()
        .forEach(
            (key, text) -> {
              if (InventoryJson.isInventoryKey(key) || key.startsWith(InventoryJson.V2_PREFIX)) {
                loaded.put(key, text);
              }
            });
    baseline = loaded;
    v2Tracked = baseline.keySet().stream().anyMatch(k -> k.startsWith(InventoryJson.V2_PREFIX));
    baselineInDoubt = false;
  }

  /** Re-reads the stored baseline if a write failed since it was read. */
  private void settleBaseline() {
    if (baselineInDoubt) {
      loadBaseline();
    }
  }

  /** Appends, noting that the stored baseline is unknown if the write failed. */
  private void append(OutboxBatch batch) {
    try {
      outbox.append(batch);
    } catch (RuntimeException e) {
      baselineInDoubt = true;
      throw e;
    }
  }

  /**
   * The inventory subscribers last heard of, read back from the stored v1 baseline (the model
   * objects round-trip through their v1 JSON); {@code current} if the baseline cannot be read.
   */
  private InventorySnapshot lastNotified(InventorySnapshot current) {
    OCloudInfo cloud = current.oCloud();
    Map<UUID, ResourceType> types = new HashMap<>();
    Map<UUID, ResourcePool> pools = new HashMap<>();
    Map<UUID, Resource> resources = new HashMap<>();
    Map<UUID, DeploymentManager> managers = new HashMap<>();
    try {
      for (Map.Entry<String, String> e : baseline.entrySet()) {
        String key = e.getKey();
        if (InventoryJson.viewOfKey(key) != ApiView.V1 || !InventoryJson.isInventoryKey(key)) {
          continue;
        }
        String text = e.getValue();
        switch (InventoryJson.typeOfKey(key)) {
          case OCLOUD -> cloud = mapper.readValue(text, OCloudInfo.class);
          case RESOURCE_TYPE -> put(types, mapper.readValue(text, ResourceType.class));
          case RESOURCE_POOL -> put(pools, mapper.readValue(text, ResourcePool.class));
          case RESOURCE -> put(resources, mapper.readValue(text, Resource.class));
          case DEPLOYMENT_MANAGER -> put(managers, mapper.readValue(text, DeploymentManager.class));
          default -> {
            // Locations and sites are derived by the views, never stored in v1.
          }
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      LOG.warn(
          "the stored baseline cannot be read back; the v2 baseline starts now: {}", e.toString());
      return current;
    }
    return new InventorySnapshot(cloud, types, pools, resources, managers, current.revision());
  }

  private static <T extends io.netweave.o2ims.model.InventoryObject> void put(
      Map<UUID, T> into, T object) {
    into.put(object.id(), object);
  }

  /** The fencing token of this producer term. */
  long token() {
    return token;
  }

  /** Notifies every difference between the baseline and a complete snapshot. */
  void reconcile(InventorySnapshot snapshot) {
    settleBaseline();
    Map<String, String> view = json.view(snapshot);
    List<ObjectChange> changes = new ArrayList<>();
    long rev = snapshot.revision();
    view.forEach(
        (key, text) -> {
          String known = baseline.get(key);
          if (known == null) {
            changes.add(change(key, NotificationEventType.CREATE, null, text, rev));
          } else if (!json.sameState(known, text)) {
            changes.add(change(key, NotificationEventType.MODIFY, known, text, rev));
          }
        });
    for (Map.Entry<String, String> e : baseline.entrySet()) {
      if (InventoryJson.viewOfKey(e.getKey()) == ApiView.V1 && !view.containsKey(e.getKey())) {
        changes.add(change(e.getKey(), NotificationEventType.DELETE, e.getValue(), null, rev));
      }
    }
    process(inReferenceOrder(changes));
    processViews(snapshot);
    appliedRevision = Math.max(appliedRevision, rev);
  }

  /**
   * Notifies the v2 subscriptions: the v2 view of the whole snapshot is compared with the v2
   * baseline (locations and sites derive from the whole inventory, so a v1 change does not say
   * which of them changed). The v2 baseline is started, silently, when the first v2 subscription is
   * seen, from the last snapshot notified before this one, never from this one: the change at hand
   * may be the first after that subscription's 201 (created on another replica, it is seen with the
   * first change after it), and must reach it. Kept from then on.
   */
  void processViews(InventorySnapshot snapshot) {
    try {
      if (notified != null && snapshot.revision() < notified.revision()) {
        // A batch queued before a newer snapshot was handled (e.g. on a subscription's creation):
        // its view is older than what subscribers heard; going back would notify stale states.
        return;
      }
      processManagersV1(snapshot);
      processV2(snapshot);
      notified = snapshot;
    } finally {
      batchIds.clear();
    }
  }

  /**
   * After the subscriptions changed: {@link #processViews} at the last snapshot whose changes were
   * handled ({@code current}, the source's newest, only when none was handled yet), so a new v2
   * subscription's baseline starts there and the changes queued behind this call each reach it. At
   * the source's newest snapshot, the changes still queued were folded into one diff for v2: an
   * object created and then modified was notified to v2 as one create of its modified state and
   * never as modified, while v1 subscribers heard both (seen in {@code ReferenceCoverageIT} under
   * load).
   */
  void processViewsAfterSubscriptionsChanged(InventorySnapshot current) {
    processViews(notified != null ? notified : current);
  }

  /**
   * Notifies the v1 deployment managers whose JSON changed without a change of their own record: a
   * manager's {@code supportedLocations} are its sites' locations, so a pool whose region moved
   * changes them. A manager the baseline does not hold yet is left to its own create.
   */
  private void processManagersV1(InventorySnapshot snapshot) {
    settleBaseline();
    io.netweave.o2ims.model.SiteLayout layout = io.netweave.o2ims.model.SiteLayout.of(snapshot);
    List<ObjectChange> changes = new ArrayList<>();
    for (DeploymentManager dm : snapshot.deploymentManagers().values()) {
      String key = InventoryJson.key(ObjectType.DEPLOYMENT_MANAGER, dm.id());
      String known = baseline.get(key);
      String text = json.text(json.v1(dm, layout));
      if (known != null && !json.sameState(known, text)) {
        changes.add(change(key, NotificationEventType.MODIFY, known, text, snapshot.revision()));
      }
    }
    if (!changes.isEmpty()) {
      process(changes);
    }
  }

  private void processV2(InventorySnapshot snapshot) {
    settleBaseline();
    if (!v2Tracked && !index.hasView(ApiView.V2)) {
      return;
    }
    if (!v2Tracked) {
      Map<String, String> start = v2View(notified == null ? snapshot : notified);
      append(new OutboxBatch(token, List.of(), start, Set.of()));
      baseline.putAll(start);
      v2Tracked = true;
    }
    Map<String, String> view = v2View(snapshot);
    List<ObjectChange> changes = new ArrayList<>();
    long rev = snapshot.revision();
    view.forEach(
        (key, text) -> {
          String known = baseline.get(key);
          if (known == null) {
            changes.add(change(key, NotificationEventType.CREATE, null, text, rev));
          } else if (!json.sameState(known, text)) {
            changes.add(change(key, NotificationEventType.MODIFY, known, text, rev));
          }
        });
    List<ObjectChange> deletes = new ArrayList<>();
    for (Map.Entry<String, String> e : baseline.entrySet()) {
      if (InventoryJson.viewOfKey(e.getKey()) == ApiView.V2 && !view.containsKey(e.getKey())) {
        deletes.add(change(e.getKey(), NotificationEventType.DELETE, e.getValue(), null, rev));
      }
    }
    changes.addAll(deletes);
    process(inReferenceOrder(changes));
  }

  /**
   * The containment order of the O2 objects, containers first: a location holds sites, a site pools
   * (each pool names its {@code oCloudSiteId}), a pool resources. Types and deployment managers are
   * named by pools and resources too.
   */
  private static final List<ObjectType> CONTAINERS_FIRST =
      List.of(
          ObjectType.OCLOUD,
          ObjectType.LOCATION,
          ObjectType.OCLOUD_SITE,
          ObjectType.RESOURCE_TYPE,
          ObjectType.DEPLOYMENT_MANAGER,
          ObjectType.RESOURCE_POOL,
          ObjectType.RESOURCE);

  /**
   * The changes of one snapshot comparison in an order a subscriber can apply one by one without
   * meeting an id it has not heard of: creates and modifies with containers first (a new site
   * before the pool that names it), then deletes with contents first (a resource before its pool).
   * Stable otherwise.
   */
  static List<ObjectChange> inReferenceOrder(List<ObjectChange> changes) {
    List<ObjectChange> ordered = new ArrayList<>(changes);
    ordered.sort(
        java.util.Comparator.comparingInt(
            c -> {
              int rank = CONTAINERS_FIRST.indexOf(c.type());
              return c.eventType() == NotificationEventType.DELETE
                  ? CONTAINERS_FIRST.size() * 2 - rank
                  : rank;
            }));
    return ordered;
  }

  private Map<String, String> v2View(InventorySnapshot snapshot) {
    Map<String, String> view = new LinkedHashMap<>();
    ViewJson.of(snapshot, mapper, ApiView.V2)
        .forEach(
            (type, objects) ->
                objects.forEach(
                    (id, node) ->
                        view.put(InventoryJson.key(ApiView.V2, type, id), json.text(node))));
    return view;
  }

  /** Notifies live changes, skipping those the baseline already reflects. */
  void process(List<ObjectChange> changes) {
    settleBaseline();
    for (int from = 0; from < changes.size(); from += CHUNK) {
      write(changes.subList(from, Math.min(changes.size(), from + CHUNK)));
    }
  }

  /** The revision up to which the inventory has been notified (older live batches are skipped). */
  long appliedRevision() {
    return appliedRevision;
  }

  private void write(List<ObjectChange> changes) {
    Instant now = clock.instant();
    List<NewNotification> notes = new ArrayList<>();
    Map<String, String> puts = new HashMap<>();
    Set<String> removals = new HashSet<>();
    Map<String, String> view = new HashMap<>();
    for (ObjectChange raw : changes) {
      String key = raw.key();
      String known = view.containsKey(key) ? view.get(key) : baseline.get(key);
      Optional<ObjectChange> effective = againstBaseline(raw, known);
      if (effective.isEmpty()) {
        continue;
      }
      ObjectChange c = effective.get();
      String postText = c.post().map(json::text).orElse(null);
      view.put(key, postText);
      if (postText == null) {
        puts.remove(key);
        removals.add(key);
      } else {
        removals.remove(key);
        puts.put(key, postText);
      }
      List<SubscriptionIndex.Entry> targets = index.matching(c);
      if (targets.isEmpty()) {
        continue;
      }
      String sameChange =
          InventoryJson.key(c.type(), c.id()) + "|" + c.eventType().code() + "|" + c.revision();
      UUID shareable = c.view() == ApiView.V1 ? null : batchIds.get(sameChange);
      UUID id =
          shareable != null
              ? shareable
              : NotificationIds.of(c, token, json.canonical(known), json.canonical(postText));
      if (c.view() == ApiView.V1) {
        batchIds.put(sameChange, id);
      }
      Optional<Map<String, Object>> prior = c.prior().map(p -> mapper.convertValue(p, MAP));
      Optional<Map<String, Object>> post = c.post().map(p -> mapper.convertValue(p, MAP));
      String ref = ObjectRefs.of(c.view(), c.type(), c.id(), c.state());
      // The body is serialized once per change; each subscription's consumer id is spliced in.
      java.util.function.Function<Optional<String>, String> render =
          consumer ->
              json.text(
                  new InventoryChangeNotification(
                      id,
                      Optional.empty(),
                      c.eventType(),
                      Optional.of(ref),
                      prior,
                      post,
                      consumer));
      String shared = render.apply(Optional.empty());
      Map<String, String> bodies = new HashMap<>();
      for (SubscriptionIndex.Entry target : targets) {
        Optional<String> consumer = target.subscription().consumerSubscriptionIdText();
        String body =
            consumer.isEmpty()
                ? shared
                : bodies.computeIfAbsent(
                    consumer.get(),
                    k ->
                        splice.works
                            ? splice.withConsumer(shared, k)
                            : render.apply(Optional.of(k)));
        notes.add(new NewNotification(target.id(), id, body, now));
      }
    }
    OutboxBatch batch = new OutboxBatch(token, notes, puts, removals);
    if (batch.isEmpty()) {
      return;
    }
    long appending = System.currentTimeMillis();
    append(batch);
    if (TRACE.isDebugEnabled() && System.currentTimeMillis() - now.toEpochMilli() >= 20) {
      long stored = System.currentTimeMillis();
      TRACE.debug(
          "slow batch: {} notifications of {} changes stored {} ms after their creation time"
              + " ({} ms in the outbox's append)",
          notes.size(),
          changes.size(),
          stored - now.toEpochMilli(),
          stored - appending);
    }
    view.forEach(
        (k, v) -> {
          if (v == null) {
            baseline.remove(k);
          } else {
            baseline.put(k, v);
          }
        });
    metrics.produced.inc(notes.size());
  }

  /** The change as subscribers must hear it given what they heard last, or empty if nothing. */
  private Optional<ObjectChange> againstBaseline(ObjectChange c, String known) {
    Optional<ObjectNode> prior = known == null ? Optional.empty() : json.parse(known);
    if (c.post().isEmpty()) {
      return prior.map(
          p ->
              new ObjectChange(
                  c.type(),
                  c.id(),
                  NotificationEventType.DELETE,
                  Optional.of(p),
                  Optional.empty(),
                  c.revision(),
                  c.view()));
    }
    if (known != null && json.sameState(known, json.text(c.post().get()))) {
      return Optional.empty();
    }
    NotificationEventType type =
        prior.isPresent() ? NotificationEventType.MODIFY : NotificationEventType.CREATE;
    return Optional.of(
        new ObjectChange(c.type(), c.id(), type, prior, c.post(), c.revision(), c.view()));
  }

  private ObjectChange change(
      String key, NotificationEventType type, String prior, String post, long revision) {
    return new ObjectChange(
        InventoryJson.typeOfKey(key),
        InventoryJson.idOfKey(key),
        type,
        prior == null ? Optional.empty() : json.parse(prior),
        post == null ? Optional.empty() : json.parse(post),
        revision,
        InventoryJson.viewOfKey(key));
  }

  /**
   * Writes a notification body for one consumer id from the body serialized without one: the mapper
   * writes {@code consumerSubscriptionId} right after {@code notificationId} (a UUID, so the first
   * comma ends it), so the member is inserted there, with the mapper's own string quoting. {@code
   * works} says whether that gives the same bytes as serializing the whole notification with the id
   * (checked once with this mapper; a consumer id is a UUID's text, written as the SMO sent it); if
   * not (a mapper that orders properties differently), every body is serialized whole.
   */
  static final class ConsumerIdSplice {
    private final ObjectMapper mapper;
    final boolean works;

    ConsumerIdSplice(ObjectMapper mapper) {
      this.mapper = mapper;
      boolean same;
      try {
        InventoryChangeNotification without =
            new InventoryChangeNotification(
                new UUID(1, 2),
                Optional.empty(),
                NotificationEventType.MODIFY,
                Optional.of("/o2ims-infrastructureInventory/v1/resourcePools/x"),
                Optional.of(Map.of("a", 1)),
                Optional.of(Map.of("a", 2)),
                Optional.empty());
        String id = "3F2504E0-4f89-11D3-9A0C-0305E82C3301";
        String whole =
            mapper.writeValueAsString(
                new InventoryChangeNotification(
                    without.notificationId(),
                    Optional.empty(),
                    without.notificationEventType(),
                    without.objectRef(),
                    without.priorObjectState(),
                    without.postObjectState(),
                    Optional.of(id)));
        same = whole.equals(withConsumer(mapper.writeValueAsString(without), id));
      } catch (java.io.IOException | RuntimeException e) {
        same = false;
      }
      this.works = same;
    }

    /** {@code shared} (an object serialized without consumer id) with {@code consumerId} added. */
    String withConsumer(String shared, String consumerId) {
      try {
        int afterFirst = shared.indexOf(',');
        return shared.substring(0, afterFirst)
            + ",\"consumerSubscriptionId\":"
            + mapper.writeValueAsString(consumerId)
            + shared.substring(afterFirst);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("cannot serialize a string", e);
      }
    }
  }
}
