package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkedBodyCheckTest {
  private static final long LIMIT = 1024 * 1024;
  private static final long UNDERTOW_LIMIT = 2 * 1024 * 1024; // Undertow's default

  /**
   * Feeds {@code framed} in reads of {@code step} bytes; the bytes passed until the first refusal.
   */
  private static int passed(ChunkedBodyCheck check, String framed, int step) {
    ByteBuffer bytes = ByteBuffer.wrap(framed.getBytes(StandardCharsets.ISO_8859_1));
    int total = 0;
    for (int from = 0; from < bytes.limit(); from += step) {
      int to = Math.min(bytes.limit(), from + step);
      int upTo = check.pass(bytes, from, to);
      total += upTo - from;
      if (upTo < to) {
        break;
      }
    }
    return total;
  }

  private static String chunk(String data) {
    return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
  }

  @Test
  void wellFormedBodiesPassWholeInAnySlicing() {
    String[] bodies = {
      chunk("{\"callback\":\"https://x\"}") + "0\r\n\r\n",
      // data that looks like framing, an extension, upper-case and zero-padded sizes
      chunk("FFFFFFFFFFFFFFFFFF\r\n0\r\n\r\n")
          + "0000000000000000000000a;ext=1\r\n0123456789\r\n0\r\n\r\n",
      // trailers, bare LF line ends, and the next request's bytes after the body
      chunk("{}") + "0\r\nX-Sum: 1\r\nX-Other:2\n\r\nGET / HTTP/1.1\r\n\r\n",
      chunk("{}") + "0\n\n",
    };
    for (String body : bodies) {
      for (int step : new int[] {1, 2, 3, 7, body.length()}) {
        ChunkedBodyCheck check = new ChunkedBodyCheck(LIMIT, UNDERTOW_LIMIT);
        assertThat(passed(check, body, step))
            .as("%s in reads of %d", body, step)
            .isEqualTo(body.length());
        assertThat(check.refused()).isFalse();
      }
    }
  }

  @Test
  void aChunkSizeWithMoreDigitsThanDecodedIsRefusedAtTheFirstByteUndertowWouldFailOn() {
    String body = chunk("{}") + "FFFFFFFFFFFFFFFFFF\r\n";
    for (int step : new int[] {1, 5, body.length()}) {
      ChunkedBodyCheck check = new ChunkedBodyCheck(LIMIT, UNDERTOW_LIMIT);
      // fourteen digits pass (up to 2^56 - 1), the fifteenth is the first refused
      assertThat(passed(check, body, step)).isEqualTo(chunk("{}").length() + 14);
      assertThat(check.refused()).isTrue();
      assertThat(check.status()).isEqualTo(400);
      assertThat(check.detail()).contains("more hex digits");
    }
  }

  @Test
  void aTrailerLineWithoutAColonIsRefused() {
    String body = chunk("{}") + "0\r\nno-colon\r\n\r\n";
    ChunkedBodyCheck check = new ChunkedBodyCheck(LIMIT, UNDERTOW_LIMIT);
    assertThat(passed(check, body, 4)).isEqualTo(body.indexOf("no-colon") + "no-colon".length());
    assertThat(check.status()).isEqualTo(400);
    assertThat(check.detail()).contains("trailer");
  }

  @Test
  void aChunkDeclaringMoreThanTheBodyLimitIsRefusedWhereItsSizeLineEnds() {
    // the limit is reached by the sum of the sizes, the second chunk's line ending at its ';'
    String body = chunk("x".repeat(1000)) + Long.toHexString(LIMIT - 999) + ";a=b\r\n";
    ChunkedBodyCheck check = new ChunkedBodyCheck(LIMIT, UNDERTOW_LIMIT);
    assertThat(passed(check, body, 64)).isEqualTo(body.indexOf(';'));
    assertThat(check.status()).isEqualTo(413);

    // exactly the limit passes
    String whole = Long.toHexString(LIMIT) + "\r\n";
    assertThat(passed(new ChunkedBodyCheck(LIMIT, UNDERTOW_LIMIT), whole, 3))
        .isEqualTo(whole.length());
  }

  @Test
  void framingBytesCountAgainstUndertowsOwnLimitAsItsDecoderCountsThem() {
    // Undertow's decoder counts every framing byte and each declared size: with a limit of 20,
    // the two chunks of 5 use it all (5 framing bytes and 5 declared each), and the last chunk's
    // first byte is refused
    String body = chunk("aaaaa") + chunk("bbbbb") + "0\r\n\r\n";
    ChunkedBodyCheck check = new ChunkedBodyCheck(LIMIT, 20);
    assertThat(passed(check, body, 1)).isEqualTo(chunk("aaaaa").length() + chunk("bbbbb").length());
    assertThat(check.status()).isEqualTo(413);

    ChunkedBodyCheck unlimited = new ChunkedBodyCheck(LIMIT, -1);
    assertThat(passed(unlimited, body, 1)).isEqualTo(body.length());
  }

  @Test
  void afterARefusalNothingPasses() {
    ChunkedBodyCheck check = new ChunkedBodyCheck(LIMIT, UNDERTOW_LIMIT);
    passed(check, "FFFFFFFFFFFFFFFF", 16);
    assertThat(check.refused()).isTrue();
    ByteBuffer more = ByteBuffer.wrap("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(check.pass(more, 0, 2)).isZero();
  }
}
