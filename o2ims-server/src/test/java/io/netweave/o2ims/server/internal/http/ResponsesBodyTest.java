package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResponsesBodyTest {
  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  @Test
  void aSmallBodyIsSentFromItsArray() {
    byte[] body = "[1,2,3]".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ByteBuffer sent = Responses.body(body);
    assertThat(sent.isDirect()).isFalse();
    assertThat(sent.array()).isSameAs(body);
  }

  @Test
  void aLargeBodyIsSentFromOneDirectCopyWithItsBytes() {
    byte[] body = new byte[Responses.DIRECT_FROM + 17];
    Arrays.fill(body, (byte) 'x');
    body[body.length - 1] = ']';
    ByteBuffer first = Responses.body(body);
    first.position(first.limit()); // a send consumes its buffer
    ByteBuffer second = Responses.body(body);
    assertThat(second.isDirect()).isTrue();
    assertThat(second.isReadOnly()).isTrue();
    assertThat(second.position()).isZero();
    assertThat(bytes(second)).isEqualTo(body);
  }
}
