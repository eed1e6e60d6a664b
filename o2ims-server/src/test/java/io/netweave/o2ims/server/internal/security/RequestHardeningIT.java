package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests a client without credentials can send to the real gateway (demo profile, raw sockets on
 * loopback): forged log lines, credentials in query strings, made-up methods against the metrics,
 * parser refusals, web pages reaching a local gateway (issue 15, items 1, 4, 6, 10, 11, 12).
 */
class RequestHardeningIT {
  private static final String INV = "/o2ims-infrastructureInventory/v1";
  @TempDir Path dir;
  private Gateway gateway;
  @RegisterExtension final LogCapture access = LogCapture.access();

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private void start(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(Map.of("server.host", "127.0.0.1"));
    settings.putAll(extra);
    gateway = InProcessGateways.start(dir.resolve("data"), settings);
  }

  /** One raw HTTP/1.1 exchange (Connection: close); the whole response as text. */
  private String raw(String request) throws IOException {
    return RawHttp.exchange(gateway.port(), request.getBytes(StandardCharsets.ISO_8859_1));
  }

  private String host() {
    return "127.0.0.1:" + gateway.port();
  }

  @Test
  void anEncodedNewlineInThePathCannotForgeAnAccessLogLine() throws Exception {
    start(Map.of());
    raw(
        "GET /x%0d%0aevent=write%20subject=%22admin%22%20status=201%0a HTTP/1.1\r\nHost: "
            + host()
            + "\r\nConnection: close\r\n\r\n");
    org.awaitility.Awaitility.await().until(() -> !access.lines().isEmpty());
    assertThat(access.lines())
        .allSatisfy(
            line -> {
              assertThat(line).doesNotContain("\n").doesNotContain("\r").doesNotContain("\"");
            });
    assertThat(access.lines()).anySatisfy(line -> assertThat(line).contains("event=write"));
  }

  /**
   * The path is logged decoded: {@code %20} became a space, and a line split at spaces (the text
   * format's fields) read as a request for {@code /healthz} answered 200.
   */
  @Test
  void anEncodedSpaceInThePathCannotForgeTheAccessLinesFields() throws Exception {
    start(Map.of());
    raw(
        "GET /healthz%20200%2015B%200ms%3Fx HTTP/1.1\r\nHost: "
            + host()
            + "\r\nConnection: close\r\n\r\n");
    org.awaitility.Awaitility.await().until(() -> !access.lines().isEmpty());
    String[] fields = access.lines().get(0).split(" ");
    assertThat(fields).hasSize(6);
    assertThat(fields[2]).isEqualTo("/healthz%20200%2015B%200ms%3Fx");
    assertThat(fields[3]).isEqualTo("404");
  }

