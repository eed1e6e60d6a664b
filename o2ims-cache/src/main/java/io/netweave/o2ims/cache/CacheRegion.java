package io.netweave.o2ims.cache;

/**
 * The kinds of cached response, each with its own TTL and invalidated as a whole when an object of
 * that kind changes.
 */
public enum CacheRegion {
  OCLOUD,
  RESOURCE_TYPES,
  RESOURCE_POOLS,
  RESOURCES,
  DEPLOYMENT_MANAGERS,
  SUBSCRIPTIONS
}
