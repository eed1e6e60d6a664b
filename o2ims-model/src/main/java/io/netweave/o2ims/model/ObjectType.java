package io.netweave.o2ims.model;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of inventory object, named as subscription filters name them ({@code objectType}). */
public enum ObjectType {
  OCLOUD("OCloud"),
  RESOURCE_TYPE("ResourceType"),
  RESOURCE_POOL("ResourcePool"),
  RESOURCE("Resource"),
  DEPLOYMENT_MANAGER("DeploymentManager"),
  /** A location (v2 only). */
  LOCATION("Location"),
  /** An O-Cloud site (v2 only). */
  OCLOUD_SITE("OCloudSite");

  private final String wireName;

  ObjectType(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in filters and documentation, e.g. {@code ResourcePool}. */
  public String wireName() {
    return wireName;
  }

  /** Looks a type up by its wire name, ignoring case. */
  public static Optional<ObjectType> fromWireName(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equalsIgnoreCase(name)).findFirst();
  }
}
