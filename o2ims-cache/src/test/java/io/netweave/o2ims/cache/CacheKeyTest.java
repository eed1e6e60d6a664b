package io.netweave.o2ims.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The written-out equals and hashCode of {@link CacheKey}: equal exactly when every part is. */
class CacheKeyTest {
  @Test
  void keysAreEqualExactlyWhenEveryPartIsAndEqualKeysHashAlike() {
    List<CacheKey> keys = new ArrayList<>();
    for (CacheRegion region : CacheRegion.values()) {
      for (String view : List.of("v1", "v2")) {
        for (String path : List.of("/a", "/b", "")) {
          for (String query : List.of("", "filter=(eq,name,x)")) {
            keys.add(new CacheKey(region, view, path, query));
          }
        }
      }
    }
    for (CacheKey a : keys) {
      for (CacheKey b : keys) {
        boolean same =
            a.region() == b.region()
                && a.view().equals(b.view())
                && a.path().equals(b.path())
                && a.canonicalQuery().equals(b.canonicalQuery());
        assertThat(a.equals(b)).isEqualTo(same);
        CacheKey copy =
            new CacheKey(b.region(), b.view(), new String(b.path()), b.canonicalQuery());
        assertThat(b.equals(copy)).isTrue();
        assertThat(copy.hashCode()).isEqualTo(b.hashCode());
      }
      assertThat(a.equals(null)).isFalse();
      assertThat(a.equals(a.path())).isFalse();
    }
  }
}
