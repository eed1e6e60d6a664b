package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.Map;
import java.util.UUID;

/**
 * One object of the O2-IMS inventory: the O-Cloud itself, a resource type, a resource pool, a
 * resource or a deployment manager. Every implementation is an immutable record, safe to share
 * between threads.
 */
public sealed interface InventoryObject
    permits OCloudInfo,
        OCloudInfoV2,
        ResourceType,
        ResourcePool,
        Resource,
        DeploymentManager,
        Location,
        OCloudSite,
        ResourcePoolV2,
        ResourceTypeV2 {

  /**
   * Freezes a JSON object as records freeze their {@code extensions}: an immutable, compact copy in
   * the source's iteration order. A record given a map frozen here (as its extensions or as a
   * member of them) keeps that very map instead of copying it, so an inventory source can hold one
   * copy of a value that its own state and its records share.
   *
   * @throws IllegalArgumentException if a key is null or a value is not JSON-like (string, number,
   *     boolean, map, list)
   */
  static Map<String, Object> freezeJson(Map<String, ?> json) {
    return FrozenJson.copyOf(json);
  }

  /** The O2 identifier of this object (the value of its {@code ...Id} attribute). */
  @JsonIgnore
  UUID id();

  /** The kind of object, as used by subscription filters' {@code objectType} pseudo-attribute. */
  @JsonIgnore
  ObjectType objectType();
}
