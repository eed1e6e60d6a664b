package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.model.ProblemDetails;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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

  @Test
  void aCutInstanceStaysAUriReference() {
    String path = "/o2ims-infrastructureInventory/" + "%C3%A9".repeat(100);
    String cut =
        ProblemText.bounded(ProblemDetails.of(404, "Not Found", "d", path))
            .instance()
            .orElseThrow();
    assertThat(cut).endsWith(ProblemText.URI_MARKER).doesNotContain(M);
    assertThat(ProblemText.cost(cut)).isLessThanOrEqualTo(ProblemText.MAX_INSTANCE_BYTES);
    assertThat(cut.substring(31, cut.length() - ProblemText.URI_MARKER.length()))
        .matches("(%C3%A9)+");
    assertThat(java.net.URI.create(cut).getRawPath()).isEqualTo(cut);
    String fits = "/" + "p".repeat(ProblemText.MAX_INSTANCE_BYTES - 1);
    assertThat(ProblemText.cutUri(fits)).isSameAs(fits);
  }

  @Test
  void theInstanceOfARequestIsItsPathAsSentWithWhatNoUriHoldsEscaped() {
    String sent = "/v2/locations/eu%20west/%C3%A9";
    assertThat(ProblemResponses.uriPath(sent)).isSameAs(sent);
    // a space, a lone '%', braces, a byte above 0x7F (one char of the request line) and a char
    // above 0xFF (its UTF-8 bytes) are encoded; RFC 3986 path characters are kept
    assertThat(ProblemResponses.uriPath("/a b/100%/{id}/\u00e9/\u20ac/;k=v,(x)@y:z~'*!$&+"))
        .isEqualTo("/a%20b/100%25/%7Bid%7D/%E9/%E2%82%AC/;k=v,(x)@y:z~'*!$&+");
  }

  @Test
  void aLongInputIsCutAroundItsPositionWithTheOffsetInTheShownText() {
    String input = "(eq,name," + "a".repeat(1000) + ");(zz,name,1)";
    int position = input.indexOf("zz");
    ProblemDetails bounded =
        ProblemText.bounded(
            ProblemDetails.of(400, "Bad Request", "unknown operator", "/p")
                .withAttribute("parameter", "filter")
                .withAttribute("input", input)
                .withAttribute("position", Integer.toString(position)));
    Map<String, String> a = bounded.additionalAttributes();
    String shown = a.get("input");
    int shownPosition = Integer.parseInt(a.get(ProblemText.INPUT_POSITION));
    assertThat(ProblemText.cost(shown)).isLessThanOrEqualTo(ProblemText.MAX_ATTRIBUTE_BYTES);
    assertThat(shown).startsWith(M).endsWith("(zz,name,1)");
    assertThat(shown.substring(shownPosition)).isEqualTo("zz,name,1)");
    // the position keeps its meaning: the offset in the parameter as sent
    assertThat(a.get("position")).isEqualTo(Integer.toString(position));
    assertThat(a.get("parameter")).isEqualTo("filter");
    // context before the error is shown too
    assertThat(shown.substring(0, shownPosition)).endsWith("aaa);(").hasSizeGreaterThan(50);
  }

  @Test
  void aPositionInTheMiddleOfALongInputHasTheMarkerOnBothSides() {
    String input = "b".repeat(2000) + "X" + "c".repeat(2000);
    ProblemText.Window w = ProblemText.window(input, 2000, 256);
    assertThat(w.text()).startsWith(M + "b").endsWith("c" + M);
    assertThat(w.text().charAt(w.position())).isEqualTo('X');
    assertThat(ProblemText.cost(w.text())).isLessThanOrEqualTo(256);
    // a third of the room before the position, the rest after it
    assertThat(w.position()).isBetween(70, 90);
  }

  @Test
  void aPositionNearTheStartIsShownAsTheUsualPrefix() {
    String input = "(zz" + "d".repeat(5000);
    ProblemDetails bounded =
        ProblemText.bounded(
            ProblemDetails.of(400, "Bad Request", "x", "/p")
                .withAttribute("input", input)
                .withAttribute("position", "1"));
    String shown = bounded.additionalAttributes().get("input");
    assertThat(shown).startsWith("(zz").endsWith(M);
    assertThat(bounded.additionalAttributes()).containsEntry(ProblemText.INPUT_POSITION, "1");
  }

  @Test
  void aPositionAtTheEndOfALongInputShowsItsEnd() {
    String input = "(eq,name," + "e".repeat(3000);
    ProblemText.Window w = ProblemText.window(input, input.length(), 256);
    assertThat(w.text()).startsWith(M).endsWith("eee");
    assertThat(w.position()).isEqualTo(w.text().length());
  }

  @Test
  void aWindowNeverSplitsAnEscapeOrASurrogatePairAtItsStart() {
    String emoji = "\uD83D\uDE00";
    ProblemText.Window pairs = ProblemText.window(emoji.repeat(500) + "!", 1000, 64);
    assertThat(pairs.text()).startsWith(M + emoji).endsWith("!");
    assertThat(pairs.text().substring(pairs.position())).isEqualTo("!");
    // "%E2%82%AC" is one character: the window starts at a whole one
    String escaped = "%E2%82%AC".repeat(200) + "!";
    ProblemText.Window escapes = ProblemText.window(escaped, escaped.length() - 1, 64);
    assertThat(escapes.text()).startsWith(M + "%E2%82%AC").endsWith("!");
    assertThat(escapes.text().substring(escapes.position())).isEqualTo("!");
  }

  @Test
  void anInputWithinItsBoundOrWithoutAUsablePositionIsNotWindowed() {
    ProblemDetails small =
        ProblemDetails.of(400, "Bad Request", "x", "/p")
            .withAttribute("input", "(zz,a,1)")
            .withAttribute("position", "1");
    assertThat(ProblemText.bounded(small)).isSameAs(small);
    // within its bound but with a lone surrogate: only the surrogate changes
    String lone = "\uD800" + "g".repeat(252);
    ProblemDetails replaced =
        ProblemText.bounded(
            ProblemDetails.of(400, "Bad Request", "x", "/p")
                .withAttribute("input", lone)
                .withAttribute("position", "200"));
    assertThat(replaced.additionalAttributes().get("input")).isEqualTo("\uFFFD" + "g".repeat(252));
    assertThat(replaced.additionalAttributes()).doesNotContainKey(ProblemText.INPUT_POSITION);
    ProblemDetails past =
        ProblemText.bounded(
            ProblemDetails.of(400, "Bad Request", "x", "/p")
                .withAttribute("input", "f".repeat(1000))
                .withAttribute("position", "1001"));
    assertThat(past.additionalAttributes().get("input")).isEqualTo("f".repeat(253) + M);
    assertThat(past.additionalAttributes()).doesNotContainKey(ProblemText.INPUT_POSITION);
  }
}
