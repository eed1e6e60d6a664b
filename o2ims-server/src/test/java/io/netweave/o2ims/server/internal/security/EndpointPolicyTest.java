package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import org.junit.jupiter.api.Test;

class EndpointPolicyTest {
  private final EndpointPolicy policy = EndpointPolicy.defaults();

  @Test
  void subscriptionSegmentsNeedTheSubscriberRoleInAnyCase() {
    assertThat(role(Methods.GET, "/o2ims-infrastructureInventory/v1/subscriptions"))
        .isEqualTo(Role.SUBSCRIBER);
    assertThat(role(Methods.POST, "/o2ims-infrastructureInventory/v1/Subscriptions/"))
        .isEqualTo(Role.SUBSCRIBER);
    assertThat(role(Methods.GET, "/o2ims-infrastructureMonitoring/v1/alarmSubscriptions/x"))
        .isEqualTo(Role.SUBSCRIBER);
    assertThat(role(Methods.DELETE, "/SUBSCRIPTIONS")).isEqualTo(Role.SUBSCRIBER);
  }

  @Test
  void segmentsThatOnlyContainASubscriptionWordAreOrdinaryReads() {
    assertThat(role(Methods.GET, "/o2ims-infrastructureInventory/v1/resourcePools"))
        .isEqualTo(Role.READER);
    assertThat(role(Methods.GET, "/v1/mysubscriptions/subscriptionsx")).isEqualTo(Role.READER);
    assertThat(role(Methods.GET, "/v1/subscription")).isEqualTo(Role.READER);
    assertThat(role(Methods.GET, "/")).isEqualTo(Role.READER);
    assertThat(role(Methods.GET, "")).isEqualTo(Role.READER);
  }

  @Test
  void nonAsciiLettersDoNotMakeASubscriptionSegment() {
    // U+017F (long s) upper-cases to S but lower-cases to itself; U+0130 lower-cases to two chars.
    assertThat(role(Methods.GET, "/v1/\u017Fubscriptions")).isEqualTo(Role.READER);
    assertThat(role(Methods.GET, "/v1/alarmsubscr\u0130ptions")).isEqualTo(Role.READER);
  }

  @Test
  void adminPrefixesAndWritesNeedTheAdminRole() {
    assertThat(role(Methods.GET, "/metrics")).isEqualTo(Role.ADMIN);
    assertThat(role(Methods.GET, "/admin/v1/cache")).isEqualTo(Role.ADMIN);
    assertThat(role(Methods.PATCH, "/o2ims-infrastructureMonitoring/v1/alarms/1"))
        .isEqualTo(Role.ADMIN);
  }

  private Role role(HttpString method, String path) {
    HttpServerExchange exchange = new HttpServerExchange(null);
    exchange.setRequestMethod(method);
    exchange.setRequestPath(path);
    return policy.requiredRole(exchange);
  }
}
