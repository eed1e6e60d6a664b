package io.netweave.o2ims.model;

import static io.netweave.o2ims.model.NotificationEventType.CREATE;
import static io.netweave.o2ims.model.NotificationEventType.DELETE;
import static io.netweave.o2ims.model.ObjectType.DEPLOYMENT_MANAGER;
import static io.netweave.o2ims.model.ObjectType.OCLOUD;
import static io.netweave.o2ims.model.ObjectType.RESOURCE;
import static io.netweave.o2ims.model.ObjectType.RESOURCE_POOL;
import static io.netweave.o2ims.model.ObjectType.RESOURCE_TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubscriptionFilterTest {

  @Test
  void noFilterSelectsEveryChange() {
    SubscriptionFilter all = SubscriptionFilter.all();
    assertThat(all.objectTypes()).isEqualTo(ApiView.V1.objectTypes());
    assertThat(SubscriptionFilter.all(ApiView.V2).objectTypes())
        .isEqualTo(EnumSet.allOf(ObjectType.class));
    assertThat(all.selects(RESOURCE, DELETE, Fixtures.named("res"))).isTrue();
    assertThat(all.canonical()).isEmpty();
    assertThat(SubscriptionFilter.parse("  ")).isEqualTo(all);
  }

  @Test
  void siteAttributesAndTypesAreValidInV2Only() {
    String f = "(eq,oCloudSiteId,7fd364a0-6d82-4e0c-a418-5c1a2f3b4d5e)";
    assertThat(SubscriptionFilter.parse(f, ApiView.V2).objectTypes())
        .containsExactlyInAnyOrder(ObjectType.RESOURCE_POOL, ObjectType.OCLOUD_SITE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SubscriptionFilter.parse(f))
        .isInstanceOf(InvalidQueryException.class);
    assertThat(SubscriptionFilter.parse("(eq,objectType,Location)", ApiView.V2).objectTypes())
        .containsExactly(ObjectType.LOCATION);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SubscriptionFilter.parse("(eq,objectType,OCloudSite)"))
        .isInstanceOf(InvalidQueryException.class);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          (eq,objectType,Resource)                          | RESOURCE
          (eq,objectType,resourcepool)                      | RESOURCE_POOL
          (in,objectType,ResourcePool,OCloud)               | RESOURCE_POOL,OCLOUD
          (neq,objectType,Resource)                         | OCLOUD,RESOURCE_TYPE,RESOURCE_POOL,DEPLOYMENT_MANAGER
          (nin,objectType,Resource,OCloud)                  | RESOURCE_TYPE,RESOURCE_POOL,DEPLOYMENT_MANAGER
          (in,objectType,Resource,ResourcePool);(neq,objectType,Resource) | RESOURCE_POOL
          (eq,globalAssetId,x)                              | RESOURCE
          (eq,name,x)                                       | OCLOUD,RESOURCE_TYPE,RESOURCE_POOL,DEPLOYMENT_MANAGER
          (neq,name,x)                                      | OCLOUD,RESOURCE_TYPE,RESOURCE_POOL,RESOURCE,DEPLOYMENT_MANAGER
          (eq,extensions/site,dc-1)                         | OCLOUD,RESOURCE_TYPE,RESOURCE_POOL,RESOURCE,DEPLOYMENT_MANAGER
          (eq,notificationEventType,2)                      | OCLOUD,RESOURCE_TYPE,RESOURCE_POOL,RESOURCE,DEPLOYMENT_MANAGER
          (eq,resourcePoolId,0a6c1f0e-5d1e-4f7b-8f3e-2b9f2a7d9c11) | RESOURCE_POOL,RESOURCE
          (eq,oCloudId,c3d2e1f0-aaaa-4bbb-8ccc-ddddeeeeffff) | OCLOUD,RESOURCE_POOL,DEPLOYMENT_MANAGER
          """)
  void objectTypesAreNarrowedByTheFilter(String filter, String types) {
    EnumSet<ObjectType> expected = EnumSet.noneOf(ObjectType.class);
    for (String t : types.split(",")) {
      expected.add(ObjectType.valueOf(t));
    }
    assertThat(SubscriptionFilter.parse(filter).objectTypes()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          (eq,objectType,ResourcePool);(eq,vendor,x)          | attribute 'vendor' does not fit any object type the filter selects (ResourcePool)
          (in,objectType,Resource,DeploymentManager);(eq,vendor,x) | does not fit any object type the filter selects (Resource, DeploymentManager)
          (eq,objectType,Resource);(eq,name,x)                | attribute 'name' does not fit
          (eq,nope,x)                                         | attribute 'nope' does not fit
          (eq,objectType,Pod)                                 | unknown objectType 'Pod'
          (cont,objectType,Res)                               | objectType takes only eq, neq, in or nin
          (gt,objectType,Resource)                            | objectType takes only
          (eq,notificationEventType,3)                        | notificationEventType is 0
          (eq,notificationEventType,create)                   | notificationEventType is 0
          (cont,notificationEventType,1)                      | does not take cont
          (eq,objectType,Resource);(neq,objectType,Resource)  | exclude every object type
          (eq,resourceId,not-a-uuid)                          | is not a UUID
          (eq,name)                                           | missing value
          (eq,name,x);                                        | trailing ';'
          """)
  void invalidSubscriptionFilterIsRejected(String filter, String message) {
    assertThatThrownBy(() -> SubscriptionFilter.parse(filter))
        .isInstanceOfSatisfying(
            InvalidQueryException.class,
            e -> {
              assertThat(e.parameter()).isEqualTo("filter");
              assertThat(e.getMessage()).contains(message);
            });
  }

  @Test
  void nullSubscriptionFilterIsRejected() {
    assertThatThrownBy(() -> SubscriptionFilter.parse(null))
        .isInstanceOf(InvalidQueryException.class);
  }

  @ParameterizedTest(name = "[{index}] {0} on {1}/{2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          (eq,objectType,Resource)                                   | RESOURCE      | CREATE | res  | true
          (eq,objectType,Resource)                                   | RESOURCE_POOL | CREATE | pool | false
          (eq,objectType,RESOURCE);(eq,tags,gpu)                     | RESOURCE      | MODIFY | res  | true
          (eq,objectType,Resource);(eq,tags,gpu)                     | RESOURCE      | MODIFY | bare | false
          (eq,notificationEventType,2)                               | RESOURCE      | DELETE | res  | true
          (eq,notificationEventType,2)                               | RESOURCE      | CREATE | res  | false
          (in,notificationEventType,0,1)                             | RESOURCE      | MODIFY | res  | true
          (neq,notificationEventType,1)                              | RESOURCE      | MODIFY | res  | false
          (lt,notificationEventType,2)                               | RESOURCE      | CREATE | res  | true
          (eq,extensions/labels/topology.kubernetes.io~1zone,zone-a) | RESOURCE      | CREATE | res  | true
          (eq,extensions/labels/topology.kubernetes.io~1zone,zone-a) | RESOURCE_POOL | CREATE | pool | false
          (eq,name,zone-a)                                           | RESOURCE_POOL | DELETE | pool | true
          (eq,name,zone-a)                                           | RESOURCE      | DELETE | res  | false
          (neq,name,zone-a)                                          | RESOURCE      | DELETE | res  | true
          (eq,resourcePoolId,0A6C1F0E-5D1E-4F7B-8F3E-2B9F2A7D9C11)   | RESOURCE      | MODIFY | res  | true
          (eq,resourcePoolId,0A6C1F0E-5D1E-4F7B-8F3E-2B9F2A7D9C11)   | RESOURCE_POOL | MODIFY | pool | true
          (in,objectType,ResourcePool,Resource);(eq,resourcePoolId,0a6c1f0e-5d1e-4f7b-8f3e-2b9f2a7d9c11) | DEPLOYMENT_MANAGER | MODIFY | dm | false
          (eq,capacity/cpu,64)                                       | DEPLOYMENT_MANAGER | MODIFY | dm | true
          (eq,vendor,AWS)                                            | RESOURCE_TYPE | CREATE | type | true
          (eq,globalcloudId,66666666-7777-4888-8999-aaaaaaaaaaaa)    | OCLOUD        | MODIFY | cloud | true
          """)
  void subscriptionFilterSelectsMatchingChanges(
      String filter,
      ObjectType type,
      NotificationEventType event,
      String fixture,
      boolean expected) {
    assertThat(SubscriptionFilter.parse(filter).selects(type, event, Fixtures.named(fixture)))
        .isEqualTo(expected);
  }

  @Test
  void equivalentTextsHaveTheSameCanonicalForm() {
    SubscriptionFilter a =
        SubscriptionFilter.parse("(EQ,objectType,'Resource') ; (in,tags,gpu,'edge')");
    SubscriptionFilter b =
        SubscriptionFilter.parse("(in,tags,'gpu',edge);(eq,objectType,Resource)");
    assertThat(a.canonical()).isEqualTo(b.canonical());
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(SubscriptionFilter.parse("(in,tags,edge,gpu)").canonical())
        .isNotEqualTo(SubscriptionFilter.parse("(in,tags,gpu)").canonical());
  }

  @Test
  void filterIsExposedForInspection() {
    assertThat(SubscriptionFilter.parse("(eq,objectType,Resource)").filter().terms()).hasSize(1);
  }

  @Test
  void allTypesAreIndexedByTheDefaultFilter() {
    assertThat(SubscriptionFilter.parse("(neq,notificationEventType,0)").objectTypes())
        .containsExactlyInAnyOrder(
            OCLOUD, RESOURCE_TYPE, RESOURCE_POOL, RESOURCE, DEPLOYMENT_MANAGER);
    assertThat(
            Optional.of(SubscriptionFilter.all())
                .map(f -> f.selects(OCLOUD, CREATE, Fixtures.named("cloud"))))
        .contains(true);
  }
}
