package io.netweave.o2ims.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netweave.o2ims.cache.CachedResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseCodecTest {

  @Test
  void statusHeadersBodyAndExpiryRoundTrip() {
    CachedResponse response =
        new CachedResponse(
            200,
            Map.of("Link", "</x?nextpage_opaque_marker=é>; rel=\"next\"", "X-Total-Count", "3"),
            "[1,2,3]".getBytes(StandardCharsets.UTF_8));

    ResponseCodec.Decoded decoded =
        ResponseCodec.decode(ResponseCodec.encode(response, 1_700_000_000_123L));

    assertThat(decoded.expiresAtMillis()).isEqualTo(1_700_000_000_123L);
    assertThat(decoded.response().status()).isEqualTo(200);
    assertThat(decoded.response().headers()).isEqualTo(response.headers());
    assertThat(decoded.response().body()).isEqualTo(response.body());
  }

  @Test
  void emptyBodyAndNoHeadersRoundTrip() {
    CachedResponse response = new CachedResponse(204, Map.of(), new byte[0]);

    ResponseCodec.Decoded decoded = ResponseCodec.decode(ResponseCodec.encode(response, 0));

    assertThat(decoded.response().status()).isEqualTo(204);
    assertThat(decoded.response().headers()).isEmpty();
    assertThat(decoded.response().body()).isEmpty();
  }

  @Test
  void truncatedValueIsRejected() {
    byte[] encoded =
        ResponseCodec.encode(new CachedResponse(200, Map.of("a", "b"), new byte[100]), 1);

    assertThatThrownBy(() -> ResponseCodec.decode(Arrays.copyOf(encoded, encoded.length - 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("corrupt");
  }

  @Test
  void valueOfAnotherVersionIsRejected() {
    byte[] encoded = ResponseCodec.encode(new CachedResponse(200, Map.of(), new byte[1]), 1);
    encoded[0] = 9;

    assertThatThrownBy(() -> ResponseCodec.decode(encoded))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
  }
}
