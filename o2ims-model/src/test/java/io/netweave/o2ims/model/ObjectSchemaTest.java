package io.netweave.o2ims.model;

import static io.netweave.o2ims.model.ObjectSchema.AttributeType.ANY;
import static io.netweave.o2ims.model.ObjectSchema.AttributeType.ARRAY_OF_OBJECT;
import static io.netweave.o2ims.model.ObjectSchema.AttributeType.ARRAY_OF_STRING;
import static io.netweave.o2ims.model.ObjectSchema.AttributeType.OBJECT;
import static io.netweave.o2ims.model.ObjectSchema.AttributeType.OPEN_OBJECT;
import static io.netweave.o2ims.model.ObjectSchema.AttributeType.STRING;
import static io.netweave.o2ims.model.ObjectSchema.AttributeType.UUID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectSchemaTest {

  @Test
  void everyInventoryTypeHasAV1SchemaWithItsIdAttribute() {
    assertThat(ObjectSchema.v1(ObjectType.OCLOUD).idAttribute()).isEqualTo("oCloudId");
    assertThat(ObjectSchema.v1(ObjectType.RESOURCE_TYPE).idAttribute()).isEqualTo("resourceTypeId");
    assertThat(ObjectSchema.v1(ObjectType.RESOURCE_POOL).idAttribute()).isEqualTo("resourcePoolId");
    assertThat(ObjectSchema.v1(ObjectType.RESOURCE).idAttribute()).isEqualTo("resourceId");
    assertThat(ObjectSchema.v1(ObjectType.DEPLOYMENT_MANAGER).idAttribute())
        .isEqualTo("deploymentManagerId");
    assertThat(ObjectSchema.SUBSCRIPTION_V1.attributeNames())
        .containsExactly("subscriptionId", "consumerSubscriptionId", "filter", "callback");
    assertThat(ObjectSchema.RESOURCE_POOL_V1.name()).isEqualTo("ResourcePool");
  }

  @Test
  void schemaAttributesMatchTheJsonTheRecordsWrite() {
    assertThat(ObjectSchema.RESOURCE_V1.attributeNames())
        .containsExactlyInAnyOrderElementsOf(() -> Fixtures.named("res").fieldNames());
    assertThat(ObjectSchema.DEPLOYMENT_MANAGER_V1.attributeNames())
        .containsAll(() -> Fixtures.named("dm").fieldNames());
    assertThat(ObjectSchema.OCLOUD_V1.attributeNames())
        .containsAll(() -> Fixtures.named("cloud").fieldNames());
    assertThat(ObjectSchema.RESOURCE_TYPE_V1.attributeNames())
        .containsAll(() -> Fixtures.named("type").fieldNames());
    assertThat(ObjectSchema.RESOURCE_POOL_V1.attributeNames())
        .containsAll(() -> Fixtures.named("poolLoc").fieldNames());
  }

  @Test
  void attributeTypesFollowTheV1OpenApi() {
    ObjectSchema resource = ObjectSchema.RESOURCE_V1;
    assertThat(resource.attribute(List.of("resourceId"))).contains(UUID);
    assertThat(resource.attribute(List.of("elements"))).contains(ARRAY_OF_OBJECT);
    assertThat(resource.attribute(List.of("elements", "elements", "tags")))
        .contains(ARRAY_OF_STRING);
    assertThat(resource.attribute(List.of("extensions"))).contains(OPEN_OBJECT);
    assertThat(resource.attribute(List.of("extensions", "a", "b"))).contains(ANY);
    assertThat(resource.attribute(List.of("tags", "x"))).isEmpty();
    assertThat(resource.attribute(List.of())).isEmpty();
    ObjectSchema type = ObjectSchema.RESOURCE_TYPE_V1;
    assertThat(type.attribute(List.of("alarmDictionary"))).contains(OBJECT);
    assertThat(type.attribute(List.of("alarmDictionary", "alarmDefinition", "alarmName")))
        .contains(STRING);
    assertThat(ObjectSchema.DEPLOYMENT_MANAGER_V1.attribute(List.of("capacity", "cpu")))
        .contains(ANY);
    assertThat(ObjectSchema.OCLOUD_V1.attribute(List.of("globalcloudId"))).contains(UUID);
    assertThat(ObjectSchema.OCLOUD_V1.attribute(List.of("globalCloudId"))).contains(UUID);
  }

  @Test
  void builderRefusesRepeatedAttributesAndMissingMembers() {
    ObjectSchema.Builder builder = ObjectSchema.builder("T", "id").attribute("id", UUID);
    assertThatThrownBy(() -> builder.attribute("id", STRING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("defined twice");
    assertThatThrownBy(() -> builder.attribute("o", OBJECT))
        .hasMessageContaining("give the schema of its members");
    assertThatThrownBy(() -> builder.attribute("s", STRING, ObjectSchema.RESOURCE_V1))
        .hasMessageContaining("has no members");
    ObjectSchema built =
        builder.attribute("children", ARRAY_OF_OBJECT, ObjectSchema.RESOURCE_V1).build();
    assertThat(built.attribute(List.of("children", "resourceId"))).contains(UUID);
    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
  }
}
