package io.netweave.o2ims.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterValidationTest {

  @ParameterizedTest(name = "[{index}] {0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          RESOURCE_POOL      | (eq,vendor,x)                            | unknown attribute 'vendor' for ResourcePool
          RESOURCE_POOL      | (eq,resourceId,6f1a3c9e-0b4d-4c57-9a3e-1c2d3e4f5a6b) | unknown attribute 'resourceId'
          RESOURCE_POOL      | (eq,Name,x)                              | unknown attribute 'Name'
          RESOURCE_POOL      | (eq,name/first,x)                        | unknown attribute 'name/first'
          RESOURCE_POOL      | (eq,resourcePoolId,not-a-uuid)           | is not a UUID
          RESOURCE_POOL      | (in,oCloudId,c3d2e1f0-aaaa-4bbb-8ccc-ddddeeeeffff,x) | 'x' is not a UUID
          RESOURCE_POOL      | (eq,extensions,x)                        | is an object
          RESOURCE           | (eq,name,x)                              | unknown attribute 'name' for Resource
          RESOURCE           | (eq,elements,x)                          | is an array of objects
          RESOURCE           | (eq,elements/name,x)                     | unknown attribute 'elements/name'
          RESOURCE           | (eq,tags/x,x)                            | unknown attribute 'tags/x'
          RESOURCE           | (eq,elements/resourceId,zzz)             | is not a UUID
          RESOURCE           | (gt,resourceId,abc)                      | is not a UUID
          RESOURCE_POOL      | (cont,resourcePoolId,0a6c)               | '0a6c' is not a UUID
          RESOURCE_TYPE      | (eq,alarmDictionary,x)                   | is an object
          RESOURCE_TYPE      | (eq,alarmDictionary/nope,x)              | unknown attribute 'alarmDictionary/nope'
          RESOURCE_TYPE      | (eq,alarmDictionary/alarmDefinition,x)   | is an array of objects
          RESOURCE_TYPE      | (eq,location,x)                          | unknown attribute 'location'
          DEPLOYMENT_MANAGER | (eq,capacity,x)                          | is an object
          DEPLOYMENT_MANAGER | (eq,tags,x)                              | unknown attribute 'tags'
          DEPLOYMENT_MANAGER | (eq,supportedLocations/x,x)              | unknown attribute
          OCLOUD             | (eq,resourcePoolId,6f1a3c9e-0b4d-4c57-9a3e-1c2d3e4f5a6b) | unknown attribute
          OCLOUD             | (eq,globalcloudId,nope)                  | is not a UUID
          OCLOUD             | (eq,GLOBALCLOUDID,nope)                  | unknown attribute
          """)
  void filterThatDoesNotFitTheAddressedTypeIsRejected(
      ObjectType type, String filter, String message) {
    assertThatThrownBy(() -> Filter.parse(filter).validate(ObjectSchema.v1(type)))
        .isInstanceOfSatisfying(
            InvalidQueryException.class,
            e -> {
              assertThat(e.parameter()).isEqualTo("filter");
              assertThat(e.getMessage()).contains(message);
            });
  }

  @ParameterizedTest(name = "[{index}] {0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          RESOURCE_POOL      | (eq,name,x)
          RESOURCE_POOL      | (eq,location,Paris)
          RESOURCE_POOL      | (eq,resourcePoolId,0A6C1F0E-5D1E-4F7B-8F3E-2B9F2A7D9C11)
          RESOURCE_POOL      | (eq,extensions/anything/at/all,x)
          RESOURCE_POOL      | (gt,extensions/n,notanumber)
          RESOURCE           | (eq,extensions/labels/topology.kubernetes.io~1zone,a)
          RESOURCE           | (eq,elements/elements/extensions/x,1)
          RESOURCE           | (in,tags,a,b)
          RESOURCE           | (eq,elements/description,gpu)
          RESOURCE_TYPE      | (eq,alarmDictionary/alarmDefinition/alarmName,NodeNotReady)
          RESOURCE_TYPE      | (eq,alarmDictionary/alarmDefinition/alarmAdditionalFields/x,y)
          RESOURCE_TYPE      | (eq,vendor,AWS)
          DEPLOYMENT_MANAGER | (gt,capacity/cpu,4)
          DEPLOYMENT_MANAGER | (eq,capabilities/kubernetesVersion,v1.30)
          DEPLOYMENT_MANAGER | (eq,supportedLocations,eu-west)
          OCLOUD             | (eq,globalCloudId,66666666-7777-4888-8999-aaaaaaaaaaaa)
          OCLOUD             | (eq,globalcloudId,66666666-7777-4888-8999-aaaaaaaaaaaa)
          """)
  void filterThatFitsTheAddressedTypeIsAccepted(ObjectType type, String filter) {
    Filter parsed = Filter.parse(filter);
    assertThat(parsed.validate(ObjectSchema.v1(type))).isSameAs(parsed);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          (gt,ready,true)      | cannot be used on boolean
          (lte,ready,false)    | cannot be used on boolean
          (cont,ready,tr)      | cannot be used on boolean
          (eq,ready,maybe)     | 'maybe' is not a boolean
          (in,ready,true,yes)  | 'yes' is not a boolean
          (eq,count,eight)     | 'eight' is not a number
          (gt,count,'')        | '' is not a number
          (cont,count,x)       | 'x' is not a number
          (eq,count,1,)        | takes exactly one value
          """)
  void typedAttributesRefuseValuesOfAnotherType(String filter, String message) {
    assertThatThrownBy(() -> Filter.parse(filter).validate(TestSchemas.TYPED))
        .isInstanceOfSatisfying(
            InvalidQueryException.class, e -> assertThat(e.getMessage()).contains(message));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          (eq,ready,true)
          (eq,ready,FALSE)
          (in,ready,true,false)
          (gte,count,1.5e2)
          (eq,count,-3)
          (cont,count,3)
          """)
  void typedAttributesAcceptValuesOfTheirType(String filter) {
    Filter.parse(filter).validate(TestSchemas.TYPED);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          (gt,alarmRaisedTime,yesterday)               | 'yesterday' is not an RFC 3339 date-time
          (eq,alarmClearedTime,2026-12-07)             | '2026-12-07' is not an RFC 3339 date-time
          (lt,alarmChangedTime,2026-12-07T07:30:30)    | is not an RFC 3339 date-time
          (in,alarmAcknowledgeTime,2026-12-07T07:30:30Z,x) | 'x' is not an RFC 3339 date-time
          (gt,alarmRaisedTime,2026-12-07T07:30:30 02:00) | must be sent as %2B
          """)
  void alarmTimesRefuseValuesThatAreNoDateTime(String filter, String message) {
    assertThatThrownBy(() -> Filter.parse(filter).validate(ObjectSchema.ALARM_EVENT_RECORD_FILTER))
        .isInstanceOfSatisfying(
            InvalidQueryException.class, e -> assertThat(e.getMessage()).contains(message));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          (gt,alarmRaisedTime,2026-12-07T07:30:30Z)
          (lte,alarmClearedTime,2026-12-07T07:30:30.123456789+02:00)
          (cont,alarmRaisedTime,2026-12-07)
          (eq,extensions/conditionSince,whenever)
          """)
  void alarmTimesAcceptDateTimesAndSubstrings(String filter) {
    Filter.parse(filter).validate(ObjectSchema.ALARM_EVENT_RECORD_FILTER);
  }
}
