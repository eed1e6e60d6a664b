package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.model.ProblemDetails;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProblemTextTest {
  private static final String M = ProblemText.MARKER;

  @Test
  void aTextWithinItsBoundIsKeptAsItIs() {
    String text = "/o2ims-infrastructureInventory/v1/resourcePools";
    assertThat(ProblemText.cut(text, 256)).isSameAs(text);
    ProblemDetails problem = ProblemDetails.of(404, "Not Found", "no resource at " + text, text);
    assertThat(ProblemText.bounded(problem)).isSameAs(problem);
  }

  @Test
  void aLongTextIsCutToItsBoundInBodyBytesAndMarked() {
    String cut = ProblemText.cut("a".repeat(1000), 16);
    assertThat(cut).isEqualTo("a".repeat(13) + M);
    assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSize(16);
    // control characters are written as six-byte escapes, and counted so
    assertThat(ProblemText.cut("\u0001".repeat(10), 16)).isEqualTo("\u0001\u0001" + M);
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    String emoji = "\uD83D\uDE00"; // four bytes in UTF-8
    String cut = ProblemText.cut("ab" + emoji.repeat(10), 10);
    assertThat(cut).isEqualTo("ab" + emoji + M);
  }

  @Test
  void aLoneSurrogateBecomesTheReplacementCharacter() {
    assertThat(ProblemText.cut("a\uD800b", 256)).isEqualTo("a\uFFFDb");
    assertThat(ProblemText.cut("\uDC00" + "z".repeat(300), 8)).isEqualTo("\uFFFDzz" + M);
  }

  @Test
  void aCutNeverSplitsAPercentEscapeNorTheEscapesOfOneCharacter() {
    // budget 10 - 3 = 7 characters: "ab%2F%3" would end inside an escape
    assertThat(ProblemText.cut("ab%2F%3A" + "x".repeat(50), 10)).isEqualTo("ab%2F" + M);
    // "%E2%80%A6" is one character: "a%E2%80" (7) would leave half of it
    assertThat(ProblemText.cut("a%E2%80%A6" + "x".repeat(50), 10)).isEqualTo("a" + M);
    // two complete characters of two bytes each fit whole
    assertThat(ProblemText.cut("%C3%A9%C3%A9%C3%A9" + "x".repeat(50), 15))
        .isEqualTo("%C3%A9%C3%A9" + M);
  }

  @Test
  void everyTextOfAProblemIsBounded() {
    ProblemDetails problem =
        ProblemDetails.of(400, "Bad Request", "d".repeat(5000), "/" + "p".repeat(5000))
            .withAttribute("input", "i".repeat(5000));
    ProblemDetails bounded = ProblemText.bounded(problem);
    assertThat(ProblemText.cost(bounded.instance().orElseThrow()))
        .isEqualTo(ProblemText.MAX_INSTANCE_BYTES);
    assertThat(ProblemText.cost(bounded.detail())).isEqualTo(ProblemText.MAX_DETAIL_BYTES);
    assertThat(ProblemText.cost(bounded.additionalAttributes().get("input")))
        .isEqualTo(ProblemText.MAX_ATTRIBUTE_BYTES);
    assertThat(bounded.title()).isEqualTo("Bad Request");
    assertThat(bounded.status()).isEqualTo(400);
  }
}
