package io.netweave.o2ims.server.internal.notify.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** A queue's sequences in the embedded outbox behave as a sorted set of them. */
class OutboxSequencesTest {
  @Test
  void appendedInOrderAndDeliveredFromTheFront() {
    MvStoreOutbox.Sequences queue = new MvStoreOutbox.Sequences();
    for (long seq = 1; seq <= 100; seq++) {
      queue.add(seq);
    }
    assertThat(queue.size()).isEqualTo(100);
    for (long seq = 1; seq <= 60; seq++) {
      assertThat(queue.remove(seq)).isTrue();
    }
    for (long seq = 101; seq <= 200; seq++) {
      queue.add(seq);
    }
    assertThat(queue.size()).isEqualTo(140);
    assertThat(queue.get(0)).isEqualTo(61);
    assertThat(queue.get(139)).isEqualTo(200);
    assertThat(queue.remove(60)).isFalse();
    assertThat(queue.contains(61)).isTrue();
    assertThat(queue.contains(201)).isFalse();
  }

  @Test
  void anyOrderOfAddsAndRemovalsMatchesASortedSet() {
    Random random = new Random(13);
    MvStoreOutbox.Sequences queue = new MvStoreOutbox.Sequences();
    TreeSet<Long> model = new TreeSet<>();
    long next = 0;
    for (int op = 0; op < 50_000; op++) {
      int kind = random.nextInt(10);
      if (kind < 5) {
        next += 1 + random.nextInt(3);
        queue.add(next);
        model.add(next);
      } else if (kind == 5) {
        long seq = random.nextInt((int) next + 1);
        queue.add(seq);
        model.add(seq);
      } else if (kind < 9 && !model.isEmpty()) {
        long first = model.first();
        assertThat(queue.remove(first)).isTrue();
        model.remove(first);
      } else {
        long seq = random.nextInt((int) next + 1);
        assertThat(queue.remove(seq)).isEqualTo(model.remove(seq));
      }
      assertThat(queue.size()).isEqualTo(model.size());
      assertThat(queue.isEmpty()).isEqualTo(model.isEmpty());
      if (op % 1_000 == 0) {
        List<Long> seen = new ArrayList<>();
        for (int i = 0; i < queue.size(); i++) {
          seen.add(queue.get(i));
        }
        assertThat(seen).containsExactlyElementsOf(model);
        long probe = random.nextInt((int) next + 1);
        assertThat(queue.contains(probe)).isEqualTo(model.contains(probe));
      }
    }
  }
}
