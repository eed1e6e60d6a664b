package io.netweave.o2ims.model.spi;

import io.netweave.o2ims.model.DeploymentManager;
import io.netweave.o2ims.model.InventoryObject;
import io.netweave.o2ims.model.OCloudInfo;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.model.ResourceType;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.pcollections.PSortedMap;
import org.pcollections.TreePMap;

/**
 * An immutable, consistent view of the whole inventory at one {@code revision}. Maps are keyed by
 * O2 id and iterate in id order (the keyset order used for paging). Thread-safe; a source replaces
 * its snapshot as a whole on every change, so a reader never sees half a change.
 *
 * <p>The maps are persistent sorted maps ({@link PSortedMap}, PCollections' {@link TreePMap} in
 * {@link #ID_ORDER}): a map given in that form is kept as it is, not copied, and the next
 * revision's map is derived from it with {@link PSortedMap#plus}/{@link PSortedMap#minus}, which
 * share every untouched part of the tree. A change of a few objects in a 50,000-object inventory
 * thus costs a few tree paths (O(log n) each) instead of a copy of every entry. Any other map is
 * copied once into that form ({@link #idMap}).
 *
 * @param revision increases with every change a source applies
 */
public record InventorySnapshot(
    OCloudInfo oCloud,
    Map<UUID, ResourceType> resourceTypes,
    Map<UUID, ResourcePool> resourcePools,
    Map<UUID, Resource> resources,
    Map<UUID, DeploymentManager> deploymentManagers,
    long revision) {

  /**
   * The order of ids in every map of a snapshot: the order of their string forms (lower-case hex,
   * fixed width), computed on the two halves as unsigned numbers without building strings. A source
   * that keeps its objects in a sorted map with this comparator gives snapshots that are copied in
   * linear time, without comparing keys again.
   */
  public static final Comparator<UUID> ID_ORDER =
      (a, b) -> {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0
            ? c
            : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
      };

  public InventorySnapshot {
    Objects.requireNonNull(oCloud, "oCloud");
    resourceTypes = sorted(resourceTypes);
    resourcePools = sorted(resourcePools);
    resources = sorted(resources);
    deploymentManagers = sorted(deploymentManagers);
  }

  /** Builds a snapshot from lists of objects, keyed by their ids. */
  public static InventorySnapshot of(
      OCloudInfo oCloud,
      List<ResourceType> resourceTypes,
      List<ResourcePool> resourcePools,
      List<Resource> resources,
      List<DeploymentManager> deploymentManagers,
      long revision) {
    return new InventorySnapshot(
        oCloud,
        byId(resourceTypes),
        byId(resourcePools),
        byId(resources),
        byId(deploymentManagers),
        revision);
  }

  /** The resources of one pool, in id order. */
  public List<Resource> resourcesOf(UUID resourcePoolId) {
    return resources.values().stream()
        .filter(r -> r.resourcePoolId().equals(resourcePoolId))
        .toList();
  }

  /** Every object of the snapshot, the O-Cloud first. */
  public List<InventoryObject> allObjects() {
    List<InventoryObject> all = new java.util.ArrayList<>();
    all.add(oCloud);
    all.addAll(resourceTypes.values());
    all.addAll(resourcePools.values());
    all.addAll(resources.values());
    all.addAll(deploymentManagers.values());
    return all;
  }

  /** Looks up any object by type and id. */
  public Optional<InventoryObject> find(io.netweave.o2ims.model.ObjectType type, UUID id) {
    InventoryObject found =
        switch (type) {
          case OCLOUD -> oCloud.id().equals(id) ? oCloud : null;
          case RESOURCE_TYPE -> resourceTypes.get(id);
          case RESOURCE_POOL -> resourcePools.get(id);
          case RESOURCE -> resources.get(id);
          case DEPLOYMENT_MANAGER -> deploymentManagers.get(id);
          case LOCATION, OCLOUD_SITE ->
              io.netweave.o2ims.model.SiteLayout.of(this).find(type, id).orElse(null);
        };
    return Optional.ofNullable(found);
  }

  private static <T extends InventoryObject> Map<UUID, T> byId(List<T> objects) {
    Map<UUID, T> map = new LinkedHashMap<>();
    for (T o : objects) {
      map.put(o.id(), o);
    }
    return map;
  }

  /**
   * {@code source} as a persistent map in {@link #ID_ORDER}: itself when it is one already (every
   * map of a snapshot is), else a copy (in linear time when {@code source} is sorted in that order,
   * e.g. a {@link TreeMap} with that comparator).
   */
  public static <T> PSortedMap<UUID, T> idMap(Map<UUID, T> source) {
    Objects.requireNonNull(source);
    if (source instanceof TreePMap<UUID, T> p && p.comparator() == ID_ORDER) {
      return p;
    }
    if (source.isEmpty()) {
      return TreePMap.empty(ID_ORDER);
    }
    if (source instanceof SortedMap<UUID, T> s && s.comparator() == ID_ORDER) {
      return TreePMap.fromSortedMap(s);
    }
    // putAll sorts once; fromSortedMap then builds the tree from the sorted entries
    TreeMap<UUID, T> sorted = new TreeMap<>(ID_ORDER);
    sorted.putAll(source);
    return TreePMap.fromSortedMap(sorted);
  }

  private static <T> Map<UUID, T> sorted(Map<UUID, T> source) {
    return idMap(source);
  }

  static <T extends InventoryObject> Function<T, UUID> id() {
    return InventoryObject::id;
  }
}