  @Test
  void jsonAccessLogIsOneObjectPerLineWithTheRequestValuesEscaped() throws Exception {
    start(Map.of("server.log_format", "json"));
    raw("GET /x%0a%22y HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n");
    org.awaitility.Awaitility.await().until(() -> !access.lines().isEmpty());
    String line = access.lines().get(0);
    assertThat(line).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.path("path").asText()).startsWith("/x");
    assertThat(json.path("status").asInt()).isEqualTo(404);
  }

  @Test
  void credentialsInTheQueryAreRedactedInTheAccessLog() throws Exception {
    start(Map.of());
    raw(
        "GET "
            + INV
            + "/resourcePools?access_token=s3cr3t-token&filter=(eq,name,a)&id_token=other-secret"
            + " HTTP/1.1\r\nHost: "
            + host()
            + "\r\nAuthorization: Bearer header-secret\r\nConnection: close\r\n\r\n");
    org.awaitility.Awaitility.await().until(() -> !access.lines().isEmpty());
    assertThat(String.join("\n", access.lines()))
        .doesNotContain("s3cr3t-token")
        .doesNotContain("other-secret")
        .doesNotContain("header-secret")
        .contains("access_token=REDACTED")
        .contains("filter=(eq,name,a)");
  }

  @Test
  void everyRequestHasExactlyOneAccessLineAndOneCount() throws Exception {
    start(Map.of());
    for (int i = 0; i < 3; i++) {
      assertThat(
              raw(
                  "GET /livez HTTP/1.1\r\nHost: "
                      + host()
                      + "\r\nX-Request-Id: once-"
                      + i
                      + "\r\nConnection: close\r\n\r\n"))
          .contains("HTTP/1.1 200")
          .contains("X-Request-Id: once-" + i);
    }
    org.awaitility.Awaitility.await()
        .until(() -> access.lines().stream().filter(l -> l.startsWith("once-")).count() >= 3);
    for (int i = 0; i < 3; i++) {
      String id = "once-" + i;
      assertThat(access.lines().stream().filter(l -> l.startsWith(id + " ")))
          .singleElement()
          .satisfies(line -> assertThat(line).matches(id + " GET /livez 200 \\d+B \\d+ms"));
    }
    String metrics =
        raw("GET /metrics HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n");
    assertThat(metrics)
        .contains(
            "netweave_http_requests_total{route=\"/livez\",method=\"GET\",status=\"200\"} 3\n");
  }

  @Test
  void madeUpMethodsDoNotGrowTheMetrics() throws Exception {
    start(Map.of());
    for (int i = 0; i < 50; i++) {
      raw(
          "XMETHOD"
              + i
              + " /nowhere"
              + i
              + " HTTP/1.1\r\nHost: "
              + host()
              + "\r\nConnection: close\r\n\r\n");
    }
    String metrics =
        raw("GET /metrics HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n");
    assertThat(metrics).contains("HTTP/1.1 200");
    assertThat(metrics).doesNotContain("XMETHOD").doesNotContain("nowhere");
    assertThat(metrics).contains("other");
  }

  @Test
  void livezIsServed() throws Exception {
    start(Map.of());
    assertThat(raw("GET /livez HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 200");
  }

  @Test
  void tooManyQueryParametersIsAProblemNotABare400() throws Exception {
    start(Map.of());
    StringBuilder query = new StringBuilder("a0=1");
    for (int i = 1; i < 1500; i++) {
      query.append("&a").append(i).append("=1");
    }
    String response =
        raw(
            "GET "
                + INV
                + "/resourcePools?"
                + query
                + " HTTP/1.1\r\nHost: "
                + host()
                + "\r\nConnection: close\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(response)
        .contains("application/problem+json")
        .contains("server.max_query_parameters");
  }

  @Test
  void parserRefusalsThatCannotBeProblemsAreTheDocumentedOnes() throws Exception {
    start(Map.of());
    // docs/security.md "Malformed HTTP": these are answered by Undertow's parser before any handler
    // runs, with an empty 400 (and the connection closed).
    String noHost = raw("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n");
    String twoHosts =
        raw("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n");
    String smuggling =
        raw(
            "POST "
                + INV
                + "/subscriptions HTTP/1.1\r\nHost: "
                + host()
                + "\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    String oversized =
        raw(
            "GET /healthz HTTP/1.1\r\nHost: "
                + host()
                + "\r\nX-Big: "
                + "a".repeat(1100 * 1024)
                + "\r\n\r\n");
    // Also empty 400s, found by the adversarial pass of 2026-12-07 and documented since: more than
    // 200 header fields (Undertow's MAX_HEADERS), a control character in a header value, and a
    // Content-Length that is not a decimal number.
    String manyHeaders =
        raw(
            "GET /healthz HTTP/1.1\r\nHost: "
                + host()
                + "\r\n"
                + "X-H: v\r\n".repeat(200)
                + "Connection: close\r\n\r\n");
    String controlInValue =
        raw(
            "GET /healthz HTTP/1.1\r\nHost: "
                + host()
                + "\r\nX-V: a\u0001b\r\nConnection: close\r\n\r\n");
    String badLength =
        raw(
            "GET /healthz HTTP/1.1\r\nHost: "
                + host()
                + "\r\nContent-Length: -1\r\nConnection: close\r\n\r\n");
    for (String response :
        List.of(noHost, twoHosts, smuggling, oversized, manyHeaders, controlInValue, badLength)) {
      assertThat(response).startsWith("HTTP/1.1 400");
    }
    String doc = java.nio.file.Files.readString(Path.of("..", "docs", "security.md"));
    assertThat(doc)
        .contains("no `Host`")
        .contains("two `Host`")
        .contains("`Content-Length` and `Transfer-Encoding`")
        .contains("server.max_header_bytes")
        .contains("more than 200 header fields")
        .contains("a control character other than a tab in a header value")
        .contains("a `Content-Length` that is not a decimal number");
  }

  @Test
  void anOversizedBodyHasOneTitleWhetherItsLengthIsDeclaredOrChunked() throws Exception {
    start(Map.of("server.max_body_bytes", "16"));
    String body = "{\"callback\":\"https://smo.example.com/notifications\"}";
    String declared =
        raw(
            "POST "
                + INV
                + "/subscriptions HTTP/1.1\r\nHost: "
                + host()
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length()
                + "\r\nConnection: close\r\n\r\n"
                + body);
    String chunked =
        raw(
            "POST "
                + INV
                + "/subscriptions HTTP/1.1\r\nHost: "
                + host()
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n"
                + Integer.toHexString(body.length())
                + "\r\n"
                + body
                + "\r\n0\r\n\r\n");
    for (String reply : new String[] {declared, chunked}) {
      assertThat(reply)
          .startsWith("HTTP/1.1 413")
          .contains("application/problem+json")
          .contains("\"title\":\"Payload Too Large\"");
    }
  }

  @Test
  void theDemoGatewayRefusesCrossSiteFormPostsAndForeignHostNames() throws Exception {
    start(Map.of());
    String form =
        raw(
            "POST /admin/v1/cache/invalidate HTTP/1.1\r\nHost: "
                + host()
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n"
                + "Connection: close\r\n\r\na=b");
    assertThat(form).startsWith("HTTP/1.1 415").contains("application/problem+json");

    String json =
        raw(
            "POST /admin/v1/cache/invalidate HTTP/1.1\r\nHost: "
                + host()
                + "\r\nContent-Type: application/json\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n");
    assertThat(json).startsWith("HTTP/1.1 200");

    String rebound =
        raw(
            "GET "
                + INV
                + "/resourcePools HTTP/1.1\r\nHost: attacker.example:"
                + gateway.port()
                + "\r\nConnection: close\r\n\r\n");
    assertThat(rebound)
        .startsWith("HTTP/1.1 421")
        .contains("application/problem+json")
        .contains("\"title\":\"Misdirected Request\"");
    assertThat(
            raw(
                "GET "
                    + INV
                    + "/resourcePools HTTP/1.1\r\nHost: localhost:"
                    + gateway.port()
                    + "\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 200");
    // The handler remembers the last allowed Host value: it lets that value through again, and
    // nothing else by it.
    for (String host : List.of("attacker.example:", "localhost.attacker.example:", "localhost:")) {
      assertThat(
              raw(
                  "GET "
                      + INV
                      + "/resourcePools HTTP/1.1\r\nHost: "
                      + host
                      + gateway.port()
                      + "\r\nConnection: close\r\n\r\n"))
          .as(host)
          .startsWith(host.startsWith("localhost:") ? "HTTP/1.1 200" : "HTTP/1.1 421");
    }
  }

  @Test
  void untilTheSourceHasSyncedInventoryReadsAre503NotAnEmptyList() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    start(Map.of("backend", "kubernetes", "kubernetes.api_url", "http://127.0.0.1:" + closedPort));
    String list =
        raw(
            "GET "
                + INV
                + "/resourcePools HTTP/1.1\r\nHost: "
                + host()
                + "\r\nConnection: close\r\n\r\n");
    assertThat(list).startsWith("HTTP/1.1 503").contains("application/problem+json");
    assertThat(list.toLowerCase(java.util.Locale.ROOT)).contains("retry-after:");
    assertThat(raw("GET /readyz HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 503");
    assertThat(raw("GET /healthz HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 200");
  }

  /**
   * A request smuggling shape: Undertow's parser reads any Transfer-Encoding as chunked and serves
   * the next request on the connection, where a proxy in front may frame the bytes otherwise.
   */
  @Test
  void aTransferEncodingOtherThanChunkedAloneIsRefusedAndNothingAfterItIsServed() throws Exception {
    start(Map.of());
    Map<String, Integer> statuses =
        Map.of(
            "xchunked", 400,
            "chunked;x", 400,
            "chunked, identity", 400,
            "gzip", 400,
            "chunked, chunked", 400,
            "gzip, chunked", 501);
    for (Map.Entry<String, Integer> e : statuses.entrySet()) {
      String answer = raw(pipelined(e.getKey()));
      assertThat(answer)
          .as("Transfer-Encoding: %s", e.getKey())
          .startsWith("HTTP/1.1 " + e.getValue())
          .contains("Content-Type: application/problem+json")
          .contains("Connection: close")
          .contains("Transfer-Encoding '")
          .doesNotContain("smuggled");
      assertThat(answer.split("HTTP/1\\.1 ", -1)).as("one response only").hasSize(2);
    }
    // HTTP/1.0 has no transfer codings: its framing is faulty even with chunked alone
    String http10 =
        raw(
            pipelined("chunked")
                .replaceFirst("HTTP/1\\.1\r\n", "HTTP/1.0\r\nConnection: keep-alive\r\n"));
    assertThat(http10)
        .startsWith("HTTP/1.0 400")
        .contains("Content-Type: application/problem+json")
        .doesNotContain("smuggled");
    // chunked alone, in any letter case, is served, and so is the request after it
    String served = raw(pipelined("Chunked"));
    assertThat(served).startsWith("HTTP/1.1 405").contains("X-Request-Id: smuggled");
  }

  /**
   * A bodiless POST with an empty chunked body under {@code coding}, then a GET on the same
   * connection (which closes it).
   */
  private String pipelined(String coding) {
    return "POST /livez HTTP/1.1\r\nHost: "
        + host()
        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: "
        + coding
        + "\r\n\r\n0\r\n\r\n"
        + "GET /livez HTTP/1.1\r\nHost: "
        + host()
        + "\r\nX-Request-Id: smuggled\r\nConnection: close\r\n\r\n";
  }
}
