package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.model.ObjectType;

/** {@code deploymentManagers} (list, get). */
final class DeploymentManagerRoutes {
  private final InventoryRoutes collections;

  DeploymentManagerRoutes(InventoryRoutes collections) {
    this.collections = collections;
  }

  void register(Router router) {
    collections.registerCollection(
        router,
        "deploymentManagers",
        "deploymentManagerId",
        ObjectType.DEPLOYMENT_MANAGER,
        CacheRegion.DEPLOYMENT_MANAGERS);
  }
}
