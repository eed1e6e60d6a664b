package io.netweave.o2ims.model;

import static io.netweave.o2ims.model.ObjectSchema.AttributeType.ARRAY_OF_OBJECT;
import static io.netweave.o2ims.model.ObjectSchema.AttributeType.ARRAY_OF_STRING;
import static io.netweave.o2ims.model.ObjectSchema.AttributeType.NUMBER;
import static io.netweave.o2ims.model.ObjectSchema.AttributeType.OBJECT;
import static io.netweave.o2ims.model.ObjectSchema.AttributeType.OPEN_OBJECT;
import static io.netweave.o2ims.model.ObjectSchema.AttributeType.STRING;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The attributes of one O2 object type in one API view, with their JSON types: what {@code filter}
 * and the attribute selectors are validated against. Below an open object ({@code extensions}, and
 * string maps such as {@code capacity}) any key is allowed and its type is known only per object
 * ({@link AttributeType#ANY}). Members of nested objects ({@code alarmDictionary}) and of arrays of
 * objects ({@code elements}, which holds resources) are addressed with {@code /}.
 *
 * <p>Instances are immutable constants, safe to share between threads. Names are spelled as in the
 * v1 OpenAPI file (kni-v1-r004) and the records of this package.
 */
public final class ObjectSchema {
  private static final AttributeType UUID = AttributeType.UUID;

  private static final ObjectSchema ALARM_DEFINITION =
      new ObjectSchema("AlarmDefinition", "alarmDefinitionId")
          .with("alarmDefinitionId", UUID)
          .with("alarmName", STRING)
          .with("alarmLastChange", STRING)
          .with("alarmChangeType", STRING)
          .with("alarmDescription", STRING)
          .with("proposedRepairActions", STRING)
          .with("clearingType", STRING)
          .with("managementInterfaceId", ARRAY_OF_STRING)
          .with("pkNotificationField", ARRAY_OF_STRING)
          .with("alarmAdditionalFields", OPEN_OBJECT);

  /**
   * An alarm dictionary ({@code alarmDictionaries}, a type's {@code alarmDictionary}); the same in
   * both views.
   */
  public static final ObjectSchema ALARM_DICTIONARY =
      new ObjectSchema("AlarmDictionary", "alarmDictionaryId")
          .with("alarmDictionaryId", UUID)
          .with("alarmDictionaryVersion", STRING)
          .with("alarmDictionarySchemaVersion", STRING)
          .with("entityType", STRING)
          .with("vendor", STRING)
          .with("managementInterfaceId", ARRAY_OF_STRING)
          .with("pkNotificationField", ARRAY_OF_STRING)
          .with("alarmDefinition", ARRAY_OF_OBJECT, () -> ALARM_DEFINITION);

  /** The v1 O-Cloud ({@code OCloudInfo}), with both spellings of the global cloud id. */
  public static final ObjectSchema OCLOUD_V1 =
      new ObjectSchema("OCloud", "oCloudId")
          .with("oCloudId", UUID)
          .with("globalCloudId", UUID)
          .with("globalcloudId", UUID)
          .with("name", STRING)
          .with("description", STRING)
          .with("serviceUri", STRING)
          .with("extensions", OPEN_OBJECT);

  /** The v1 resource type, its alarm dictionary embedded. */
  public static final ObjectSchema RESOURCE_TYPE_V1 =
      new ObjectSchema("ResourceType", "resourceTypeId")
          .with("resourceTypeId", UUID)
          .with("name", STRING)
          .with("description", STRING)
          .with("vendor", STRING)
          .with("model", STRING)
          .with("version", STRING)
          .with("resourceKind", STRING)
          .with("resourceClass", STRING)
          .with("extensions", OPEN_OBJECT)
          .with("alarmDictionary", OBJECT, () -> ALARM_DICTIONARY);

  /** The v1 resource pool. */
  public static final ObjectSchema RESOURCE_POOL_V1 =
      new ObjectSchema("ResourcePool", "resourcePoolId")
          .with("resourcePoolId", UUID)
          .with("name", STRING)
          .with("description", STRING)
          .with("oCloudId", UUID)
          .with("globalLocationId", STRING)
          .with("location", STRING)
          .with("extensions", OPEN_OBJECT);

  /** The v1 resource; {@code elements} holds resources, recursively. */
  public static final ObjectSchema RESOURCE_V1 =
      new ObjectSchema("Resource", "resourceId")
          .with("resourceId", UUID)
          .with("resourcePoolId", UUID)
          .with("resourceTypeId", UUID)
          .with("globalAssetId", STRING)
          .with("description", STRING)
          .with("elements", ARRAY_OF_OBJECT, () -> ObjectSchema.RESOURCE_V1)
          .with("tags", ARRAY_OF_STRING)
          .with("groups", ARRAY_OF_STRING)
          .with("extensions", OPEN_OBJECT);

  /** The v1 deployment manager; {@code capabilities} and {@code capacity} are open string maps. */
  public static final ObjectSchema DEPLOYMENT_MANAGER_V1 =
      new ObjectSchema("DeploymentManager", "deploymentManagerId")
          .with("deploymentManagerId", UUID)
          .with("name", STRING)
          .with("description", STRING)
          .with("oCloudId", UUID)
          .with("serviceUri", STRING)
          .with("supportedLocations", ARRAY_OF_STRING)
          .with("capabilities", OPEN_OBJECT)
          .with("capacity", OPEN_OBJECT)
          .with("extensions", OPEN_OBJECT);

  /** The v1 subscription ({@code SubscriptionInfo}). */
  public static final ObjectSchema SUBSCRIPTION_V1 =
      new ObjectSchema("Subscription", "subscriptionId")
          .with("subscriptionId", UUID)
          .with("consumerSubscriptionId", UUID)
          .with("filter", STRING)
          .with("callback", STRING);

  /** The v2 O-Cloud: only {@code globalCloudId}, always {@code extensions}. */
  public static final ObjectSchema OCLOUD_V2 =
      new ObjectSchema("OCloud", "oCloudId")
          .with("oCloudId", UUID)
          .with("globalCloudId", UUID)
          .with("name", STRING)
          .with("description", STRING)
          .with("serviceUri", STRING)
          .with("extensions", OPEN_OBJECT);

  /** The v2 resource type: {@code alarmDictionaryId} instead of the embedded dictionary. */
  public static final ObjectSchema RESOURCE_TYPE_V2 =
      new ObjectSchema("ResourceType", "resourceTypeId")
          .with("resourceTypeId", UUID)
          .with("name", STRING)
          .with("description", STRING)
          .with("vendor", STRING)
          .with("model", STRING)
          .with("version", STRING)
          .with("alarmDictionaryId", UUID)
          .with("resourceKind", STRING)
          .with("resourceClass", STRING)
          .with("extensions", OPEN_OBJECT);

  /** The v2 resource pool: {@code oCloudSiteId}, no O-Cloud id or location. */
  public static final ObjectSchema RESOURCE_POOL_V2 =
      new ObjectSchema("ResourcePool", "resourcePoolId")
          .with("resourcePoolId", UUID)
          .with("name", STRING)
          .with("oCloudSiteId", UUID)
          .with("description", STRING)
          .with("extensions", OPEN_OBJECT);

  private static final ObjectSchema CIVIC_ADDRESS_ELEMENT =
      new ObjectSchema("CivicAddressElement", "caType")
          .with("caType", NUMBER)
          .with("caValue", STRING);

  /** The v2 location ({@code LocationInfo}); its id is the free-form {@code globalLocationId}. */
  public static final ObjectSchema LOCATION_V2 =
      new ObjectSchema("Location", "globalLocationId")
          .with("globalLocationId", STRING)
          .with("name", STRING)
          .with("description", STRING)
          .with("oCloudSiteIds", ARRAY_OF_STRING)
          .with("coordinate", OPEN_OBJECT)
          .with("civicAddress", ARRAY_OF_OBJECT, () -> CIVIC_ADDRESS_ELEMENT)
          .with("address", STRING)
          .with("extensions", OPEN_OBJECT);

  /** The v2 O-Cloud site ({@code OCloudSiteInfo}). */
  public static final ObjectSchema OCLOUD_SITE_V2 =
      new ObjectSchema("OCloudSite", "oCloudSiteId")
          .with("oCloudSiteId", UUID)
          .with("globalLocationId", STRING)
          .with("name", STRING)
          .with("description", STRING)
          .with("resourcePools", ARRAY_OF_STRING)
          .with("extensions", OPEN_OBJECT);

  /** An alarm record ({@code AlarmEventRecord}), kni's spellings: what selectors address. */
  public static final ObjectSchema ALARM_EVENT_RECORD = alarmEventRecord("AlarmEventRecord", false);

  /**
   * An alarm record as filters address it: also the {@code ...Id} spellings of the {@code ...ID}
   * members (aliases; see {@link #ALARM_ID_ALIASES}).
   */
  public static final ObjectSchema ALARM_EVENT_RECORD_FILTER =
      alarmEventRecord("AlarmEventRecord", true);

  /**
   * An alarm subscription's filter: the record's attributes (and aliases) plus {@code
   * notificationEventType} (0 NEW, 1 CHANGE, 2 CLEAR, 3 ACKNOWLEDGE).
   */
  public static final ObjectSchema ALARM_EVENT =
      alarmEventRecord("AlarmEventNotification", true)
          .with("notificationEventType", AttributeType.NUMBER);

  /** Alias spelling to the record member it stands for. */
  public static final Map<String, String> ALARM_ID_ALIASES =
      Map.of(
          "resourceTypeId", "resourceTypeID",
          "resourceId", "resourceID",
          "alarmDefinitionId", "alarmDefinitionID",
          "probableCauseId", "probableCauseID",
          "alarmAcknowledgeTime", "alarmAcknowledgedTime");

  /** An alarm subscription ({@code AlarmSubscriptionInfo}). */
  public static final ObjectSchema ALARM_SUBSCRIPTION =
      new ObjectSchema("AlarmSubscription", "alarmSubscriptionId")
          .with("alarmSubscriptionId", UUID)
          .with("consumerSubscriptionId", UUID)
          .with("filter", STRING)
          .with("callback", STRING);

  /**
   * The alarm service configuration ({@code AlarmServiceConfiguration}): one object without an id;
   * its required {@code retentionPeriod} stands in as the attribute selectors always keep.
   */
  public static final ObjectSchema ALARM_SERVICE_CONFIGURATION =
      new ObjectSchema("AlarmServiceConfiguration", "retentionPeriod")
          .with("retentionPeriod", NUMBER)
          .with("extensions", OPEN_OBJECT);

  /** A probable cause. */
  public static final ObjectSchema PROBABLE_CAUSE =
      new ObjectSchema("ProbableCause", "probableCauseId")
          .with("probableCauseId", UUID)
          .with("name", STRING)
          .with("description", STRING);

  private static ObjectSchema alarmEventRecord(String name, boolean aliases) {
    ObjectSchema s =
        new ObjectSchema(name, "alarmEventRecordId")
            .with("alarmEventRecordId", UUID)
            .with("resourceTypeID", UUID)
            .with("resourceID", UUID)
            .with("alarmDefinitionID", UUID)
            .with("probableCauseID", UUID)
            .with("alarmRaisedTime", AttributeType.DATE_TIME)
            .with("alarmChangedTime", AttributeType.DATE_TIME)
            .with("alarmClearedTime", AttributeType.DATE_TIME)
            .with("alarmAcknowledgedTime", AttributeType.DATE_TIME)
            .with("alarmAcknowledged", AttributeType.BOOLEAN)
            .with("perceivedSeverity", AttributeType.NUMBER)
            .with("extensions", OPEN_OBJECT);
    if (aliases) {
      s.with("resourceTypeId", UUID)
          .with("resourceId", UUID)
          .with("alarmDefinitionId", UUID)
          .with("probableCauseId", UUID)
          .with("alarmAcknowledgeTime", AttributeType.DATE_TIME);
    }
    return s;
  }

  private record Attribute(AttributeType type, Supplier<ObjectSchema> members) {}

  private final String name;
  private final String idAttribute;
  private final Map<String, Attribute> attributes = new LinkedHashMap<>();

  private ObjectSchema(String name, String idAttribute) {
    this.name = name;
    this.idAttribute = idAttribute;
  }

  private ObjectSchema with(String attribute, AttributeType type) {
    return with(attribute, type, () -> null);
  }

  private ObjectSchema with(String attribute, AttributeType type, Supplier<ObjectSchema> members) {
    attributes.put(attribute, new Attribute(type, members));
    return this;
  }

  /**
   * A builder for schemas of other views (for example v2) or of test types.
   *
   * @param name the type's name, used in error messages
   * @param idAttribute the attribute selectors always keep
   */
  public static Builder builder(String name, String idAttribute) {
    return new Builder(name, idAttribute);
  }

  /**
   * The v1 schema of an inventory object type.
   *
   * @throws IllegalArgumentException for the v2-only types (locations, sites)
   */
  public static ObjectSchema v1(ObjectType type) {
    return switch (Objects.requireNonNull(type, "type")) {
      case OCLOUD -> OCLOUD_V1;
      case RESOURCE_TYPE -> RESOURCE_TYPE_V1;
      case RESOURCE_POOL -> RESOURCE_POOL_V1;
      case RESOURCE -> RESOURCE_V1;
      case DEPLOYMENT_MANAGER -> DEPLOYMENT_MANAGER_V1;
      case LOCATION, OCLOUD_SITE ->
          throw new IllegalArgumentException(type.wireName() + " is not part of the v1 view");
    };
  }

  /** The v2 schema of an inventory object type. */
  public static ObjectSchema v2(ObjectType type) {
    return switch (Objects.requireNonNull(type, "type")) {
      case OCLOUD -> OCLOUD_V2;
      case RESOURCE_TYPE -> RESOURCE_TYPE_V2;
      case RESOURCE_POOL -> RESOURCE_POOL_V2;
      case RESOURCE -> RESOURCE_V1;
      case DEPLOYMENT_MANAGER -> DEPLOYMENT_MANAGER_V1;
      case LOCATION -> LOCATION_V2;
      case OCLOUD_SITE -> OCLOUD_SITE_V2;
    };
  }

  /** The schema's name, e.g. {@code ResourcePool}. */
  public String name() {
    return name;
  }

  /** The id attribute, always kept by selectors, e.g. {@code resourcePoolId}. */
  public String idAttribute() {
    return idAttribute;
  }

  /** The top-level attribute names, in the order of the OpenAPI file. */
  public Set<String> attributeNames() {
    return java.util.Collections.unmodifiableSet(attributes.keySet());
  }

  /**
   * The JSON type of the attribute at {@code path}, empty if the type has no such attribute. A path
   * below an open object is {@link AttributeType#ANY}; a path through an array of objects names the
   * type of the members' attribute.
   */
  public Optional<AttributeType> attribute(List<String> path) {
    Objects.requireNonNull(path, "path");
    if (path.isEmpty()) {
      return Optional.empty();
    }
    ObjectSchema schema = this;
    for (int i = 0; i < path.size(); i++) {
      Attribute attribute = schema.attributes.get(path.get(i));
      if (attribute == null) {
        return Optional.empty();
      }
      boolean last = i == path.size() - 1;
      if (last) {
        return Optional.of(attribute.type());
      }
      switch (attribute.type()) {
        case OPEN_OBJECT, ANY -> {
          return Optional.of(AttributeType.ANY);
        }
        case OBJECT, ARRAY_OF_OBJECT -> schema = attribute.members().get();
        default -> {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "ObjectSchema[" + name + "]";
  }

  /**
   * Builds an {@link ObjectSchema}. Not thread-safe; fails fast on a repeated attribute or a nested
   * schema given for a type that has none.
   */
  public static final class Builder {
    private final ObjectSchema schema;
    private boolean built;

    private Builder(String name, String idAttribute) {
      schema =
          new ObjectSchema(
              Objects.requireNonNull(name, "name"),
              Objects.requireNonNull(idAttribute, "idAttribute"));
    }

    /**
     * Adds an attribute whose members are not described ({@code OBJECT} and {@code ARRAY_OF_OBJECT}
     * need {@link #attribute(String, AttributeType, ObjectSchema)}).
     *
     * @throws IllegalArgumentException if the attribute is already defined or needs members
     */
    public Builder attribute(String attribute, AttributeType type) {
      if (type == AttributeType.OBJECT || type == AttributeType.ARRAY_OF_OBJECT) {
        throw new IllegalArgumentException(
            attribute + " is " + type + ": give the schema of its members");
      }
      return add(attribute, type, () -> null);
    }

    /**
     * Adds an {@code OBJECT} or {@code ARRAY_OF_OBJECT} attribute with the schema of its members.
     *
     * @throws IllegalArgumentException if the attribute is already defined or the type has no
     *     members
     */
    public Builder attribute(String attribute, AttributeType type, ObjectSchema members) {
      if (type != AttributeType.OBJECT && type != AttributeType.ARRAY_OF_OBJECT) {
        throw new IllegalArgumentException(attribute + " is " + type + ", which has no members");
      }
      Objects.requireNonNull(members, "members");
      return add(attribute, type, () -> members);
    }

    private Builder add(String attribute, AttributeType type, Supplier<ObjectSchema> members) {
      if (built) {
        throw new IllegalStateException("build() was already called");
      }
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(type, "type");
      if (schema.attributes.containsKey(attribute)) {
        throw new IllegalArgumentException("attribute " + attribute + " is defined twice");
      }
      schema.with(attribute, type, members);
      return this;
    }

    /**
     * @throws IllegalStateException if called twice
     */
    public ObjectSchema build() {
      if (built) {
        throw new IllegalStateException("build() was already called");
      }
      built = true;
      return schema;
    }
  }

  /** JSON types an attribute can have. */
  public enum AttributeType {
    STRING,
    UUID,
    /**
     * An RFC 3339 date-time string ({@code format: date-time}): filters compare it by instant,
     * whatever the precision or offset either side is written with.
     */
    DATE_TIME,
    NUMBER,
    BOOLEAN,
    OBJECT,
    OPEN_OBJECT,
    ARRAY_OF_STRING,
    ARRAY_OF_OBJECT,
    ANY
  }
}
