package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.UUID;

/**
 * One object of the O2-IMS inventory: the O-Cloud itself, a resource type, a resource pool, a
 * resource or a deployment manager. Every implementation is an immutable record, safe to share
 * between threads.
 */
public sealed interface InventoryObject
    permits OCloudInfo,
        ResourceType,
        ResourcePool,
        Resource,
        DeploymentManager,
        Location,
        OCloudSite,
        ResourcePoolV2,
        ResourceTypeV2 {

  /** The O2 identifier of this object (the value of its {@code ...Id} attribute). */
  @JsonIgnore
  UUID id();

  /** The kind of object, as used by subscription filters' {@code objectType} pseudo-attribute. */
  @JsonIgnore
  ObjectType objectType();
}
