package io.netweave.o2ims.k8s.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class O2IdsTest {
  @Test
  void nameBasedIdsFollowRfc4122Version5() {
    UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    assertThat(O2Ids.nameBased(dns, "python.org"))
        .isEqualTo(UUID.fromString("886313e1-3b8a-5372-9b90-0c9aee199e5d"));
  }

  @Test
  void idsDependOnTheOCloudAndTheBackingIdentityOnly() {
    O2Ids one = new O2Ids(O2Ids.oCloudFromKubeSystem("uid-1"));
    O2Ids again = new O2Ids(O2Ids.oCloudFromKubeSystem("uid-1"));
    O2Ids other = new O2Ids(O2Ids.oCloudFromKubeSystem("uid-2"));
    assertThat(one.resource("node-uid")).isEqualTo(again.resource("node-uid"));
    assertThat(one.resource("node-uid")).isNotEqualTo(other.resource("node-uid"));
    assertThat(one.pool("zone", "a")).isNotEqualTo(one.pool("zone", "b"));
    assertThat(one.resourceType("k")).isNotEqualTo(one.pool("zone", "k"));
    assertThat(one.deploymentManager().version()).isEqualTo(5);
  }
}
