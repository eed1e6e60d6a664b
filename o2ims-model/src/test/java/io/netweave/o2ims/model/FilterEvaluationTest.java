package io.netweave.o2ims.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterEvaluationTest {

  /** fixture | filter | matches. Fixtures: see {@link Fixtures#named}. */
  @ParameterizedTest(name = "[{index}] {0}: {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          res     | (eq,resourceId,6f1a3c9e-0b4d-4c57-9a3e-1c2d3e4f5a6b)              | true
          res     | (eq,resourceId,6F1A3C9E-0B4D-4C57-9A3E-1C2D3E4F5A6B)              | true
          res     | (neq,resourceId,6F1A3C9E-0B4D-4C57-9A3E-1C2D3E4F5A6B)             | false
          res     | (in,resourceId,11111111-2222-4333-8444-555555555555,6F1A3C9E-0B4D-4C57-9A3E-1C2D3E4F5A6B) | true
          res     | (nin,resourceId,6F1A3C9E-0B4D-4C57-9A3E-1C2D3E4F5A6B)             | false
          res     | (cont,resourceId,6F1A3C9E-0B4D-4C57-9A3E-1C2D3E4F5A6B)            | true
          res     | (ncont,resourceId,6F1A3C9E-0B4D-4C57-9A3E-1C2D3E4F5A6B)           | false
          res     | (eq,resourcePoolId,0a6c1f0e-5d1e-4f7b-8f3e-2b9f2a7d9c11)          | true
          res     | (eq,globalAssetId,urn:k8s:node:abc)                               | true
          res     | (eq,globalAssetId,URN:K8S:NODE:ABC)                               | false
          res     | (cont,globalAssetId,k8s)                                          | true
          res     | (ncont,globalAssetId,k8s)                                         | false
          res     | (ncont,globalAssetId,vm,bm)                                       | true
          res     | (cont,globalAssetId,vm,node)                                      | true
          res     | (cont,globalAssetId,vm,bm)                                        | false
          res     | (gt,globalAssetId,urn:a)                                          | true
          res     | (lt,globalAssetId,urn:a)                                          | false
          res     | (gte,globalAssetId,urn:k8s:node:abc)                              | true
          res     | (lte,globalAssetId,urn:k8s:node:abc)                              | true
          res     | (gt,globalAssetId,urn:k8s:node:abc)                               | false
          res     | (lt,globalAssetId,Z)                                              | false
          res     | (eq,description,'node worker-1, rack ''A''; row (3)')             | true
          res     | (cont,description,'rack ''A''')                                   | true
          res     | (cont,description,'; row (3)')                                    | true
          res     | (cont,description,node worker)                                    | true
          res     | (eq,description,node worker-1)                                    | false
          res     | (eq,tags,gpu)                                                     | true
          res     | (eq,tags,edge)                                                    | true
          res     | (eq,tags,cpu)                                                     | false
          res     | (neq,tags,gpu)                                                    | false
          res     | (neq,tags,cpu)                                                    | true
          res     | (in,tags,cpu,edge)                                                | true
          res     | (nin,tags,cpu,edge)                                               | false
          res     | (nin,tags,cpu,fpga)                                               | true
          res     | (cont,tags,dg)                                                    | true
          res     | (ncont,tags,dg)                                                   | false
          res     | (ncont,tags,xyz)                                                  | true
          res     | (gt,tags,f)                                                       | true
          res     | (lt,tags,a)                                                       | false
          res     | (eq,groups,g1)                                                    | true
          res     | (eq,elements/resourceId,11111111-2222-4333-8444-555555555555)     | true
          res     | (eq,elements/description,nvidia.com/gpu)                          | true
          res     | (neq,elements/description,nvidia.com/gpu)                         | false
          res     | (cont,elements/description,gpu)                                   | true
          res     | (eq,elements/extensions/count,2)                                  | true
          res     | (gt,elements/extensions/count,1)                                  | true
          res     | (eq,elements/elements/resourceId,11111111-2222-4333-8444-555555555555) | false
          res     | (eq,extensions/nodeName,worker-1)                                 | true
          res     | (eq,extensions/labels/topology.kubernetes.io~1zone,zone-a)        | true
          res     | (eq,extensions/labels/topology.kubernetes.io~1zone,zone-b)        | false
          res     | (neq,extensions/labels/topology.kubernetes.io~1zone,zone-b)       | true
          res     | (in,extensions/labels/node.kubernetes.io~1instance-type,m5.large,m5.xlarge) | true
          res     | (eq,extensions/labels/tilde~0key,t)                               | true
          res     | (eq,extensions/labels/tilde~0key,T)                               | false
          res     | (eq,extensions/labels/missing,x)                                  | false
          res     | (neq,extensions/labels/missing,x)                                 | true
          res     | (nin,extensions/labels/missing,x)                                 | true
          res     | (ncont,extensions/labels/missing,x)                               | true
          res     | (gt,extensions/labels/missing,x)                                  | false
          res     | (eq,extensions/weird.key,dotted)                                  | true
          res     | (eq,extensions/my key,spaced)                                     | true
          res     | (eq,extensions/ready,true)                                        | true
          res     | (eq,extensions/ready,TRUE)                                        | true
          res     | (eq,extensions/ready,false)                                       | false
          res     | (neq,extensions/ready,false)                                      | true
          res     | (eq,extensions/ready,maybe)                                       | false
          res     | (neq,extensions/ready,maybe)                                      | true
          res     | (gt,extensions/ready,false)                                       | false
          res     | (eq,extensions/unschedulable,false)                               | true
          res     | (in,extensions/unschedulable,true,false)                          | true
          res     | (eq,extensions/cpuCount,8)                                        | true
          res     | (eq,extensions/cpuCount,8.0)                                      | true
          res     | (eq,extensions/cpuCount,08)                                       | true
          res     | (eq,extensions/cpuCount,8e0)                                      | true
          res     | (gt,extensions/cpuCount,10)                                       | false
          res     | (gt,extensions/cpuCount,7.99)                                     | true
          res     | (gte,extensions/cpuCount,8)                                       | true
          res     | (lt,extensions/cpuCount,10)                                       | true
          res     | (lte,extensions/cpuCount,7)                                       | false
          res     | (eq,extensions/cpuCount,eight)                                    | false
          res     | (neq,extensions/cpuCount,eight)                                   | true
          res     | (gt,extensions/cpuCount,eight)                                    | false
          res     | (lt,extensions/load,1)                                            | true
          res     | (eq,extensions/load,0.750)                                        | true
          res     | (gt,extensions/load,-1e3)                                         | true
          res     | (cont,extensions/cpuCount,8)                                      | true
          res     | (eq,extensions/capacity/cpu,8)                                    | true
          # capacity holds strings: compared by character code, so "8" > "10"
          res     | (gt,extensions/capacity/cpu,10)                                   | true
          res     | (eq,extensions/capacity/memory,32Gi)                              | true
          res     | (eq,extensions/conditions/Ready,True)                             | true
          res     | (eq,extensions/conditions/Ready,true)                             | false
          res     | (eq,extensions/owners,bob)                                        | true
          res     | (nin,extensions/owners,bob,carol)                                 | false
          res     | (eq,extensions/labels,zone-a)                                     | false
          res     | (neq,extensions/labels,zone-a)                                    | true
          res     | (eq,extensions/nodeName/deeper,x)                                 | false
          res     | (eq,tags,gpu);(eq,extensions/ready,true)                          | true
          res     | (eq,tags,gpu);(eq,extensions/ready,false)                         | false
          res     | (eq,tags,gpu);(cont,description,worker);(gte,extensions/cpuCount,4) | true
          res     | (eq,tags,'gpu') ; (in,groups,g2,'g1')                             | true
          bare    | (eq,tags,gpu)                                                     | false
          bare    | (neq,tags,gpu)                                                    | true
          bare    | (nin,tags,gpu)                                                    | true
          bare    | (cont,tags,g)                                                     | false
          bare    | (ncont,tags,g)                                                    | true
          bare    | (eq,globalAssetId,)                                               | true
          bare    | (eq,globalAssetId,'')                                             | true
          bare    | (eq,description,x)                                                | false
          bare    | (eq,extensions/nodeName,worker-1)                                 | false
          bare    | (neq,extensions/nodeName,worker-1)                                | true
          bare    | (eq,elements/resourceId,11111111-2222-4333-8444-555555555555)     | false
          bare    | (neq,elements/resourceId,11111111-2222-4333-8444-555555555555)    | true
          pool    | (eq,location,Paris)                                               | false
          pool    | (neq,location,Paris)                                              | true
          pool    | (in,location,Paris,Lyon)                                          | false
          pool    | (nin,location,Paris,Lyon)                                         | true
          pool    | (cont,location,a)                                                 | false
          pool    | (ncont,location,a)                                                | true
          pool    | (gt,location,A)                                                   | false
          pool    | (lt,location,z)                                                   | false
          poolLoc | (eq,location,Paris)                                               | true
          poolLoc | (eq,location,paris)                                               | false
          poolLoc | (neq,location,Paris)                                              | false
          poolLoc | (gt,location,Lyon)                                                | true
          poolLoc | (gt,location,paris)                                               | false
          poolLoc | (lt,location,a)                                                   | true
          pool    | (eq,name,zone-a)                                                  | true
          pool    | (eq,oCloudId,C3D2E1F0-AAAA-4BBB-8CCC-DDDDEEEEFFFF)                | true
          pool    | (eq,extensions/site,dc-1)                                         | true
          pool    | (eq,globalLocationId,eu-west)                                     | true
          dm      | (eq,supportedLocations,eu-north)                                  | true
          dm      | (nin,supportedLocations,eu-north)                                 | false
          dm      | (eq,capabilities/kubernetesVersion,v1.30.2)                       | true
          dm      | (cont,capabilities/kubernetesVersion,v1.30)                       | true
          dm      | (gte,capacity/cpu,64)                                             | true
          # capacity is a string map: "330" > "1000" by character code
          dm      | (gt,capacity/pods,1000)                                           | true
          dm      | (eq,capacity/gpu,1)                                               | false
          dm      | (neq,capacity/gpu,1)                                              | true
          type    | (eq,alarmDictionary/entityType,Node)                              | true
          type    | (eq,alarmDictionary/alarmDefinition/alarmName,NodeNotReady)       | true
          type    | (eq,alarmDictionary/pkNotificationField,resourceId)               | true
          type    | (eq,resourceKind,LOGICAL)                                         | true
          type    | (in,resourceClass,STORAGE,COMPUTE)                                | true
          type    | (eq,vendor,AWS);(eq,model,m5.large)                               | true
          type    | (eq,name,m5.large/amd64/linux)                                    | true
          cloud   | (eq,globalCloudId,66666666-7777-4888-8999-aaaaaaaaaaaa)           | true
          cloud   | (eq,globalcloudId,66666666-7777-4888-8999-AAAAAAAAAAAA)           | true
          cloud   | (eq,name,edge-cloud)                                              | true
          """)
  void filterMatchesAsSpecified(String fixture, String filter, boolean expected) {
    JsonNode object = Fixtures.named(fixture);
    assertThat(Filter.parse(filter).matches(object)).isEqualTo(expected);
  }

  @Test
  void stringsCompareByCharacterCode() {
    ObjectNode object = JsonNodeFactory.instance.objectNode().put("name", "Zeta");
    assertThat(Filter.parse("(lt,name,a)").matches(object)).isTrue();
    assertThat(Filter.parse("(gt,name,Z)").matches(object)).isTrue();
    assertThat(Filter.parse("(lt,name,Zz)").matches(object)).isTrue();
  }

  @Test
  void dateTimesCompareByInstantWhateverTheirPrecisionOrOffset() {
    ObjectNode record =
        JsonNodeFactory.instance.objectNode().put("alarmRaisedTime", "2026-12-07T07:30:30.597Z");
    // as text, '.' sorts before 'Z' and '9' before 'Z': both of these used to be false
    assertThat(Filter.parse("(gte,alarmRaisedTime,2026-12-07T07:30:30Z)").matches(record)).isTrue();
    assertThat(Filter.parse("(gt,alarmRaisedTime,2026-12-07T07:30:30.5Z)").matches(record))
        .isTrue();
    assertThat(Filter.parse("(lt,alarmRaisedTime,2026-12-07T07:30:30.597001Z)").matches(record))
        .isTrue();
    assertThat(Filter.parse("(eq,alarmRaisedTime,2026-12-07T09:30:30.597+02:00)").matches(record))
        .isTrue();
    assertThat(Filter.parse("(in,alarmRaisedTime,2026-12-07T07:30:30.597000000Z)").matches(record))
        .isTrue();
    // RFC 3339 section 5.6: "T" and "Z" may be lower case
    assertThat(Filter.parse("(eq,alarmRaisedTime,2026-12-07t07:30:30.597z)").matches(record))
        .isTrue();
    assertThat(Filter.parse("(cont,alarmRaisedTime,2026-12-07)").matches(record)).isTrue();
    // text that is no date-time still compares by character code
    assertThat(Filter.parse("(gt,alarmRaisedTime,2026)").matches(record)).isTrue();
    assertThat(Filter.textKey("2026-12-07T09:30:30.597000+02:00"))
        .isEqualTo(Filter.textKey("2026-12-07T07:30:30.597Z"));
  }

  @Test
  void numbersCompareNumericallyNotTextually() {
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    object.putObject("extensions").put("pods", 110);
    assertThat(Filter.parse("(gt,extensions/pods,20)").matches(object)).isTrue();
    assertThat(Filter.parse("(lt,extensions/pods,9)").matches(object)).isFalse();
  }

  @Test
  void percentEncodedSemicolonDecodedByTheServerSeparatesTerms() {
    String raw = "(eq,tags,gpu)%3B(eq,extensions/ready,true)";
    Filter filter = Filter.parse(URLDecoder.decode(raw, StandardCharsets.UTF_8));
    assertThat(filter.terms()).hasSize(2);
    assertThat(filter.matches(Fixtures.named("res"))).isTrue();
  }

  @Test
  void nullValuesAreTreatedAsAbsent() {
    ObjectNode object = JsonNodeFactory.instance.objectNode().putNull("location");
    assertThat(Filter.parse("(eq,location,x)").matches(object)).isFalse();
    assertThat(Filter.parse("(neq,location,x)").matches(object)).isTrue();
    assertThat(Filter.parse("(eq,a,x)").matches(JsonNodeFactory.instance.nullNode())).isFalse();
  }
}
