package io.netweave.o2ims.cache;

import java.util.Locale;

/**
 * The kinds of cached response, each with its own TTL and invalidated as a whole when an object of
 * that kind changes.
 *
 * <p>Each region has a configuration name, the snake_case word the YAML keys use: {@code
 * cache.<name>_ttl} sets its TTL and {@code cache.warm_resources} lists names.
 */
public enum CacheRegion {
  OCLOUD("ocloud"),
  RESOURCE_TYPES("resource_types"),
  RESOURCE_POOLS("resource_pools"),
  RESOURCES("resources"),
  DEPLOYMENT_MANAGERS("deployment_managers"),
  SUBSCRIPTIONS("subscriptions");

  private final String configName;

  CacheRegion(String configName) {
    this.configName = configName;
  }

  /** The snake_case name used in configuration, e.g. {@code resource_pools}. */
  public String configName() {
    return configName;
  }

  /**
   * The region with that configuration name (case-insensitive).
   *
   * @throws IllegalArgumentException naming the valid names when {@code name} is not one of them
   */
  public static CacheRegion fromConfigName(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (CacheRegion region : values()) {
      if (region.configName.equals(wanted)) {
        return region;
      }
    }
    StringBuilder valid = new StringBuilder();
    for (CacheRegion region : values()) {
      valid.append(valid.length() == 0 ? "" : ", ").append(region.configName);
    }
    throw new IllegalArgumentException(
        "unknown cache region '" + name + "'; valid names: " + valid);
  }
}
