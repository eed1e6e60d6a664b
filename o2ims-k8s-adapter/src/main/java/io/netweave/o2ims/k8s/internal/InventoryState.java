package io.netweave.o2ims.k8s.internal;

import io.kubernetes.client.custom.Quantity;
import io.netweave.o2ims.k8s.KubernetesSettings;
import io.netweave.o2ims.model.DeploymentManager;
import io.netweave.o2ims.model.InventoryObject;
import io.netweave.o2ims.model.OCloudInfo;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.model.ResourceType;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import io.netweave.o2ims.model.spi.NodeHealth;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.pcollections.PSortedMap;

/**
 * The O2 view of the cluster, maintained incrementally: a node event touches its resource, its
 * pool's and flavour's member counts and the cluster's capacity sums, never the whole inventory, so
 * a 5,000-node initial sync stays linear. Derived objects (pools, types) appear with their first
 * member and disappear with their last.
 *
 * <p>Nodes are keyed by UID (a resource's id derives from it), but a name belongs to one node at a
 * time: a node seen under a name that another UID held is a replacement, and the old node is
 * deleted. The informer keys its cache by name, so a node deleted and recreated while the watch was
 * down reaches us from the relist as an update of the old one, never as a delete.
 *
 * <p>Not thread-safe: owned by the applier thread.
 */
final class InventoryState {
  /** Members of a derived object, with counts of the values its attributes are chosen from. */
  private static final class Group {
    int members;
    final TreeMap<String, Integer> regions = new TreeMap<>();
    final TreeMap<String, Integer> locations = new TreeMap<>();
  }

  private final KubernetesSettings settings;
  private final String apiServerUrl;
  private final Map<String, NodeFacts> nodes = new HashMap<>();
  private final Map<String, String> uidsByName = new HashMap<>();
  // persistent: a snapshot takes it as it is, and a change replaces only the changed paths
  private PSortedMap<UUID, Resource> resources = InventorySnapshot.idMap(Map.of());
  // Name-based ids cost a SHA-1 each: computed once per pool and flavour, shared by every record.
  private final Map<String, UUID> poolIds = new HashMap<>();
  private final Map<Flavour, UUID> typeIds = new HashMap<>();
  private final Map<String, Group> pools = new HashMap<>();
  private final Map<UUID, ResourcePool> poolRecords = new HashMap<>();
  private final Map<Flavour, Integer> flavours = new HashMap<>();
  private final Map<UUID, ResourceType> typeRecords = new HashMap<>();
  private final Map<String, BigDecimal> capacity = new TreeMap<>();
  private RecordMapper mapper;
  private DeploymentManager deploymentManager;
  private String version = "";
  private final java.time.Clock clock;
  private final Map<UUID, NodeHealth> health = new HashMap<>();
  private boolean healthChanged;

  InventoryState(KubernetesSettings settings, String apiServerUrl) {
    this(settings, apiServerUrl, java.time.Clock.systemUTC());
  }

  /**
   * @param clock when a cordon was first seen (nodes carry no cordon time)
   */
  InventoryState(KubernetesSettings settings, String apiServerUrl, java.time.Clock clock) {
    this.clock = clock;
    this.settings = settings;
    this.apiServerUrl = apiServerUrl;
    settings.oCloudId().ifPresent(id -> mapper = new RecordMapper(settings, new O2Ids(id)));
  }

  boolean hasCloudId() {
    return mapper != null;
  }

  boolean hasVersion() {
    return !version.isEmpty();
  }

  int nodeCount() {
    return nodes.size();
  }

  /** Learns the kube-system UID; maps every node already known once the id exists. */
  List<Change> cloudUid(String kubeSystemUid) {
    if (mapper != null) {
      return List.of();
    }
    mapper = new RecordMapper(settings, new O2Ids(O2Ids.oCloudFromKubeSystem(kubeSystemUid)));
    poolIds.clear();
    typeIds.clear();
    List<Change> changes = new ArrayList<>();
    List<NodeFacts> known = new ArrayList<>(nodes.values());
    nodes.clear();
    for (NodeFacts n : known) {
      changes.addAll(place(n));
    }
    return changes;
  }

