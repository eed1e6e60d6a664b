package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;

class AcceptEncodingTest {
  private static boolean accepts(String... lines) {
    HeaderMap headers = new HeaderMap();
    for (String line : lines) {
      headers.add(Headers.ACCEPT_ENCODING, line);
    }
    return AcceptEncoding.acceptsGzip(headers.get(Headers.ACCEPT_ENCODING));
  }

  @Test
  void gzipListedWithAPositiveQualityIsAccepted() {
    assertThat(accepts("gzip")).isTrue();
    assertThat(accepts("Gzip")).isTrue();
    assertThat(accepts("x-gzip")).isTrue();
    assertThat(accepts("deflate, gzip;q=0.001, br")).isTrue();
    assertThat(accepts("gzip ; q=1.0")).isTrue();
    assertThat(accepts("gzip;Q=0.5")).isTrue();
    assertThat(accepts("gzip, deflate, br, zstd")).isTrue();
  }

  @Test
  void aStarStandsForGzipWhenGzipIsNotListed() {
    assertThat(accepts("*")).isTrue();
    assertThat(accepts("br, *;q=0.1")).isTrue();
    assertThat(accepts("*;q=0")).isFalse();
    assertThat(accepts("gzip;q=0, *")).isFalse();
    assertThat(accepts("*, gzip;q=0")).isFalse();
  }

  @Test
  void aZeroQualityRefusesGzip() {
    assertThat(accepts("gzip;q=0")).isFalse();
    assertThat(accepts("gzip;q=0.0")).isFalse();
    assertThat(accepts("gzip;q=0.000")).isFalse();
  }

  @Test
  void noHeaderAnEmptyOneOrOnlyUnknownCodingsMeanIdentity() {
    assertThat(AcceptEncoding.acceptsGzip(null)).isFalse();
    assertThat(accepts("")).isFalse();
    assertThat(accepts("br, deflate")).isFalse();
    assertThat(accepts("identity")).isFalse();
    assertThat(accepts("gzipx, xgzip")).isFalse();
  }

  @Test
  void anIdentityListedWithAHigherQualityWins() {
    assertThat(accepts("gzip;q=0.5, identity")).isFalse();
    assertThat(accepts("gzip;q=0.5, identity;q=0.4")).isTrue();
    assertThat(accepts("gzip, identity")).isTrue();
  }

  @Test
  void malformedMembersAreIgnored() {
    assertThat(accepts("gzip;q=2")).isFalse();
    assertThat(accepts("gzip;q=abc")).isFalse();
    assertThat(accepts("gzip;q=0.5555")).isFalse();
    assertThat(accepts("gzip;q=abc, *")).isTrue();
    assertThat(accepts(",,gzip,,")).isTrue();
  }

  @Test
  void everyFieldLineCounts() {
    assertThat(accepts("br", "gzip")).isTrue();
    assertThat(accepts("gzip", "gzip;q=0")).isTrue();
  }
}
