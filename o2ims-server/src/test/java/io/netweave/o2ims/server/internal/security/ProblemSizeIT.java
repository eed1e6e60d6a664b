package io.netweave.o2ims.server.internal.security;

import static io.netweave.o2ims.server.internal.security.ProductionGateways.INV;
import static io.netweave.o2ims.server.internal.security.ProductionGateways.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.ProblemDetails;
import io.netweave.o2ims.server.internal.Gateway;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Error responses of the production gateway (real TLS, a reader token) stay small whatever the
 * request: a long path, a long query, a long filter expression, a long fields list, or a long path
 * without a token. Each text the problem carries is cut at its bound ({@link ProblemText}) and ends
 * with the marker; before the bound a 300 KB path came back twice in a 600 KB 404.
 */
class ProblemSizeIT {
  /** Well above what the bounds allow (256 + 1024 + a few attributes of 256 bytes, plus names). */
  private static final int MAX_BODY_BYTES = 4096;

  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  private static ProductionGateways gateways;
  private static Gateway gateway;
  private static HttpClient http;
  private static String reader;

  @BeforeAll
  static void start() {
    gateways = new ProductionGateways(dir);
    gateway = gateways.start(Map.of());
    http = gateways.client();
    reader = gateways.token("reader-1", "role:o2ims-reader");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static String base() {
    return "https://localhost:" + gateway.port();
  }

  private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(ProblemDetails.MEDIA_TYPE);
    assertThat(response.body().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(MAX_BODY_BYTES);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asInt()).isEqualTo(status);
    assertThat(ProblemText.cost(body.path("instance").asText()))
        .isLessThanOrEqualTo(ProblemText.MAX_INSTANCE_BYTES);
    assertThat(ProblemText.cost(body.path("detail").asText()))
        .isLessThanOrEqualTo(ProblemText.MAX_DETAIL_BYTES);
    for (Iterator<JsonNode> it = body.path("additionalAttributes").elements(); it.hasNext(); ) {
      assertThat(ProblemText.cost(it.next().asText()))
          .isLessThanOrEqualTo(ProblemText.MAX_ATTRIBUTE_BYTES);
    }
    return body;
  }

  @Test
  void aLongPathGivesASmall404WithTheCutPathMarked() throws Exception {
    String path = INV + "/" + "a".repeat(300_000);
    JsonNode body = problem(send(http, "GET", base() + path, reader, null), 404);
    assertThat(body.path("instance").asText())
        .startsWith(INV + "/aaaa")
        .endsWith(ProblemText.URI_MARKER);
    assertThat(body.path("detail").asText())
        .startsWith("no resource at ")
        .endsWith(ProblemText.MARKER);
  }

  @Test
  void aLongPathWithoutATokenGivesASmall401() throws Exception {
    String path = INV + "/resourcePools/" + "b".repeat(300_000);
    JsonNode body = problem(send(http, "GET", base() + path, null, null), 401);
    assertThat(body.path("instance").asText()).endsWith(ProblemText.URI_MARKER);
  }

  @Test
  void aLongPathOfEscapedCharactersIsCutBetweenCharacters() throws Exception {
    // U+00E9 is %C3%A9 on the wire; instance keeps the path as sent (a URI reference) and is cut
    // between characters, never inside an escape or between the two escapes of one character.
    String path = INV + "/" + "%C3%A9".repeat(20_000);
    JsonNode body = problem(send(http, "GET", base() + path, reader, null), 404);
    String instance = body.path("instance").asText();
    assertThat(instance).startsWith(INV + "/%C3%A9").endsWith(ProblemText.URI_MARKER);
    assertThat(
            instance.substring(
                INV.length() + 1, instance.length() - ProblemText.URI_MARKER.length()))
        .matches("(%C3%A9)+");
    assertThat(java.net.URI.create(instance).getRawPath()).isEqualTo(instance);
  }

  @Test
  void aLongFilterExpressionGivesASmall400() throws Exception {
    String attribute = "x".repeat(15_000);
    String url = base() + INV + "/resourcePools?filter=(eq," + attribute + ",1)";
    JsonNode body = problem(send(http, "GET", url, reader, null), 400);
    assertThat(body.path("additionalAttributes").path("parameter").asText()).isEqualTo("filter");
    assertThat(body.path("additionalAttributes").path("input").asText())
        .startsWith("(eq,xxx")
        .endsWith(ProblemText.MARKER);
  }

  @Test
  void aLongFieldsListGivesASmall400() throws Exception {
    String fields = String.join(",", java.util.Collections.nCopies(1_200, "nosuchfield"));
    JsonNode body =
        problem(
            send(http, "GET", base() + INV + "/resourcePools?fields=" + fields, reader, null), 400);
    assertThat(body.path("additionalAttributes").path("parameter").asText()).isEqualTo("fields");
  }

  @Test
  void aLongQueryOfEscapedCharactersIsCutBetweenCharacters() throws Exception {
    String query = "filter=(eq,name," + "%E2%82%AC".repeat(1_500) + ";(eq";
    HttpResponse<String> response =
        send(http, "GET", base() + INV + "/resourcePools?" + query, reader, null);
    JsonNode body = problem(response, 400);
    String input = body.path("additionalAttributes").path("input").asText();
    // the error is at the end (an unclosed term): the input shown is its end, whole characters
    assertThat(input).startsWith(ProblemText.MARKER + "\u20ac").endsWith(";(eq");
    assertThat(input.substring(1)).matches("\u20ac+;\\(eq");
  }

  /**
   * An error past the cut of a long filter: {@code input} is a window around it, {@code position}
   * is its offset in the filter as sent and {@code inputPosition} its offset in the shown input.
   */
  @Test
  void aLongFilterWithItsErrorPastTheCutShowsTheTextAroundTheError() throws Exception {
    String filter = "(eq,name," + "p".repeat(1_000) + ");(zz,name,1)";
    JsonNode body =
        problem(
            send(http, "GET", base() + INV + "/resourcePools?filter=" + filter, reader, null), 400);
    JsonNode a = body.path("additionalAttributes");
    int position = filter.indexOf("zz");
    assertThat(a.path("parameter").asText()).isEqualTo("filter");
    assertThat(a.path("position").asText()).isEqualTo(Integer.toString(position));
    assertThat(body.path("detail").asText()).contains("(at position " + position + ")");
    String input = a.path("input").asText();
    assertThat(input).startsWith(ProblemText.MARKER + "ppp").endsWith(");(zz,name,1)");
    assertThat(input.substring(a.path("inputPosition").asInt())).isEqualTo("zz,name,1)");
  }

  @Test
  void aLongFieldsListWithItsErrorPastTheCutShowsTheTextAroundTheError() throws Exception {
    String fields = "description,".repeat(100) + ",extensions" + ",description".repeat(100);
    JsonNode body =
        problem(
            send(http, "GET", base() + INV + "/resourcePools?fields=" + fields, reader, null), 400);
    JsonNode a = body.path("additionalAttributes");
    int position = "description,".repeat(100).length();
    assertThat(a.path("parameter").asText()).isEqualTo("fields");
    assertThat(a.path("position").asText()).isEqualTo(Integer.toString(position));
    String input = a.path("input").asText();
    assertThat(input)
        .startsWith(ProblemText.MARKER)
        .endsWith(ProblemText.MARKER)
        .contains("description,,extensions");
    assertThat(input.substring(a.path("inputPosition").asInt())).startsWith(",extensions,");
  }
}
