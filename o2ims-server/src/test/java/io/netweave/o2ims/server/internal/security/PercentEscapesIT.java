package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.tls.TestPki;
import io.netweave.o2ims.server.it.InProcessGateways;
import io.undertow.UndertowOptions;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.client.UndertowClient;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StringReadChannelListener;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * Percent-escapes in the path and query against the real gateway (demo profile): over HTTP/1.1 (raw
 * sockets) and HTTP/2 (prior knowledge on the plain listener, ALPN over TLS, with Undertow's own
 * HTTP/2 client, which sends a path as given). A malformed escape is a problem+json 400 with the
 * request id and an access-log line wherever it reaches the handler chain; well-formed escapes keep
 * meaning what they meant when Undertow's listeners decoded them.
 */
class PercentEscapesIT {
  private static final String INV = "/o2ims-infrastructureInventory/v1";
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private Gateway gateway;
  private XnioWorker worker;
  private DefaultByteBufferPool buffers;
  @RegisterExtension final LogCapture access = LogCapture.access();

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (worker != null) {
      worker.shutdownNow();
    }
    if (buffers != null) {
      buffers.close();
    }
  }

  private void start(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(Map.of("server.host", "127.0.0.1"));
    settings.putAll(extra);
    gateway = InProcessGateways.start(dir.resolve("data"), settings);
  }

  @Test
  void aMalformedEscapeOverHttp2IsAProblemWithTheRequestIdAndTheConnectionKeepsServing()
      throws Exception {
    start(Map.of());
    ClientConnection h2 = connect(URI.create("h2c-prior://127.0.0.1:" + gateway.port()), null);
    try {
      Reply query = get(h2, INV + "/resourcePools?filter=%zz");
      assertThat(query.protocol()).isEqualTo("HTTP/2.0");
      assertBadEscape(query, "%zz");
      assertThat(json(query).path("additionalAttributes").path("parameter").asText())
          .isEqualTo("filter");
      assertThat(json(query).path("instance").asText()).isEqualTo(INV + "/resourcePools");

      Reply typed =
          get(h2, INV + "/resourcePools?fields=description&filter=(cont,description,100%)");
      assertBadEscape(typed, "%)");
      assertThat(json(typed).path("detail").asText()).contains("'filter'").contains("%25");

      Reply path = get(h2, INV + "/resourcePools/%zz");
      assertBadEscape(path, "%zz");
      assertThat(json(path).path("detail").asText()).contains("request path");

      Reply truncated = get(h2, INV + "/resourcePools?filter=(eq,name,a)%3");
      assertBadEscape(truncated, "%3");

      // The same connection still serves (Undertow's own decoding failed the whole connection).
      Reply after = get(h2, INV + "/resourcePools?filter=(neq,name,a%20b)");
      assertThat(after.status()).isEqualTo(200);
      assertThat(JSON.readTree(after.body()).size()).isPositive();
    } finally {
      h2.close();
    }
    org.awaitility.Awaitility.await()
        .until(() -> access.lines().stream().filter(l -> l.contains("filter=%zz")).count() == 1);
    String line =
        access.lines().stream().filter(l -> l.contains("filter=%zz")).findFirst().orElseThrow();
    assertThat(line).contains("GET " + INV + "/resourcePools?filter=%zz 400 ");
  }

  @Test
  void aMalformedEscapeAfterAnH2cUpgradeIsAProblemToo() throws Exception {
    start(Map.of());
    ClientConnection h2 = connect(URI.create("h2c://127.0.0.1:" + gateway.port()), null);
    try {
      // The first request carries the upgrade (HTTP/1.1, well-formed); the next ones are HTTP/2.
      assertThat(get(h2, "/livez").status()).isEqualTo(200);
      Reply query = get(h2, INV + "/resourcePools?filter=%zz");
      assertThat(query.protocol()).isEqualTo("HTTP/2.0");
      assertBadEscape(query, "%zz");
      assertThat(get(h2, INV + "/resourcePools?filter=(eq,name,zone-a)").status()).isEqualTo(200);
    } finally {
      h2.close();
    }
  }

  @Test
  void aMalformedEscapeOverHttp2WithTlsIsAProblemToo() throws Exception {
    TestPki pki = TestPki.newCa("escapes CA");
    Path cert = dir.resolve("tls.crt");
    Path key = dir.resolve("tls.key");
    TestPki.writePem(pki.server("localhost"), cert, key);
    start(Map.of("server.tls.cert_file", cert.toString(), "server.tls.key_file", key.toString()));
    ClientConnection h2 =
        connect(
            URI.create("https://localhost:" + gateway.port()),
            new UndertowXnioSsl(Xnio.getInstance(), OptionMap.EMPTY, pki.clientContext(null)));
    try {
      Reply query = get(h2, INV + "/resourcePools?filter=%zz");
      assertThat(query.protocol()).isEqualTo("HTTP/2.0");
      assertBadEscape(query, "%zz");
      Reply fine = get(h2, INV + "/resourcePools?filter=(eq,name,a)%3B(neq,name,b)");
      assertThat(fine.status()).isEqualTo(200);
      assertThat(fine.body()).isEqualTo("[]");
    } finally {
      h2.close();
    }
  }

  @Test
  void overHttp11AMalformedEscapeIsTheParsersDocumentedRefusal() throws Exception {
    start(Map.of());
    // Undertow 2.3's strict HTTP/1.1 parser refuses a '%' without two hex digits while reading the
    // request line, whether or not it decodes: an empty 400 before any handler (docs/security.md).
    for (String target :
        List.of(
            INV + "/resourcePools?filter=%zz",
            INV + "/resourcePools%zz",
            INV + "/resourcePools?filter=(cont,description,100%)")) {
      String response = raw("GET " + target + " HTTP/1.1\r\nHost: " + host() + "\r\n\r\n");
      assertThat(response).as(target).startsWith("HTTP/1.1 400").contains("Content-Length: 0");
    }
    assertThat(Files.readString(Path.of("..", "docs", "security.md")))
        .contains("a `%` not followed by two hexadecimal digits");
  }

  @Test
  void wellFormedEscapesMeanTheSameOverBothProtocols() throws Exception {
    start(Map.of());
    String pools = INV + "/resourcePools";
    // an encoded ';' joins filter terms as a raw one does
    String encodedSemicolon = pools + "?filter=(neq,name,a)%3B(neq,name,zone-a)";
    String rawSemicolon = pools + "?filter=(neq,name,a);(neq,name,zone-a)";
    // '+' and %20 are a space in a query value
    String plus = pools + "?filter=(eq,description,Demo+pool+of+the+nodes+in+zone-a)";
    String space = pools + "?filter=(eq,description,Demo%20pool%20of%20the%20nodes%20in%20zone-a)";
    // an encoded '+' is a plus, not a space
    String encodedPlus = pools + "?filter=(eq,description,Demo%2Bpool%2Bof%2Bthe%2Bnodes)";
    String utf8 = pools + "?filter=(neq,name,%C3%A9t%C3%A9%E2%82%AC)";
    String encodedName = pools + "?%66ilter=(eq,name,zone-a)";
    String plain = pools + "?filter=(eq,name,zone-a)";
    String encodedInPath = INV + "/resource%50ools?filter=(eq,name,zone-a)";
    // %2F stays encoded in the path (ALLOW_ENCODED_SLASH is off); %20 is decoded
    String slashInPath = pools + "/a%2Fb";
    String spaceInPath = pools + "/a%20b";
    List<String> targets =
        List.of(
            encodedSemicolon,
            rawSemicolon,
            plus,
            space,
            encodedPlus,
            utf8,
            encodedName,
            plain,
            encodedInPath,
            slashInPath,
            spaceInPath);
    Map<String, Reply> h1 = new HashMap<>();
    ClientConnection h2 = connect(URI.create("h2c-prior://127.0.0.1:" + gateway.port()), null);
    try {
      for (String target : targets) {
        h1.put(target, http11(target));
        Reply over2 = get(h2, target);
        assertThat(over2.protocol()).isEqualTo("HTTP/2.0");
        assertThat(over2.status()).as(target).isEqualTo(h1.get(target).status());
        assertThat(over2.body()).as(target).isEqualTo(h1.get(target).body());
      }
    } finally {
      h2.close();
    }
    assertThat(h1.get(encodedSemicolon).body()).isEqualTo(h1.get(rawSemicolon).body());
    assertThat(names(h1.get(encodedSemicolon))).containsExactlyInAnyOrder("zone-b", "zone-c");
    assertThat(names(h1.get(plus))).containsExactly("zone-a");
    assertThat(names(h1.get(space))).containsExactly("zone-a");
    assertThat(names(h1.get(encodedPlus))).isEmpty();
    assertThat(names(h1.get(utf8))).hasSize(3);
    assertThat(names(h1.get(plain))).containsExactly("zone-a");
    assertThat(h1.get(encodedName).body()).isEqualTo(h1.get(plain).body());
    assertThat(h1.get(encodedInPath).body()).isEqualTo(h1.get(plain).body());
    assertThat(json(h1.get(slashInPath)).path("detail").asText()).contains("'a%2Fb'");
    assertThat(json(h1.get(spaceInPath)).path("detail").asText()).contains("'a b'");
    // The access log shows the query as it was sent (redacted), not decoded.
    org.awaitility.Awaitility.await()
        .until(
            () -> access.lines().stream().filter(l -> l.contains(encodedSemicolon)).count() == 2);
    assertThat(access.lines().stream().filter(l -> l.contains(plus))).hasSize(2);
  }

  private static List<String> names(Reply list) throws IOException {
    List<String> names = new java.util.ArrayList<>();
    JSON.readTree(list.body()).forEach(pool -> names.add(pool.path("name").asText()));
    return names;
  }

  @Test
  void aLabelKeyWithAnEscapedTildeSlashSelectsTheLabel() throws Exception {
    start(Map.of());
    Reply pools = http11(INV + "/resourcePools?filter=(eq,name,zone-a)");
    String pool = JSON.readTree(pools.body()).get(0).path("resourcePoolId").asText();
    String base = INV + "/resourcePools/" + pool + "/resources?filter=";
    Reply raw = http11(base + "(eq,extensions/labels/topology.kubernetes.io~1zone,zone-a)");
    Reply escaped =
        http11(base + "(eq,extensions%2Flabels%2Ftopology.kubernetes.io%7E1zone,zone%2Da)");
    assertThat(raw.status()).isEqualTo(200);
    assertThat(JSON.readTree(raw.body()).size()).isPositive();
    assertThat(escaped.body()).isEqualTo(raw.body());
  }

  private void assertBadEscape(Reply reply, String escape) throws IOException {
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.headers().get("content-type")).isEqualTo("application/problem+json");
    assertThat(reply.headers().get("x-request-id")).isNotBlank();
    JsonNode problem = json(reply);
    assertThat(problem.path("title").asText()).isEqualTo("Bad Request");
    assertThat(problem.path("detail").asText()).contains("malformed percent-escape '" + escape);
    assertThat(problem.path("additionalAttributes").path("escape").asText()).isEqualTo(escape);
    String id = reply.headers().get("x-request-id");
    org.awaitility.Awaitility.await()
        .until(() -> access.lines().stream().anyMatch(l -> l.startsWith(id + " ")));
    assertThat(access.lines().stream().filter(l -> l.startsWith(id + " ")))
        .singleElement()
        .satisfies(l -> assertThat(l).contains(" 400 "));
  }

  private static JsonNode json(Reply reply) throws IOException {
    return JSON.readTree(reply.body());
  }

  private String host() {
    return "127.0.0.1:" + gateway.port();
  }

  /** One response as Undertow's client saw it. */
  record Reply(String protocol, int status, Map<String, String> headers, String body) {}

  private ClientConnection connect(URI uri, UndertowXnioSsl ssl) throws IOException {
    if (worker == null) {
      worker =
          Xnio.getInstance()
              .createWorker(OptionMap.builder().set(Options.WORKER_IO_THREADS, 1).getMap());
      buffers = new DefaultByteBufferPool(false, 16 * 1024);
    }
    OptionMap options = OptionMap.create(UndertowOptions.ENABLE_HTTP2, true);
    return ssl == null
        ? UndertowClient.getInstance().connect(uri, worker, buffers, options).get()
        : UndertowClient.getInstance().connect(uri, worker, ssl, buffers, options).get();
  }

  /** A GET with the path sent exactly as given (no client-side escaping). */
  private Reply get(ClientConnection connection, String path) throws Exception {
    CompletableFuture<Reply> done = new CompletableFuture<>();
    ClientRequest request = new ClientRequest().setMethod(Methods.GET).setPath(path);
    request.getRequestHeaders().put(Headers.HOST, host());
    connection
        .getIoThread()
        .execute(
            () ->
                connection.sendRequest(
                    request,
                    new ClientCallback<>() {
                      @Override
                      public void completed(ClientExchange exchange) {
                        exchange.setResponseListener(
                            new ClientCallback<>() {
                              @Override
                              public void completed(ClientExchange result) {
                                new StringReadChannelListener(buffers) {
                                  @Override
                                  protected void stringDone(String body) {
                                    Map<String, String> headers = new HashMap<>();
                                    result
                                        .getResponse()
                                        .getResponseHeaders()
                                        .forEach(
                                            h ->
                                                headers.put(
                                                    h.getHeaderName()
                                                        .toString()
                                                        .toLowerCase(java.util.Locale.ROOT),
                                                    h.getFirst()));
                                    done.complete(
                                        new Reply(
                                            result.getResponse().getProtocol().toString(),
                                            result.getResponse().getResponseCode(),
                                            headers,
                                            body));
                                  }

                                  @Override
                                  protected void error(IOException e) {
                                    done.completeExceptionally(e);
                                  }
                                }.setup(result.getResponseChannel());
                              }

                              @Override
                              public void failed(IOException e) {
                                done.completeExceptionally(e);
                              }
                            });
                      }

                      @Override
                      public void failed(IOException e) {
                        done.completeExceptionally(e);
                      }
                    }));
    return done.get(30, TimeUnit.SECONDS);
  }

  /** One raw HTTP/1.1 exchange (Connection: close); status and body. */
  private Reply http11(String target) throws IOException {
    String response =
        raw("GET " + target + " HTTP/1.1\r\nHost: " + host() + "\r\nConnection: close\r\n\r\n");
    int split = response.indexOf("\r\n\r\n");
    String body =
        new String(
            response.substring(split + 4).getBytes(StandardCharsets.ISO_8859_1),
            StandardCharsets.UTF_8);
    return new Reply("HTTP/1.1", Integer.parseInt(response.substring(9, 12)), Map.of(), body);
  }

  private String raw(String request) throws IOException {
    return RawHttp.exchange(gateway.port(), request.getBytes(StandardCharsets.UTF_8));
  }
}
