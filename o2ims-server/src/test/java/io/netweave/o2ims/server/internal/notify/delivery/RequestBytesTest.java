package io.netweave.o2ims.server.internal.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestBytesTest {
  @Test
  void theSameBodyIsEncodedOnceAndAnEqualCopyGetsItsOwnCorrectBytes() {
    RequestBytes cache = new RequestBytes(8);
    String body = "{\"notificationId\":\"n-1\",\"name\":\"nœud-ü-€\"}";
    byte[] first = cache.of(body);

    assertThat(first).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
    assertThat(cache.of(body)).isSameAs(first);

    String copy = new String(body.toCharArray());
    assertThat(cache.of(copy)).isEqualTo(first);
  }

  @Test
  void bodiesThatShareASlotEachGetTheirOwnBytes() {
    RequestBytes cache = new RequestBytes(1);
    String a = "{\"a\":1}";
    String b = "{\"b\":2}";

    assertThat(cache.of(a)).isEqualTo(a.getBytes(StandardCharsets.UTF_8));
    assertThat(cache.of(b)).isEqualTo(b.getBytes(StandardCharsets.UTF_8));
    assertThat(cache.of(a)).isEqualTo(a.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aSizeThatIsNotAPowerOfTwoIsRefused() {
    assertThatThrownBy(() -> new RequestBytes(100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("power of two");
  }
}