  List<Change> version(String gitVersion) {
    version = gitVersion;
    return mapper == null ? List.of() : refreshDeploymentManager();
  }

  List<Change> upsert(NodeFacts node) {
    String replaced = uidsByName.put(node.name(), node.uid());
    if (replaced == null || replaced.equals(node.uid())) {
      return place(node);
    }
    // The new node first, then the old one goes: their pool and flavour keep a member throughout.
    List<Change> changes = new ArrayList<>(place(node));
    changes.addAll(delete(replaced));
    return changes;
  }

  private List<Change> place(NodeFacts node) {
    NodeFacts prior = nodes.put(node.uid(), node);
    if (mapper == null) {
      return List.of();
    }
    List<Change> changes = new ArrayList<>();
    Flavour flavour = mapper.flavour(node);
    String pool = mapper.poolName(node);
    changes.addAll(join(pool, node));
    changes.addAll(joinFlavour(flavour));
    Resource post = mapper.resource(node, poolId(pool), typeId(flavour));
    Resource before = resources.get(post.resourceId());
    resources = resources.plus(post.resourceId(), post);
    changes.add(Change.of(before, post));
    putHealth(node, post);
    if (prior != null) {
      changes.addAll(leave(mapper.poolName(prior), prior));
      changes.addAll(leaveFlavour(mapper.flavour(prior)));
      addCapacity(prior, BigDecimal.ONE.negate());
    }
    addCapacity(node, BigDecimal.ONE);
    changes.addAll(refreshDeploymentManager());
    return changes.stream().filter(Change::isChange).toList();
  }

  List<Change> delete(String uid) {
    NodeFacts prior = nodes.remove(uid);
    if (prior != null) {
      uidsByName.remove(prior.name(), uid);
    }
    if (prior == null || mapper == null) {
      return List.of();
    }
    List<Change> changes = new ArrayList<>();
    UUID gone = mapper.ids().resource(uid);
    Resource removed = resources.get(gone);
    resources = resources.minus(gone);
    changes.add(Change.of(removed, null));
    healthChanged |= health.remove(mapper.ids().resource(uid)) != null;
    changes.addAll(leave(mapper.poolName(prior), prior));
    changes.addAll(leaveFlavour(mapper.flavour(prior)));
    addCapacity(prior, BigDecimal.ONE.negate());
    changes.addAll(refreshDeploymentManager());
    return changes.stream().filter(Change::isChange).toList();
  }

  /** Whether node health changed since the last {@link #takeHealth()}. */
  boolean healthChanged() {
    return healthChanged;
  }

  /** A copy of every node's health; resets {@link #healthChanged()}. */
  Map<UUID, NodeHealth> takeHealth() {
    healthChanged = false;
    return Map.copyOf(health);
  }

  private void putHealth(NodeFacts node, Resource resource) {
    NodeHealth prior = health.get(resource.resourceId());
    Optional<java.time.Instant> since = Optional.empty();
    if (node.unschedulable()) {
      since =
          prior != null && prior.unschedulableSince().isPresent()
              ? prior.unschedulableSince()
              : Optional.of(clock.instant());
    }
    NodeHealth next =
        new NodeHealth(
            resource.resourceId(),
            resource.resourceTypeId(),
            node.name(),
            node.uid(),
            node.conditionDetails(),
            since);
    if (!next.equals(prior)) {
      health.put(resource.resourceId(), next);
      healthChanged = true;
    }
  }

