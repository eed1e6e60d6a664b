package io.netweave.o2ims.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An SMO embedding the SDK must never pull the server-side stacks (STYLE.md rule 3). */
class ClasspathBoundaryTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "io.undertow.Undertow",
        "io.lettuce.core.RedisClient",
        "io.kubernetes.client.openapi.ApiClient",
        "com.codahale.metrics.MetricRegistry",
        "com.github.benmanes.caffeine.cache.Caffeine"
      })
  void serverSideLibrariesAreNotOnTheClientClasspath(String className) {
    assertThatThrownBy(() -> Class.forName(className)).isInstanceOf(ClassNotFoundException.class);
  }
}
