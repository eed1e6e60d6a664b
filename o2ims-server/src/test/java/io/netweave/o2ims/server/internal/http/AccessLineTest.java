package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The access log's text line, character for character, as text and as the bytes the jar's encoder
 * writes directly (the line through the real server and jar: {@code RequestHardeningIT}, {@code
 * AccessLogJarIT}).
 */
class AccessLineTest {
  @Test
  void theTextLineIsIdMethodPathStatusBytesAndWholeMilliseconds() {
    AccessLine line =
        new AccessLine(
            "5b2c6d1f-67c8-4324-bb0a-1a8d21e03927",
            "GET",
            "/o2ims-infrastructureInventory/v1/resourcePools",
            "",
            200,
            303,
            0);
    assertThat(line)
        .hasToString(
            "5b2c6d1f-67c8-4324-bb0a-1a8d21e03927 GET"
                + " /o2ims-infrastructureInventory/v1/resourcePools 200 303B 0ms");
    assertWrittenAsItsText(line);
  }

  @Test
  void aQueryFollowsThePathAfterAQuestionMark() {
    AccessLine line =
        new AccessLine(
            "id-1",
            "POST",
            "/a/b",
            "filter=(eq,x,1)&access_token=REDACTED",
            415,
            5_080_001L,
            12_345L);
    assertThat(line)
        .hasToString("id-1 POST /a/b?filter=(eq,x,1)&access_token=REDACTED 415 5080001B 12345ms");
    assertWrittenAsItsText(line);
  }

  @Test
  void controlCharactersQuotesAndBackslashesAreReplacedAndLongValuesCut() {
    AccessLine line =
        new AccessLine("id", "GE\tT", "/a\nforged \"line\"\\\u007f", "x=\r\n1", 400, 0, 1);
    assertThat(line).hasToString("id GE_T /a_forged%20_line___?x=__1 400 0B 1ms");
    assertWrittenAsItsText(line);
    String longPath = "/" + "p".repeat(5000);
    String longMethod = "M".repeat(40);
    AccessLine cut = new AccessLine("id", longMethod, longPath, "q".repeat(3000), 200, 1, 2);
    assertThat(cut)
        .hasToString(
            "id "
                + "M".repeat(32)
                + " "
                + longPath.substring(0, 2048)
                + "?"
                + "q".repeat(2048)
                + " 200 1B 2ms");
    assertWrittenAsItsText(cut);
  }

  /**
   * The path is logged decoded, so {@code /x%20200%20913B%200ms} made a line that read, split at
   * spaces, as a request for {@code /x} answered 200 with 913 bytes.
   */
  @Test
  void aDecodedPathStaysOneFieldOfTheLine() {
    AccessLine line = new AccessLine("id-2", "GET", "/x 200 913B 0ms?filter=a%b", "", 404, 155, 1);
    assertThat(line).hasToString("id-2 GET /x%20200%20913B%200ms%3Ffilter=a%25b 404 155B 1ms");
    assertThat(line.toString().split(" ")).hasSize(6);
    assertWrittenAsItsText(line);
    assertThat(AccessLine.oneField("/o2ims-infrastructureInventory/v2/locations/eu-west"))
        .isEqualTo("/o2ims-infrastructureInventory/v2/locations/eu-west");
    // Escaped after the cut at 2,048 characters, control characters cleaned as before; past
    // ASCII, the text.
    AccessLine cut =
        new AccessLine("id", "GET", "/a\n b%" + "p".repeat(2100) + " ", "q=1", 200, 1, 0);
    assertThat(cut.toString()).startsWith("id GET /a_%20b%25pp").endsWith("pp?q=1 200 1B 0ms");
    assertWrittenAsItsText(cut);
    AccessLine wide = new AccessLine("id", "GET", "/caf\u00e9 ?", "", 200, 1, 0);
    assertThat(wide.writeAscii(new byte[3 * wide.length()], 0)).isEqualTo(-1);
    assertThat(wide.toString()).hasSize(wide.length()).endsWith("/caf\u00e9%20%3F 200 1B 0ms");
  }

  @Test
  void numbersOfEveryLengthAreWrittenAsTheirDecimalText() {
    for (long n :
        List.of(
            0L,
            9L,
            10L,
            99L,
            100L,
            999_999_999L,
            1_000_000_000L,
            999_999_999_999_999_999L,
            1_000_000_000_000_000_000L,
            Long.MAX_VALUE,
            -1L,
            -10L,
            Long.MIN_VALUE)) {
      assertThat(AccessLine.digits(n)).as("%d", n).isEqualTo(Long.toString(n).length());
      assertWrittenAsItsText(new AccessLine("id", "GET", "/", "", (int) (n % 1000), n, n));
    }
  }

  @Test
  void aValuePastAsciiIsLeftToTheText() {
    // Within the logged part, past ASCII: the encoder then encodes toString() in its charset.
    for (AccessLine line :
        List.of(
            new AccessLine("id", "GET", "/caf\u00e9", "", 200, 1, 0),
            new AccessLine("id", "GET", "/a", "n=\u2028", 200, 1, 0),
            new AccessLine("id", "G\u0141T", "/a", "", 200, 1, 0),
            new AccessLine("\u00ecd", "GET", "/a", "", 200, 1, 0))) {
      assertThat(line.writeAscii(new byte[line.length()], 0)).as(line.toString()).isEqualTo(-1);
      assertThat(line.toString()).hasSize(line.length());
    }
    // Past the part that is logged, a character past ASCII does not matter.
    AccessLine cut = new AccessLine("id", "GET", "/" + "p".repeat(2047) + "\u00e9", "", 200, 1, 0);
    assertWrittenAsItsText(cut);
  }

  /** writeAscii writes toString()'s bytes, exactly length() of them, and nothing around them. */
  private static void assertWrittenAsItsText(AccessLine line) {
    byte[] expected = line.toString().getBytes(StandardCharsets.US_ASCII);
    assertThat(line.length()).isEqualTo(expected.length);
    byte[] buffer = new byte[expected.length + 10];
    Arrays.fill(buffer, (byte) '#');
    int end = line.writeAscii(buffer, 3);
    assertThat(end).isEqualTo(3 + expected.length);
    assertThat(Arrays.copyOfRange(buffer, 3, end)).isEqualTo(expected);
    assertThat(buffer[2]).isEqualTo((byte) '#');
    assertThat(buffer[end]).isEqualTo((byte) '#');
  }
}
