package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointPolicyTest {
  private final EndpointPolicy policy = EndpointPolicy.defaults();

  @Test
  void subscriptionSegmentsNeedTheSubscriberRoleInAnyCase() {
    assertThat(requirement(Methods.GET, "/o2ims-infrastructureInventory/v1/subscriptions"))
        .isEqualTo(Requirement.OWN_SUBSCRIPTIONS);
    assertThat(requirement(Methods.HEAD, "/o2ims-infrastructureInventory/v2/Subscriptions/"))
        .isEqualTo(Requirement.OWN_SUBSCRIPTIONS);
    assertThat(requirement(Methods.GET, "/o2ims-infrastructureMonitoring/v1/alarmSubscriptions/x"))
        .isEqualTo(Requirement.OWN_SUBSCRIPTIONS);
    assertThat(requirement(Methods.DELETE, "/SUBSCRIPTIONS"))
        .isEqualTo(Requirement.OWN_SUBSCRIPTIONS);
  }

  @Test
  void writesThatDecideWhatASubscriptionDeliversAlsoNeedTheReaderRole() {
    assertThat(requirement(Methods.POST, "/o2ims-infrastructureInventory/v1/Subscriptions/"))
        .isEqualTo(Requirement.INVENTORY_SUBSCRIPTION_WRITE);
    assertThat(requirement(Methods.POST, "/o2ims-infrastructureInventory/v2/subscriptions"))
        .isEqualTo(Requirement.INVENTORY_SUBSCRIPTION_WRITE);
    assertThat(requirement(Methods.PATCH, "/o2ims-infrastructureInventory/v1/subscriptions/x"))
        .isEqualTo(Requirement.INVENTORY_SUBSCRIPTION_WRITE);
    assertThat(requirement(Methods.POST, "/o2ims-infrastructureMonitoring/v1/alarmsubscriptions"))
        .isEqualTo(Requirement.ALARM_SUBSCRIPTION_WRITE);
    assertThat(requirement(Methods.PUT, "/o2ims-infrastructureMonitoring/v1/alarmSubscriptions/x"))
        .isEqualTo(Requirement.ALARM_SUBSCRIPTION_WRITE);
  }

  @Test
  void aRefusalNamesTheRolesTheCallerLacks() {
    AuthenticatedPrincipal subscriber =
        AuthenticatedPrincipal.token("smo", "https://issuer", Set.of(Role.SUBSCRIBER));
    AuthenticatedPrincipal reader =
        AuthenticatedPrincipal.token("smo", "https://issuer", Set.of(Role.READER));
    AuthenticatedPrincipal none = AuthenticatedPrincipal.token("smo", "https://issuer", Set.of());
    AuthenticatedPrincipal both =
        AuthenticatedPrincipal.token(
            "smo", "https://issuer", EnumSet.of(Role.READER, Role.SUBSCRIBER));
    AuthenticatedPrincipal admin =
        AuthenticatedPrincipal.token("noc", "https://issuer", Set.of(Role.ADMIN));

    Requirement inventory = Requirement.INVENTORY_SUBSCRIPTION_WRITE;
    assertThat(inventory.grantedTo(subscriber)).isFalse();
    assertThat(inventory.grantedTo(reader)).isFalse();
    assertThat(inventory.grantedTo(both)).isTrue();
    assertThat(inventory.grantedTo(admin)).isTrue();
    assertThat(inventory.refusal(subscriber))
        .isEqualTo(
            "this operation needs the reader role: a subscription's notifications carry"
                + " inventory objects, which only the reader role may read");
    assertThat(inventory.refusal(reader)).isEqualTo("this operation needs the subscriber role");
    assertThat(Requirement.ALARM_SUBSCRIPTION_WRITE.refusal(none))
        .isEqualTo(
            "this operation needs the subscriber and reader roles: a subscription's notifications"
                + " carry alarm records, which only the reader role may read");
    assertThat(Requirement.OWN_SUBSCRIPTIONS.grantedTo(subscriber)).isTrue();
    assertThat(Requirement.READ.refusal(subscriber))
        .isEqualTo("this operation needs the reader role");
    assertThat(Requirement.ADMIN.refusal(both)).isEqualTo("this operation needs the admin role");
  }

  @Test
  void segmentsThatOnlyContainASubscriptionWordAreOrdinaryReads() {
    assertThat(requirement(Methods.GET, "/o2ims-infrastructureInventory/v1/resourcePools"))
        .isEqualTo(Requirement.READ);
    assertThat(requirement(Methods.GET, "/v1/mysubscriptions/subscriptionsx"))
        .isEqualTo(Requirement.READ);
    assertThat(requirement(Methods.GET, "/v1/subscription")).isEqualTo(Requirement.READ);
    assertThat(requirement(Methods.GET, "/")).isEqualTo(Requirement.READ);
    assertThat(requirement(Methods.GET, "")).isEqualTo(Requirement.READ);
  }

  @Test
  void nonAsciiLettersDoNotMakeASubscriptionSegment() {
    // U+017F (long s) upper-cases to S but lower-cases to itself; U+0130 lower-cases to two chars.
    assertThat(requirement(Methods.GET, "/v1/\u017Fubscriptions")).isEqualTo(Requirement.READ);
    assertThat(requirement(Methods.GET, "/v1/alarmsubscr\u0130ptions")).isEqualTo(Requirement.READ);
  }

  @Test
  void adminPrefixesAndWritesNeedTheAdminRole() {
    assertThat(requirement(Methods.GET, "/metrics")).isEqualTo(Requirement.ADMIN);
    assertThat(requirement(Methods.GET, "/admin/v1/cache")).isEqualTo(Requirement.ADMIN);
    assertThat(requirement(Methods.POST, "/admin/v1/subscriptions")).isEqualTo(Requirement.ADMIN);
    assertThat(requirement(Methods.PATCH, "/o2ims-infrastructureMonitoring/v1/alarms/1"))
        .isEqualTo(Requirement.ADMIN);
  }

  private Requirement requirement(HttpString method, String path) {
    HttpServerExchange exchange = new HttpServerExchange(null);
    exchange.setRequestMethod(method);
    exchange.setRequestPath(path);
    return policy.requirement(exchange);
  }
}
