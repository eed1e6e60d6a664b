package io.netweave.o2ims.server.internal.notify;

import io.netweave.o2ims.model.DeploymentManager;
import io.netweave.o2ims.model.InventoryObject;
import io.netweave.o2ims.model.OCloudInfo;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.model.ResourceType;
import io.netweave.o2ims.model.spi.InventoryChange;
import io.netweave.o2ims.model.spi.InventoryListener;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import io.netweave.o2ims.model.spi.InventorySource;
import io.netweave.o2ims.model.spi.Readiness;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real in-memory inventory source for engine tests: objects are put and removed, each change
 * publishes a new snapshot and then tells the listeners, as a backend does. Thread-safe.
 */
final class TestInventory implements InventorySource {
  static final UUID OCLOUD_ID = UUID.fromString("00000000-0000-4000-8000-00000000c10d");

  private final List<InventoryListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<UUID, InventoryObject> objects = new LinkedHashMap<>();
  private OCloudInfo oCloud = oCloud("demo");
  private volatile InventorySnapshot snapshot;
  private long revision;

  TestInventory() {
    snapshot = build();
  }

  static OCloudInfo oCloud(String name) {
    return new OCloudInfo(OCLOUD_ID, OCLOUD_ID, name, "", "https://o2.example/", Map.of());
  }

  static ResourcePool pool(UUID id, String name) {
    return ResourcePool.builder()
        .resourcePoolId(id)
        .name(name)
        .oCloudId(OCLOUD_ID)
        .globalLocationId("glid")
        .build();
  }

  static Resource resource(UUID id, UUID pool, String description) {
    return Resource.builder()
        .resourceId(id)
        .resourcePoolId(pool)
        .resourceTypeId(UUID.fromString("00000000-0000-4000-8000-0000000000a1"))
        .description(description)
        .extensions(Map.of("nodeName", description, "ready", true))
        .build();
  }

  static ResourceType type(UUID id, String name) {
    return ResourceType.builder().resourceTypeId(id).name(name).vendor("acme").build();
  }

  static DeploymentManager manager(UUID id, String name) {
    return DeploymentManager.builder()
        .deploymentManagerId(id)
        .name(name)
        .oCloudId(OCLOUD_ID)
        .serviceUri("https://k8s.example:6443")
        .build();
  }

  /** Creates or replaces an object and notifies listeners. */
  void put(InventoryObject object) {
    apply(object, true);
  }

  /** Creates or replaces an object without telling anyone (a change while no gateway runs). */
  void putQuietly(InventoryObject object) {
    apply(object, false);
  }

  /**
   * Creates {@code count} pools named {@code pool-0}, {@code pool-1}..., one change each, and
   * notifies listeners of each; returns their ids in change order.
   */
  List<UUID> putPools(int count) {
    return putPools(count, true);
  }

  /** {@link #putPools}, telling no one (changes while no gateway runs). */
  List<UUID> putPoolsQuietly(int count) {
    return putPools(count, false);
  }

  private List<UUID> putPools(int count, boolean notify) {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      UUID id = UUID.randomUUID();
      ids.add(id);
      apply(pool(id, "pool-" + i), notify);
    }
    return ids;
  }

  /** Deletes an object and notifies listeners. */
  void remove(InventoryObject object) {
    List<InventoryChange> changes;
    InventorySnapshot s;
    synchronized (this) {
      InventoryObject prior = objects.remove(object.id());
      if (prior == null) {
        return;
      }
      revision++;
      s = snapshot = build();
      changes = List.of(InventoryChange.deleted(prior, revision));
    }
    listeners.forEach(l -> l.onChanges(s, changes));
  }

  /** Deletes an object without telling anyone. */
  synchronized void removeQuietly(InventoryObject object) {
    objects.remove(object.id());
    revision++;
    snapshot = build();
  }

  private void apply(InventoryObject object, boolean tell) {
    List<InventoryChange> changes;
    InventorySnapshot s;
    synchronized (this) {
      InventoryObject prior;
      if (object instanceof OCloudInfo o) {
        prior = oCloud;
        oCloud = o;
      } else {
        prior = objects.put(object.id(), object);
      }
      revision++;
      s = snapshot = build();
      changes =
          List.of(
              prior == null
                  ? InventoryChange.created(object, revision)
                  : InventoryChange.modified(prior, object, revision));
    }
    if (tell) {
      listeners.forEach(l -> l.onChanges(s, changes));
    }
  }

  private InventorySnapshot build() {
    List<ResourceType> types = new ArrayList<>();
    List<ResourcePool> pools = new ArrayList<>();
    List<Resource> resources = new ArrayList<>();
    List<DeploymentManager> managers = new ArrayList<>();
    for (InventoryObject o : objects.values()) {
      if (o instanceof ResourceType t) {
        types.add(t);
      } else if (o instanceof ResourcePool p) {
        pools.add(p);
      } else if (o instanceof Resource r) {
        resources.add(r);
      } else if (o instanceof DeploymentManager d) {
        managers.add(d);
      }
    }
    return InventorySnapshot.of(oCloud, types, pools, resources, managers, revision);
  }

  @Override
  public String name() {
    return "test";
  }

  @Override
  public void addListener(InventoryListener listener) {
    listeners.add(listener);
  }

  @Override
  public void start() {}

  @Override
  public InventorySnapshot snapshot() {
    return snapshot;
  }

  @Override
  public Readiness readiness() {
    return Readiness.ready("test inventory");
  }

  @Override
  public void close() {
    listeners.clear();
  }
}
