package io.netweave.o2ims.server.internal.demo;

import io.netweave.o2ims.model.DeploymentManager;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.model.ResourceType;
import io.netweave.o2ims.model.spi.InventoryChange;
import io.netweave.o2ims.model.spi.InventoryListener;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import io.netweave.o2ims.model.spi.InventorySource;
import io.netweave.o2ims.model.spi.NodeHealth;
import io.netweave.o2ims.model.spi.Readiness;
import io.netweave.o2ims.server.internal.query.QueryProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The embedded demo O-Cloud as an {@link InventorySource}: ready at once, and changed only through
 * {@link #addResource}, {@link #modifyResource} and {@link #removeResource} (the admin endpoint),
 * which may also change node conditions, so the demo raises and clears the same node alarms as a
 * cluster would (transition times come from the clock: debounce applies as on a cluster), each of
 * which publishes a new snapshot and then tells the listeners, in order, on the caller's thread.
 *
 * <p>Thread-safe: writers are serialized on this object; readers see whole snapshots.
 */
public final class DemoInventorySource implements InventorySource {
  /** What an admin add or modify asks for; empty members keep the current (or default) value. */
  public record NodeSpec(
      Optional<String> nodeName,
      Optional<UUID> resourcePoolId,
      Optional<UUID> resourceTypeId,
      Optional<Boolean> ready,
      Optional<Boolean> unschedulable,
      Map<String, String> labels,
      Map<String, String> conditions) {
    public NodeSpec {
      labels = Map.copyOf(labels);
      conditions = Map.copyOf(conditions);
    }

    /** A spec that leaves conditions other than readiness as they are. */
    public NodeSpec(
        Optional<String> nodeName,
        Optional<UUID> resourcePoolId,
        Optional<UUID> resourceTypeId,
        Optional<Boolean> ready,
        Optional<Boolean> unschedulable,
        Map<String, String> labels) {
      this(nodeName, resourcePoolId, resourceTypeId, ready, unschedulable, labels, Map.of());
    }
  }

  private final DemoInventory inventory;
  private volatile ReadinessOf readiness;
  private final List<InventoryListener> listeners = new CopyOnWriteArrayList<>();
  private final Clock clock;
  private volatile InventorySnapshot snapshot;
  private volatile Map<UUID, NodeHealth> health = Map.of();

  /** When each node's condition (type) last changed status, or cordon began; writers only. */
  private final Map<UUID, Map<String, Instant>> transitions = new HashMap<>();

  private int added;

  public DemoInventorySource(DemoInventory inventory, int resourceCount) {
    this(inventory, resourceCount, Clock.systemUTC());
  }

  /**
   * @param clock the time of condition transitions (what alarm debounce counts from)
   */
  public DemoInventorySource(DemoInventory inventory, int resourceCount, Clock clock) {
    this.inventory = inventory;
    this.clock = clock;
    List<Resource> nodes = inventory.resources(resourceCount);
    this.snapshot =
        InventorySnapshot.of(
            inventory.ocloud(),
            inventory.resourceTypes(),
            inventory.resourcePools(),
            nodes,
            List.of(inventory.deploymentManager(nodes)),
            1);
    this.health = health(snapshot.resources());
  }

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public void addListener(InventoryListener listener) {
    listeners.add(listener);
  }

  @Override
  public void start() {
    // The inventory is generated in the constructor; nothing to sync.
  }

  @Override
  public InventorySnapshot snapshot() {
    return snapshot;
  }

  @Override
  public Map<UUID, NodeHealth> nodeHealth() {
    return health;
  }

  @Override
  public Readiness readiness() {
    InventorySnapshot s = snapshot;
    ReadinessOf cached = readiness;
    if (cached != null && cached.snapshot() == s) {
      return cached.readiness(); // asked on every cached read: one text per snapshot
    }
    Readiness r = readinessOf(s);
    readiness = new ReadinessOf(s, r);
    return r;
  }

  private record ReadinessOf(InventorySnapshot snapshot, Readiness readiness) {}

  private static Readiness readinessOf(InventorySnapshot s) {
    return Readiness.ready(
        "demo O-Cloud: "
            + s.resourcePools().size()
            + " pools, "
            + s.resources().size()
            + " resources, revision "
            + s.revision());
  }

  @Override
  public void close() {
    listeners.clear();
  }

  /**
   * Adds a node.
   *
   * @throws QueryProblem BAD_REQUEST for an unknown pool or type (naming the {@code member}),
   *     CONFLICT for a taken node name
   */
  public Resource addResource(NodeSpec spec) {
    List<InventoryChange> changes = new ArrayList<>();
    Resource node;
    synchronized (this) {
      InventorySnapshot s = snapshot;
      String name = spec.nodeName().orElseGet(() -> nextName(s));
      if (name.isBlank() || s.resources().containsKey(inventory.nodeId(name))) {
        throw new QueryProblem(
            QueryProblem.Kind.CONFLICT,
            "a node named '" + name + "' exists (or the name is empty)",
            Map.of("nodeName", name, "member", "nodeName"));
      }
      ResourcePool pool =
          pool(s, spec.resourcePoolId().orElse(s.resourcePools().keySet().iterator().next()));
      ResourceType type =
          type(s, spec.resourceTypeId().orElse(s.resourceTypes().keySet().iterator().next()));
      node =
          inventory.node(
              name,
              pool,
              type,
              spec.ready().orElse(true),
              spec.unschedulable().orElse(false),
              spec.labels(),
              spec.conditions());
      Map<UUID, Resource> resources = new LinkedHashMap<>(s.resources());
      resources.put(node.resourceId(), node);
      changes.add(InventoryChange.created(node, s.revision() + 1));
      publish(s, resources, changes);
      notifyListeners(changes);
    }
    return node;
  }

  /**
   * Changes a node's readiness, schedulability or labels (labels are merged).
   *
   * @throws QueryProblem NOT_FOUND for an unknown node
   */
  public Resource modifyResource(UUID resourceId, NodeSpec spec) {
    List<InventoryChange> changes = new ArrayList<>();
    Resource node;
    synchronized (this) {
      InventorySnapshot s = snapshot;
      Resource prior = existing(s, resourceId);
      @SuppressWarnings("unchecked")
      Map<String, Object> priorLabels = (Map<String, Object>) prior.extensions().get("labels");
      Map<String, String> labels = new LinkedHashMap<>();
      priorLabels.forEach((k, v) -> labels.put(k, String.valueOf(v)));
      labels.putAll(spec.labels());
      @SuppressWarnings("unchecked")
      Map<String, Object> priorConditions =
          (Map<String, Object>) prior.extensions().get("conditions");
      Map<String, String> conditions = new LinkedHashMap<>();
      priorConditions.forEach((k, v) -> conditions.put(k, String.valueOf(v)));
      spec.ready().ifPresent(r -> conditions.put("Ready", r ? "True" : "False"));
      conditions.putAll(spec.conditions());
      node =
          inventory.node(
              (String) prior.extensions().get("nodeName"),
              pool(s, spec.resourcePoolId().orElse(prior.resourcePoolId())),
              type(s, spec.resourceTypeId().orElse(prior.resourceTypeId())),
              "True".equals(conditions.get("Ready")),
              spec.unschedulable().orElse((Boolean) prior.extensions().get("unschedulable")),
              labels,
              conditions);
      if (node.equals(prior)) {
        return prior;
      }
      Map<UUID, Resource> resources = new LinkedHashMap<>(s.resources());
      resources.put(node.resourceId(), node);
      changes.add(InventoryChange.modified(prior, node, s.revision() + 1));
      publish(s, resources, changes);
      notifyListeners(changes);
    }
    return node;
  }

  /**
   * Removes a node.
   *
   * @throws QueryProblem NOT_FOUND for an unknown node
   */
  public void removeResource(UUID resourceId) {
    List<InventoryChange> changes = new ArrayList<>();
    synchronized (this) {
      InventorySnapshot s = snapshot;
      Resource prior = existing(s, resourceId);
      Map<UUID, Resource> resources = new LinkedHashMap<>(s.resources());
      resources.remove(resourceId);
      changes.add(InventoryChange.deleted(prior, s.revision() + 1));
      publish(s, resources, changes);
      notifyListeners(changes);
    }
  }

  private void publish(
      InventorySnapshot s, Map<UUID, Resource> resources, List<InventoryChange> changes) {
    long revision = s.revision() + 1;
    DeploymentManager priorDm = s.deploymentManagers().values().iterator().next();
    DeploymentManager dm = inventory.deploymentManager(resources.values());
    if (!dm.equals(priorDm)) {
      changes.add(InventoryChange.modified(priorDm, dm, revision));
    }
    snapshot =
        new InventorySnapshot(
            s.oCloud(),
            s.resourceTypes(),
            s.resourcePools(),
            resources,
            Map.of(dm.deploymentManagerId(), dm),
            revision);
    health = health(resources);
  }

  /** Node health from the demo nodes' condition statuses; tracks their transition times. */
  private Map<UUID, NodeHealth> health(Map<UUID, Resource> resources) {
    Instant now = clock.instant();
    Map<UUID, NodeHealth> out = new HashMap<>();
    transitions.keySet().retainAll(resources.keySet());
    for (Resource r : resources.values()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> conditions = (Map<String, Object>) r.extensions().get("conditions");
      Map<String, Instant> since =
          transitions.computeIfAbsent(r.resourceId(), k -> new HashMap<>());
      NodeHealth prior = health.get(r.resourceId());
      List<NodeHealth.Condition> list = new ArrayList<>();
      for (Map.Entry<String, Object> c : conditions.entrySet()) {
        String status = String.valueOf(c.getValue());
        boolean changed =
            prior == null
                || prior.condition(c.getKey()).map(p -> !p.status().equals(status)).orElse(true);
        if (changed || !since.containsKey(c.getKey())) {
          since.put(c.getKey(), now);
        }
        list.add(
            new NodeHealth.Condition(
                c.getKey(),
                status,
                "Demo" + c.getKey() + status,
                "set through the demo admin endpoint",
                Optional.of(since.get(c.getKey()))));
      }
      boolean cordoned = Boolean.TRUE.equals(r.extensions().get("unschedulable"));
      Optional<Instant> cordonedSince = Optional.empty();
      if (cordoned) {
        cordonedSince =
            prior != null && prior.unschedulableSince().isPresent()
                ? prior.unschedulableSince()
                : Optional.of(now);
      }
      NodeHealth next =
          new NodeHealth(
              r.resourceId(),
              r.resourceTypeId(),
              String.valueOf(r.extensions().get("nodeName")),
              "demo-" + r.resourceId(),
              list,
              cordonedSince);
      // an unchanged node keeps its record, so the alarm pass skips it (InventorySource#nodeHealth)
      out.put(r.resourceId(), next.equals(prior) ? prior : next);
    }
    return Map.copyOf(out);
  }

  private void notifyListeners(List<InventoryChange> changes) {
    InventorySnapshot s = snapshot;
    for (InventoryListener l : listeners) {
      l.onChanges(s, List.copyOf(changes));
    }
  }

  private String nextName(InventorySnapshot s) {
    String name;
    do {
      added++;
      name = String.format("node-added-%03d", added);
    } while (s.resources().containsKey(inventory.nodeId(name)));
    return name;
  }

  private static Resource existing(InventorySnapshot s, UUID id) {
    Resource r = s.resources().get(id);
    if (r == null) {
      throw QueryProblem.notFound("resource", id);
    }
    return r;
  }

  private static ResourcePool pool(InventorySnapshot s, UUID id) {
    ResourcePool p = s.resourcePools().get(id);
    if (p == null) {
      throw new QueryProblem(
          QueryProblem.Kind.BAD_REQUEST,
          "resource pool " + id + " does not exist",
          Map.of("resourcePoolId", id.toString(), "member", "resourcePoolId"));
    }
    return p;
  }

  private static ResourceType type(InventorySnapshot s, UUID id) {
    ResourceType t = s.resourceTypes().get(id);
    if (t == null) {
      throw new QueryProblem(
          QueryProblem.Kind.BAD_REQUEST,
          "resource type " + id + " does not exist",
          Map.of("resourceTypeId", id.toString(), "member", "resourceTypeId"));
    }
    return t;
  }
}
