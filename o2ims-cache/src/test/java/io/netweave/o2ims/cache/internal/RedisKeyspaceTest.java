package io.netweave.o2ims.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.cache.CacheKey;
import io.netweave.o2ims.cache.CacheRegion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedisKeyspaceTest {

  private final RedisKeyspace keyspace = new RedisKeyspace("nw:");

  @Test
  void entryKeyCarriesPrefixRegionGenerationAndRequest() {
    byte[] key =
        keyspace.entryKey(new CacheKey(CacheRegion.RESOURCES, "v1", "/resources", "a=b"), 42);

    assertThat(new String(key, StandardCharsets.UTF_8))
        .isEqualTo("nw:r:RESOURCES:42:2:v1:10:/resources?a=b");
  }

  @Test
  void keysOfDifferentSplitsBetweenViewAndPathDiffer() {
    byte[] a = keyspace.entryKey(new CacheKey(CacheRegion.RESOURCES, "v1:x", "/p", ""), 1);
    byte[] b = keyspace.entryKey(new CacheKey(CacheRegion.RESOURCES, "v1", "x:/p", ""), 1);

    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void invalidationMessagesRoundTripAndGarbageIsIgnored() {
    byte[] message = keyspace.message("replica-1", CacheRegion.RESOURCE_POOLS, 7);

    assertThat(keyspace.parse(message))
        .contains(new RedisKeyspace.Invalidation("replica-1", CacheRegion.RESOURCE_POOLS, 7));
    assertThat(keyspace.parse("hello".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(keyspace.parse("a NODES 1".getBytes(StandardCharsets.UTF_8))).isEmpty();
  }
}
