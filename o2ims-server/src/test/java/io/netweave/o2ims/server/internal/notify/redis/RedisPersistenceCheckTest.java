package io.netweave.o2ims.server.internal.notify.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisPersistenceCheckTest {
  @Test
  void onlyTheAppendOnlyFileKeepsEveryWrite() {
    assertThat(RedisPersistenceCheck.warning("yes", "")).isEmpty();
    assertThat(RedisPersistenceCheck.warning("yes", "3600 1")).isEmpty();
    assertThat(RedisPersistenceCheck.warning("no", "")).get().asString().contains("keeps nothing");
    assertThat(RedisPersistenceCheck.warning("no", "3600 1 300 100"))
        .get()
        .asString()
        .contains("RDB snapshots")
        .contains("3600 1 300 100");
  }
}