  InventorySnapshot snapshot(long revision) {
    OCloudInfo cloud =
        mapper == null
            ? new OCloudInfo(
                O2Ids.UNKNOWN_OCLOUD,
                O2Ids.UNKNOWN_OCLOUD,
                settings.oCloudName(),
                "not synced yet",
                settings.oCloudServiceUri(),
                Map.of())
            : mapper.oCloud();
    Map<UUID, DeploymentManager> dms =
        deploymentManager == null
            ? Map.of()
            : Map.of(deploymentManager.deploymentManagerId(), deploymentManager);
    return new InventorySnapshot(cloud, typeRecords, poolRecords, resources, dms, revision);
  }

  private List<Change> join(String pool, NodeFacts node) {
    Group g = pools.computeIfAbsent(pool, k -> new Group());
    g.members++;
    mapper.region(node).ifPresent(r -> g.regions.merge(r, 1, Integer::sum));
    mapper.globalLocationLabel(node).ifPresent(l -> g.locations.merge(l, 1, Integer::sum));
    return refreshPool(pool, g);
  }

  private List<Change> leave(String pool, NodeFacts node) {
    Group g = pools.get(pool);
    g.members--;
    mapper.region(node).ifPresent(r -> decrement(g.regions, r));
    mapper.globalLocationLabel(node).ifPresent(l -> decrement(g.locations, l));
    if (g.members == 0) {
      pools.remove(pool);
      return List.of(Change.of(poolRecords.remove(poolId(pool)), null));
    }
    return refreshPool(pool, g);
  }

  private List<Change> refreshPool(String pool, Group g) {
    ResourcePool post =
        mapper.pool(
            pool,
            Optional.ofNullable(g.regions.isEmpty() ? null : g.regions.firstKey()),
            Optional.ofNullable(g.locations.isEmpty() ? null : g.locations.firstKey()));
    InventoryObject prior = poolRecords.put(post.resourcePoolId(), post);
    return List.of(Change.of(prior, post));
  }

  private List<Change> joinFlavour(Flavour f) {
    if (flavours.merge(f, 1, Integer::sum) > 1) {
      return List.of();
    }
    ResourceType type = mapper.resourceType(f);
    typeRecords.put(type.resourceTypeId(), type);
    return List.of(Change.of(null, type));
  }

  private List<Change> leaveFlavour(Flavour f) {
    int left = flavours.merge(f, -1, Integer::sum);
    if (left > 0) {
      return List.of();
    }
    flavours.remove(f);
    return List.of(Change.of(typeRecords.remove(typeId(f)), null));
  }

  private UUID poolId(String pool) {
    return poolIds.computeIfAbsent(pool, p -> mapper.ids().pool(settings.poolLabelKey(), p));
  }

  private UUID typeId(Flavour f) {
    return typeIds.computeIfAbsent(f, k -> mapper.ids().resourceType(k.key()));
  }

  private void addCapacity(NodeFacts node, BigDecimal sign) {
    for (String key : List.of("cpu", "memory", "pods")) {
      String q = node.allocatable().get(key);
      if (q != null) {
        capacity.merge(key, Quantity.fromString(q).getNumber().multiply(sign), BigDecimal::add);
      }
    }
  }

  private List<Change> refreshDeploymentManager() {
    Map<String, String> formatted = new LinkedHashMap<>();
    capacity.forEach(
        (k, v) ->
            formatted.put(
                k,
                new Quantity(
                        v,
                        k.equals("memory") ? Quantity.Format.BINARY_SI : Quantity.Format.DECIMAL_SI)
                    .toSuffixedString()));
    formatted.put("nodes", Integer.toString(nodes.size()));
    DeploymentManager post = mapper.deploymentManager(apiServerUrl, version, formatted);
    DeploymentManager prior = deploymentManager;
    deploymentManager = post;
    return List.of(Change.of(prior, post));
  }

  private static void decrement(TreeMap<String, Integer> counts, String key) {
    if (counts.merge(key, -1, Integer::sum) <= 0) {
      counts.remove(key);
    }
  }
}
