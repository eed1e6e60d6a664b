package io.netweave.o2ims.server.internal.notify.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentBodiesTest {
  @Test
  void aRememberedBodyIsServedWithoutLoadingAndAForgottenOneIsLoadedAgain() {
    RecentBodies recent = new RecentBodies(4);
    List<Long> loads = new ArrayList<>();
    String body = "{\"n\":1}";
    recent.put(7, body);

    assertThat(recent.get(7, k -> fail(loads, k))).isSameAs(body);
    assertThat(loads).isEmpty();

    recent.forget(7);
    assertThat(recent.get(7, k -> load(loads, k, null))).isNull();
    assertThat(loads).containsExactly(7L);
  }

  @Test
  void keysOfOneSlotDoNotServeEachOthersBodies() {
    RecentBodies recent = new RecentBodies(4);
    List<Long> loads = new ArrayList<>();
    recent.put(1, "one");

    assertThat(recent.get(5, k -> load(loads, k, "five"))).isEqualTo("five");
    assertThat(recent.get(1, k -> load(loads, k, "one again"))).isEqualTo("one again");
    assertThat(loads).containsExactly(5L, 1L);
    // forgetting a key that no longer holds the slot leaves the slot's body alone
    recent.forget(5);
    assertThat(recent.get(1, k -> load(loads, k, "loaded"))).isEqualTo("one again");
  }

  private static String load(List<Long> loads, long key, String text) {
    loads.add(key);
    return text;
  }

  private static String fail(List<Long> loads, long key) {
    loads.add(key);
    throw new AssertionError("loaded " + key);
  }
}
