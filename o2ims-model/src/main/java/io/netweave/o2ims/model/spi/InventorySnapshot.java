package io.netweave.o2ims.model.spi;

import io.netweave.o2ims.model.DeploymentManager;
import io.netweave.o2ims.model.InventoryObject;
import io.netweave.o2ims.model.OCloudInfo;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.model.ResourceType;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * An immutable, consistent view of the whole inventory at one {@code revision}. Maps are keyed by
 * O2 id and iterate in id order (the keyset order used for paging). Thread-safe; a source replaces
 * its snapshot as a whole on every change, so a reader never sees half a change.
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

  private static <T> Map<UUID, T> sorted(Map<UUID, T> source) {
    Objects.requireNonNull(source);
    // putAll copies a sorted map with the same comparator without comparing
    // (TreeMap.buildFromSorted).
    TreeMap<UUID, T> sorted = new TreeMap<>(ID_ORDER);
    sorted.putAll(source);
    return Collections.unmodifiableSortedMap(sorted);
  }

  static <T extends InventoryObject> Function<T, UUID> id() {
    return InventoryObject::id;
  }
}
