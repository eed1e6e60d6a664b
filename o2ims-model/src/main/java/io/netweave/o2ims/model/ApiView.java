package io.netweave.o2ims.model;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The API views of the inventory (DECISIONS, "Versions"): {@code /v1} with the R004-era shapes and
 * {@code /v2} with the R005-v11 shapes, both rendered from one internal model. A view decides the
 * object types it serves and their schemas, which filters and selectors are validated against.
 */
public enum ApiView {
  V1("v1", "1.0.0"),
  V2("v2", "2.0.0");

  private final String segment;
  private final String version;

  ApiView(String segment, String version) {
    this.segment = segment;
    this.version = version;
  }

  /** The URI segment, {@code v1} or {@code v2}. */
  public String segment() {
    return segment;
  }

  /** The API version served, e.g. {@code 2.0.0}. */
  public String version() {
    return version;
  }

  /** The object types of this view (v2 adds locations and O-Cloud sites). */
  public Set<ObjectType> objectTypes() {
    return this == V1
        ? EnumSet.range(ObjectType.OCLOUD, ObjectType.DEPLOYMENT_MANAGER)
        : EnumSet.allOf(ObjectType.class);
  }

  /**
   * The schema of an object type in this view.
   *
   * @throws IllegalArgumentException if the view has no such type (locations and sites in v1)
   */
  public ObjectSchema schema(ObjectType type) {
    Objects.requireNonNull(type, "type");
    if (!objectTypes().contains(type)) {
      throw new IllegalArgumentException(
          type.wireName() + " is not part of the " + segment + " view");
    }
    return this == V1 ? ObjectSchema.v1(type) : ObjectSchema.v2(type);
  }
}
