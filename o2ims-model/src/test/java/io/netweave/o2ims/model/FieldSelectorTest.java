package io.netweave.o2ims.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldSelectorTest {

  /** Parses "a=x&a=y&b" style text (no decoding) into a parameter map. */
  private static Map<String, List<String>> query(String text) {
    Map<String, List<String>> map = new HashMap<>();
    if (text.isEmpty()) {
      return map;
    }
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      map.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return map;
  }

  private static ObjectNode resource() {
    return (ObjectNode) Fixtures.named("res");
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ''                                    | resourceId,resourcePoolId,resourceTypeId,globalAssetId,description,elements,tags,groups,extensions
          all_fields                            | resourceId,resourcePoolId,resourceTypeId,globalAssetId,description,elements,tags,groups,extensions
          all_fields=                           | resourceId,resourcePoolId,resourceTypeId,globalAssetId,description,elements,tags,groups,extensions
          all_fields=true                       | resourceId,resourcePoolId,resourceTypeId,globalAssetId,description,elements,tags,groups,extensions
          exclude_default                       | resourceId,resourcePoolId,resourceTypeId,globalAssetId,description,elements,tags,groups,extensions
          fields=description                    | resourceId,resourcePoolId,resourceTypeId,globalAssetId,description
          fields=description,tags               | resourceId,resourcePoolId,resourceTypeId,globalAssetId,description,tags
          fields=tags&fields=description        | resourceId,resourcePoolId,resourceTypeId,globalAssetId,description,tags
          fields=resourceId                     | resourceId,resourcePoolId,resourceTypeId,globalAssetId,description
          fields=description&exclude_default    | resourceId,resourcePoolId,resourceTypeId,globalAssetId,description
          fields=description,tags&exclude_fields=tags | resourceId,resourcePoolId,resourceTypeId,globalAssetId,description
          exclude_fields=description,globalAssetId | resourceId,resourcePoolId,resourceTypeId,globalAssetId,description,elements,tags,groups,extensions
          fields=tags&exclude_fields=description | resourceId,resourcePoolId,resourceTypeId,globalAssetId,description,tags
          exclude_fields=extensions,elements    | resourceId,resourcePoolId,resourceTypeId,globalAssetId,description,tags,groups
          exclude_fields=resourceId             | resourceId,resourcePoolId,resourceTypeId,globalAssetId,description,elements,tags,groups,extensions
          fields=extensions/nodeName            | resourceId,resourcePoolId,resourceTypeId,globalAssetId,description,extensions
          other=1&filter=(eq,a,b)               | resourceId,resourcePoolId,resourceTypeId,globalAssetId,description,elements,tags,groups,extensions
          """)
  void selectorKeepsTheExpectedTopLevelAttributes(String query, String expected) {
    FieldSelector selector = FieldSelector.parse(query(query)).validate(ObjectSchema.RESOURCE_V1);
    ObjectNode input = resource();
    ObjectNode before = input.deepCopy();
    ObjectNode out = selector.apply(input, ObjectSchema.RESOURCE_V1);
    assertThat(names(out)).containsExactlyInAnyOrder(expected.split(","));
    assertThat(input).isEqualTo(before);
  }

  @Test
  void nestedPathProjectsNestedMembers() {
    FieldSelector selector =
        FieldSelector.parse(
            query("fields=extensions/labels/topology.kubernetes.io~1zone,extensions/ready"));
    ObjectNode out =
        selector.validate(ObjectSchema.RESOURCE_V1).apply(resource(), ObjectSchema.RESOURCE_V1);
    assertThat(names(out.get("extensions"))).containsExactly("labels", "ready");
    assertThat(names(out.get("extensions").get("labels")))
        .containsExactly("topology.kubernetes.io/zone");
    assertThat(out.get("extensions").get("ready").booleanValue()).isTrue();
  }

  @Test
  void nestedPathProjectsInsideArraysOfObjects() {
    ObjectNode out =
        FieldSelector.parse(query("fields=elements/description"))
            .validate(ObjectSchema.RESOURCE_V1)
            .apply(resource(), ObjectSchema.RESOURCE_V1);
    assertThat(out.get("elements")).hasSize(1);
    assertThat(names(out.get("elements").get(0))).containsExactly("description");
    assertThat(names(out)).contains("globalAssetId").doesNotContain("tags", "extensions");
  }

  @Test
  void nestedExclusionRemovesInsideArraysOfObjects() {
    ObjectNode out =
        FieldSelector.parse(query("exclude_fields=elements/extensions,extensions/labels"))
            .validate(ObjectSchema.RESOURCE_V1)
            .apply(resource(), ObjectSchema.RESOURCE_V1);
    assertThat(names(out.get("elements").get(0)))
        .doesNotContain("extensions")
        .contains("description");
    assertThat(names(out.get("extensions"))).doesNotContain("labels").contains("nodeName");
  }

  @Test
  void fieldsThenExclusionsApplyInThatOrder() {
    ObjectNode out =
        FieldSelector.parse(query("fields=extensions&exclude_fields=extensions/labels"))
            .apply(resource(), ObjectSchema.RESOURCE_V1);
    assertThat(names(out))
        .containsExactly(
            "resourceId",
            "resourcePoolId",
            "resourceTypeId",
            "globalAssetId",
            "description",
            "extensions");
    assertThat(names(out.get("extensions"))).doesNotContain("labels").contains("ready");
  }

  @Test
  void alarmDictionaryMembersCanBeSelected() {
    ObjectNode type = (ObjectNode) Fixtures.named("type");
    ObjectNode out =
        FieldSelector.parse(query("fields=alarmDictionary/alarmDefinition/alarmName"))
            .validate(ObjectSchema.RESOURCE_TYPE_V1)
            .apply(type, ObjectSchema.RESOURCE_TYPE_V1);
    assertThat(names(out)).contains("resourceTypeId", "vendor", "alarmDictionary");
    assertThat(names(out)).doesNotContain("extensions");
    assertThat(names(out.get("alarmDictionary").get("alarmDefinition").get(0)))
        .containsExactly("alarmName");
  }

  @Test
  void fieldsOnResourceTypesKeepsEverySimpleAttribute() {
    ObjectNode type = (ObjectNode) Fixtures.named("type");
    ObjectNode out =
        FieldSelector.parse(query("fields=name,description"))
            .validate(ObjectSchema.RESOURCE_TYPE_V1)
            .apply(type, ObjectSchema.RESOURCE_TYPE_V1);
    assertThat(names(out))
        .contains("resourceTypeId", "name", "vendor", "model", "version")
        .doesNotContain("alarmDictionary", "extensions");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          all_fields&fields=name                | all_fields | cannot be combined with fields
          all_fields=true&exclude_fields=name   | all_fields | cannot be combined with exclude_fields
          all_fields=false                      | all_fields | takes no value
          exclude_default=yes                   | exclude_default | takes no value
          fields=                               | fields | empty attribute name
          fields=a,,b                           | fields | empty attribute name
          fields=a,                             | fields | empty attribute name
          exclude_fields=,a                     | exclude_fields | empty attribute name
          fields=a//b                           | fields | empty attribute path segment
          fields=a~2                            | fields | '~' in an attribute path
          fields=a(b                            | fields | not allowed in an attribute path
          """)
  void malformedSelectorIsRejected(String query, String parameter, String message) {
    assertThatThrownBy(() -> FieldSelector.parse(query(query)))
        .isInstanceOfSatisfying(
            InvalidQueryException.class,
            e -> {
              assertThat(e.parameter()).isEqualTo(parameter);
              assertThat(e.getMessage()).contains(message);
            });
  }

  @ParameterizedTest(name = "[{index}] {0} on {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          fields=vendor                  | RESOURCE_POOL | fields
          exclude_fields=vendor          | RESOURCE_POOL | exclude_fields
          fields=name,nope               | RESOURCE_TYPE | fields
          fields=elements/name           | RESOURCE      | fields
          fields=tags/x                  | RESOURCE      | fields
          fields=globalCloudID           | OCLOUD        | fields
          """)
  void unknownSelectedNameIsRejected(String query, ObjectType type, String parameter) {
    FieldSelector selector = FieldSelector.parse(query(query));
    assertThatThrownBy(() -> selector.validate(ObjectSchema.v1(type)))
        .isInstanceOfSatisfying(
            InvalidQueryException.class,
            e -> {
              assertThat(e.parameter()).isEqualTo(parameter);
              assertThat(e.getMessage()).contains("unknown attribute");
            });
  }

  @ParameterizedTest(name = "[{index}] {0} on {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          fields=extensions/whatever/deep | RESOURCE_POOL
          fields=capacity/cpu             | DEPLOYMENT_MANAGER
          fields=globalcloudId            | OCLOUD
          fields=globalCloudId            | OCLOUD
          fields=alarmDictionary/vendor   | RESOURCE_TYPE
          """)
  void namesBelowOpenObjectsAndKnownNamesAreAccepted(String query, ObjectType type) {
    FieldSelector selector = FieldSelector.parse(query(query));
    assertThat(selector.validate(ObjectSchema.v1(type))).isSameAs(selector);
  }

  @Test
  void defaultSelectorsSelectEverythingAndShareACanonicalForm() {
    assertThat(FieldSelector.all().selectsAll()).isTrue();
    assertThat(FieldSelector.parse(Map.of()).selectsAll()).isTrue();
    assertThat(FieldSelector.parse(query("all_fields")).selectsAll()).isTrue();
    assertThat(FieldSelector.parse(query("exclude_default")).canonical()).isEmpty();
    assertThat(FieldSelector.parse(query("fields=a")).selectsAll()).isFalse();
  }

  @Test
  void canonicalFormIgnoresOrderAndRepetition() {
    assertThat(FieldSelector.parse(query("fields=b,a&fields=a")).canonical())
        .isEqualTo(FieldSelector.parse(query("fields=a,b")).canonical())
        .isEqualTo("fields=a,b");
    assertThat(FieldSelector.parse(query("exclude_fields=x~1y&fields=a")).canonical())
        .isEqualTo("fields=a&exclude_fields=x~1y");
    assertThat(FieldSelector.parse(query("fields=a,b")))
        .isEqualTo(FieldSelector.parse(query("fields=b,a")));
  }

  @Test
  void canonicalFormIsAQueryStringThatParsesBackToTheSameSelector() {
    FieldSelector selector =
        FieldSelector.parse(query("exclude_fields=extensions/labels/a~1b&fields=extensions,name"));
    assertThat(FieldSelector.parse(query(selector.canonical()))).isEqualTo(selector);
  }

  @Test
  void missingOrNullParametersAreRejected() {
    assertThatThrownBy(() -> FieldSelector.parse(null)).isInstanceOf(InvalidQueryException.class);
    Map<String, List<String>> nullValue = new HashMap<>();
    nullValue.put("fields", Arrays.asList((String) null));
    assertThatThrownBy(() -> FieldSelector.parse(nullValue))
        .isInstanceOf(InvalidQueryException.class);
    assertThatThrownBy(() -> FieldSelector.parse(Map.of("fields", List.of())))
        .isInstanceOf(InvalidQueryException.class);
  }
}
