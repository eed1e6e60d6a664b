package io.netweave.o2ims.server.internal.caching;

import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.cache.ResponseCache;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.spi.InventoryChange;
import io.netweave.o2ims.model.spi.InventoryListener;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Drops the cached responses of every region an inventory change touches (called on the source's
 * thread; invalidation does not block). Thread-safe.
 */
public final class CacheInvalidation implements InventoryListener {
  private final ResponseCache cache;

  public CacheInvalidation(ResponseCache cache) {
    this.cache = cache;
  }

  @Override
  public void onChanges(InventorySnapshot snapshot, List<InventoryChange> changes) {
    Set<CacheRegion> regions = EnumSet.noneOf(CacheRegion.class);
    for (InventoryChange c : changes) {
      regions.add(region(c.objectType()));
    }
    if (regions.contains(CacheRegion.RESOURCE_POOLS)
        || regions.contains(CacheRegion.DEPLOYMENT_MANAGERS)) {
      // v2: sites and locations (served from the pools' region) derive from pools and managers;
      // in both views, a manager's supportedLocations derive from its pools' sites.
      regions.add(CacheRegion.RESOURCE_POOLS);
      regions.add(CacheRegion.DEPLOYMENT_MANAGERS);
    }
    regions.forEach(cache::invalidate);
  }

  /** The cache region of an object type. */
  public static CacheRegion region(ObjectType type) {
    return switch (type) {
      case OCLOUD -> CacheRegion.OCLOUD;
      case RESOURCE_TYPE -> CacheRegion.RESOURCE_TYPES;
      case RESOURCE_POOL -> CacheRegion.RESOURCE_POOLS;
      case RESOURCE -> CacheRegion.RESOURCES;
      case DEPLOYMENT_MANAGER -> CacheRegion.DEPLOYMENT_MANAGERS;
      case LOCATION, OCLOUD_SITE -> CacheRegion.RESOURCE_POOLS;
    };
  }
}
