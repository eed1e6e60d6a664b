package io.netweave.o2ims.model;

import java.util.List;
import java.util.Optional;

/**
 * The attributes of one O2 object type in one API view, with their JSON types: what {@code filter}
 * and the attribute selectors are validated against. Below an open object ({@code extensions}, and
 * string maps such as {@code capacity}) any key is allowed and its type is known only per object.
 *
 * <p>Instances are immutable constants.
 */
public final class ObjectSchema {
  // PENDING(model helper): real attribute tables; see the team brief.
  public static final ObjectSchema OCLOUD_V1 = null;
  public static final ObjectSchema RESOURCE_TYPE_V1 = null;
  public static final ObjectSchema RESOURCE_POOL_V1 = null;
  public static final ObjectSchema RESOURCE_V1 = null;
  public static final ObjectSchema DEPLOYMENT_MANAGER_V1 = null;
  public static final ObjectSchema SUBSCRIPTION_V1 = null;

  private ObjectSchema() {}

  /** The v1 schema of an inventory object type. */
  public static ObjectSchema v1(ObjectType type) {
    throw new UnsupportedOperationException("pending");
  }

  /** The schema's name, e.g. {@code ResourcePool}. */
  public String name() {
    throw new UnsupportedOperationException("pending");
  }

  /** The id attribute, always kept by selectors, e.g. {@code resourcePoolId}. */
  public String idAttribute() {
    throw new UnsupportedOperationException("pending");
  }

  /** The JSON type of the attribute at {@code path}, empty if the type has no such attribute. */
  public Optional<AttributeType> attribute(List<String> path) {
    throw new UnsupportedOperationException("pending");
  }

  /** JSON types an attribute can have. */
  public enum AttributeType {
    STRING,
    UUID,
    NUMBER,
    BOOLEAN,
    OBJECT,
    OPEN_OBJECT,
    ARRAY_OF_STRING,
    ARRAY_OF_OBJECT,
    ANY
  }
}
