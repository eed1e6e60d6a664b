package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The access log's text line, character for character (the line through the real server and jar:
 * {@code RequestHardeningIT}, {@code AccessLogJarIT}).
 */
class AccessLogHandlerTest {
  @Test
  void theTextLineIsIdMethodPathStatusBytesAndWholeMilliseconds() {
    assertThat(
            AccessLogHandler.textLine(
                "5b2c6d1f-67c8-4324-bb0a-1a8d21e03927",
                "GET",
                "/o2ims-infrastructureInventory/v1/resourcePools",
                "",
                200,
                303,
                999_999))
        .isEqualTo(
            "5b2c6d1f-67c8-4324-bb0a-1a8d21e03927 GET"
                + " /o2ims-infrastructureInventory/v1/resourcePools 200 303B 0ms");
  }

  @Test
  void aQueryFollowsThePathAfterAQuestionMark() {
    assertThat(
            AccessLogHandler.textLine(
                "id-1",
                "POST",
                "/a/b",
                "filter=(eq,x,1)&access_token=REDACTED",
                415,
                5_080_001L,
                12_345_678_901L))
        .isEqualTo("id-1 POST /a/b?filter=(eq,x,1)&access_token=REDACTED 415 5080001B 12345ms");
  }

  /**
   * The path is logged decoded, so {@code /x%20200%20913B%200ms} made a line that read, split at
   * spaces, as a request for {@code /x} answered 200 with 913 bytes.
   */
  @Test
  void aDecodedPathStaysOneFieldOfTheLine() {
    String line =
        AccessLogHandler.textLine(
            "id-2",
            "GET",
            AccessLogHandler.oneField("/x 200 913B 0ms?filter=a%b"),
            "",
            404,
            155,
            1_000_000);
    assertThat(line).isEqualTo("id-2 GET /x%20200%20913B%200ms%3Ffilter=a%25b 404 155B 1ms");
    assertThat(line.split(" ")).hasSize(6);
    assertThat(AccessLogHandler.oneField("/o2ims-infrastructureInventory/v2/locations/eu-west"))
        .isEqualTo("/o2ims-infrastructureInventory/v2/locations/eu-west");
  }
}
