package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.netweave.o2ims.model.internal.FrozenJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/** A deployment manager (for Kubernetes: the cluster itself). Never carries credentials. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeploymentManager(
    UUID deploymentManagerId,
    String name,
    String description,
    @JsonProperty("oCloudId") UUID oCloudId,
    String serviceUri,
    @JsonSetter(nulls = Nulls.AS_EMPTY) List<String> supportedLocations,
    @JsonSetter(nulls = Nulls.AS_EMPTY) Map<String, String> capabilities,
    @JsonSetter(nulls = Nulls.AS_EMPTY) Map<String, String> capacity,
    @JsonSetter(nulls = Nulls.AS_EMPTY) Map<String, Object> extensions)
    implements InventoryObject {

  public DeploymentManager {
    Objects.requireNonNull(deploymentManagerId, "deploymentManagerId");
    Objects.requireNonNull(name, "name");
    description = Objects.requireNonNullElse(description, "");
    Objects.requireNonNull(oCloudId, "oCloudId");
    Objects.requireNonNull(serviceUri, "serviceUri");
    supportedLocations = supportedLocations == null ? List.of() : List.copyOf(supportedLocations);
    capabilities =
        capabilities == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(capabilities));
    capacity = capacity == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(capacity));
    extensions = FrozenJson.copyOf(extensions);
  }

  @Override
  public UUID id() {
    return deploymentManagerId;
  }

  @Override
  public ObjectType objectType() {
    return ObjectType.DEPLOYMENT_MANAGER;
  }

  /** A builder with every optional field at its default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this object's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.deploymentManagerId = deploymentManagerId;
    b.name = name;
    b.description = description;
    b.oCloudId = oCloudId;
    b.serviceUri = serviceUri;
    b.supportedLocations = supportedLocations;
    b.capabilities = capabilities;
    b.capacity = capacity;
    b.extensions = extensions;
    return b;
  }

  /**
   * Builds a {@link DeploymentManager}. Not thread-safe; {@link #build()} fails fast, naming every
   * missing required field.
   */
  public static final class Builder {
    private UUID deploymentManagerId;
    private String name;
    private String description = "";
    private UUID oCloudId;
    private String serviceUri;
    private List<String> supportedLocations = List.of();
    private Map<String, String> capabilities = Map.of();
    private Map<String, String> capacity = Map.of();
    private Map<String, Object> extensions = Map.of();

    private Builder() {}

    public Builder deploymentManagerId(UUID deploymentManagerId) {
      this.deploymentManagerId = Objects.requireNonNull(deploymentManagerId, "deploymentManagerId");
      return this;
    }

    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    public Builder oCloudId(UUID oCloudId) {
      this.oCloudId = Objects.requireNonNull(oCloudId, "oCloudId");
      return this;
    }

    public Builder serviceUri(String serviceUri) {
      this.serviceUri = Objects.requireNonNull(serviceUri, "serviceUri");
      return this;
    }

    public Builder supportedLocations(List<String> supportedLocations) {
      this.supportedLocations = Objects.requireNonNull(supportedLocations, "supportedLocations");
      return this;
    }

    public Builder capabilities(Map<String, String> capabilities) {
      this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
      return this;
    }

    public Builder capacity(Map<String, String> capacity) {
      this.capacity = Objects.requireNonNull(capacity, "capacity");
      return this;
    }

    public Builder extensions(Map<String, Object> extensions) {
      this.extensions = Objects.requireNonNull(extensions, "extensions");
      return this;
    }

    /**
     * @throws IllegalStateException naming the required fields that were not set
     */
    public DeploymentManager build() {
      List<String> missing = new ArrayList<>();
      if (deploymentManagerId == null) {
        missing.add("deploymentManagerId");
      }
      if (name == null) {
        missing.add("name");
      }
      if (oCloudId == null) {
        missing.add("oCloudId");
      }
      if (serviceUri == null) {
        missing.add("serviceUri");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "DeploymentManager is missing required field(s): " + String.join(", ", missing));
      }
      return new DeploymentManager(
          deploymentManagerId,
          name,
          description,
          oCloudId,
          serviceUri,
          supportedLocations,
          capabilities,
          capacity,
          extensions);
    }
  }
}
