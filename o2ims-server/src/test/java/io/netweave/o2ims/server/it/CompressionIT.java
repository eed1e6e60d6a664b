package io.netweave.o2ims.server.it;

import static io.netweave.o2ims.server.it.Client.V1;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.client.O2imsClient;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.server.internal.Gateway;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Response compression through the whole gateway (real HTTP on a loopback port, the demo inventory
 * source, the real response cache): what is compressed and what is not, the headers, HEAD, HTTP/2
 * (h2c), the SDK, and that a cached page is compressed once whatever the number of clients asking.
 */
class CompressionIT {
  private static final String COMPRESSIONS = "netweave_http_gzip_compressions";

  @TempDir static Path dataDir;
  static Gateway gateway;
  static String resources;
  static final HttpClient HTTP1 =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  @BeforeAll
  static void start() {
    gateway = gateway(dataDir, Map.of());
    resources = resourcesPath(gateway);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void aClientAskingForGzipGetsTheIdentityBytesCompressed() {
    HttpResponse<byte[]> identity = get(HTTP1, resources, null);
    HttpResponse<byte[]> gzip = get(HTTP1, resources, "gzip");

    assertThat(identity.statusCode()).isEqualTo(200);
    assertThat(identity.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(identity.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(identity.body().length).isGreaterThan(100_000);
    assertThat(gzip.statusCode()).isEqualTo(200);
    assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(gzip.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(gzip.headers().firstValue("Content-Length"))
        .hasValue(Integer.toString(gzip.body().length));
    assertThat(gzip.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(gzip.headers().firstValue("X-Total-Count"))
        .isEqualTo(identity.headers().firstValue("X-Total-Count"));
    assertThat(gzip.body().length).isLessThan(identity.body().length / 4);
    assertThat(inflate(gzip.body())).isEqualTo(identity.body());
  }

  @Test
  void acceptEncodingIsNegotiatedAsRfc9110Says() {
    for (String accepts : List.of("gzip", "GZIP", "x-gzip", "*", "deflate, gzip;q=0.5", "br, *")) {
      assertThat(get(HTTP1, resources, accepts).headers().firstValue("Content-Encoding"))
          .as("Accept-Encoding: %s", accepts)
          .hasValue("gzip");
    }
    for (String refuses :
        List.of(
            "gzip;q=0",
            "gzip;q=0.000",
            "gzip;q=0, *",
            "*;q=0",
            "br",
            "deflate, br",
            "identity",
            "gzip;q=0.5, identity",
            "")) {
      HttpResponse<byte[]> reply = get(HTTP1, resources, refuses);
      assertThat(reply.statusCode()).isEqualTo(200);
      assertThat(reply.headers().firstValue("Content-Encoding"))
          .as("Accept-Encoding: %s", refuses)
          .isEmpty();
      assertThat(reply.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    }
  }

  @Test
  void smallBodiesAndProblemsStayIdentityWithoutVary() {
    HttpResponse<byte[]> pools = get(HTTP1, V1 + "/resourcePools", "gzip");
    HttpResponse<byte[]> problem = get(HTTP1, V1 + "/resourcePools/not-a-uuid", "gzip");
    HttpResponse<byte[]> unknown = get(HTTP1, resources + "?filter=(eq,noSuchAttribute,x)", "gzip");

    assertThat(pools.statusCode()).isEqualTo(200);
    assertThat(pools.body().length).isLessThan(1024);
    assertThat(pools.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(pools.headers().firstValue("Vary")).isEmpty();
    for (HttpResponse<byte[]> p : List.of(problem, unknown)) {
      assertThat(p.statusCode()).isEqualTo(400);
      assertThat(p.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(p.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(p.headers().firstValue("Vary")).isEmpty();
    }
  }

  @Test
  void headAnswersWithTheHeadersOfGet() {
    HttpResponse<byte[]> get = get(HTTP1, resources, "gzip");
    HttpResponse<byte[]> head =
        send(HTTP1, request(resources, "gzip").method("HEAD", HttpRequest.BodyPublishers.noBody()));
    HttpResponse<byte[]> identityHead =
        send(HTTP1, request(resources, null).method("HEAD", HttpRequest.BodyPublishers.noBody()));

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(head.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(head.headers().firstValue("Content-Length"))
        .hasValue(Integer.toString(get.body().length));
    assertThat(identityHead.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(identityHead.headers().firstValue("Content-Length"))
        .hasValue(Integer.toString(get(HTTP1, resources, null).body().length));
  }

  @Test
  void http2CleartextCompressesAlike() {
    HttpClient h2 =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    // The first request upgrades the connection (h2c); the next ones are HTTP/2 streams.
    get(h2, V1 + "/resourcePools", null);
    HttpResponse<byte[]> gzip = get(h2, resources, "gzip");
    HttpResponse<byte[]> identity = get(h2, resources, null);

    assertThat(gzip.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(gzip.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    assertThat(inflate(gzip.body())).isEqualTo(identity.body());
    assertThat(identity.headers().firstValue("Content-Encoding")).isEmpty();
  }

  @Test
  void sixtyFourClientsAskingForGzipOfOneCachedPageCompressItOnce() throws Exception {
    String page = resources + "?filter=(neq,description,compressed-once)";
    byte[] identity = get(HTTP1, page, null).body();
    double before = metric(COMPRESSIONS);

    List<byte[]> bodies = concurrently(64, () -> get(HTTP1, page, "gzip"));

    assertThat(metric(COMPRESSIONS) - before).isEqualTo(1);
    for (byte[] body : bodies) {
      assertThat(inflate(body)).isEqualTo(identity);
    }
  }

  @Test
  void sixtyFourClientsMissingAPageTogetherRenderAndCompressItOnce() throws Exception {
    String page = resources + "?filter=(neq,description,missed-together)";
    double before = metric(COMPRESSIONS);

    List<byte[]> bodies = concurrently(64, () -> get(HTTP1, page, "gzip"));

    assertThat(metric(COMPRESSIONS) - before).isEqualTo(1);
    assertThat(inflate(bodies.get(0))).isEqualTo(get(HTTP1, page, null).body());
    for (byte[] body : bodies) {
      assertThat(body).isEqualTo(bodies.get(0));
    }
  }

  @Test
  void theSdkGetsTheSameObjectsWithGzipOnTheWire() throws Exception {
    String pool = resources.split("/")[4];
    String page = V1 + "/resourcePools/" + pool + "/resources?filter=(neq,description,sdk)";
    JsonNode identity = new ObjectMapper().readTree(get(HTTP1, page, null).body());
    double before = metric(COMPRESSIONS);

    List<Resource> listed;
    try (O2imsClient sdk = O2imsClient.builder().baseUrl(GatewayHttp.base(gateway)).build()) {
      listed =
          sdk.resources(java.util.UUID.fromString(pool))
              .list(
                  io.netweave.o2ims.client.Query.builder().filter("(neq,description,sdk)").build())
              .toList();
    }

    // OkHttp sent Accept-Encoding: gzip and inflated: the server compressed that page once.
    assertThat(metric(COMPRESSIONS) - before).isEqualTo(1);
    assertThat(listed).hasSize(identity.size());
    for (int i = 0; i < listed.size(); i++) {
      assertThat(listed.get(i).resourceId().toString())
          .isEqualTo(identity.get(i).path("resourceId").asText());
    }
  }

  @Test
  void compressionSwitchedOffSendsIdentityWithoutVary(@TempDir Path other) {
    try (Gateway off = gateway(other, Map.of("server.compression.enabled", "false"))) {
      String path = resourcesPath(off);
      HttpResponse<byte[]> reply =
          send(
              HTTP1,
              HttpRequest.newBuilder(URI.create(GatewayHttp.base(off) + path))
                  .header("Accept-Encoding", "gzip"));

      assertThat(reply.statusCode()).isEqualTo(200);
      assertThat(reply.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(reply.headers().firstValue("Vary")).isEmpty();
      assertThat(reply.body()[0]).isEqualTo((byte) '[');
    }
  }

  private static Gateway gateway(Path data, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(extra);
    settings.put("ocloud.id", "5b0c3a38-2f6a-4a57-9d1e-0f8d1f3f2a10");
    settings.put("demo.resource_pools", "1");
    settings.put("demo.resources", "300");
    return InProcessGateways.start(data, settings);
  }

  private static String resourcesPath(Gateway g) {
    Client client = new Client(GatewayHttp.base(g));
    String pool = client.get(V1 + "/resourcePools").json().get(0).path("resourcePoolId").asText();
    return V1 + "/resourcePools/" + pool + "/resources";
  }

  private static HttpRequest.Builder request(String path, String acceptEncoding) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(GatewayHttp.base(gateway) + path))
            .timeout(Duration.ofSeconds(30));
    return acceptEncoding == null ? b : b.header("Accept-Encoding", acceptEncoding);
  }

  private static HttpResponse<byte[]> get(HttpClient http, String path, String acceptEncoding) {
    return send(http, request(path, acceptEncoding).GET());
  }

  private static HttpResponse<byte[]> send(HttpClient http, HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private interface Call {
    HttpResponse<byte[]> call();
  }

  /** Sends {@code n} requests at once (released together) and returns their 200 bodies. */
  private static List<byte[]> concurrently(int n, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<HttpResponse<byte[]>>> replies = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        replies.add(
            pool.submit(
                () -> {
                  start.await();
                  return call.call();
                }));
      }
      start.countDown();
      List<byte[]> bodies = new ArrayList<>();
      for (Future<HttpResponse<byte[]>> reply : replies) {
        HttpResponse<byte[]> r = reply.get(60, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        bodies.add(r.body());
      }
      return bodies;
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] inflate(byte[] gzip) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double metric(String series) {
    String text = new Client(GatewayHttp.base(gateway)).get("/metrics").body();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
    assertThat(m.find()).as("metric %s in:%n%s", series, text).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
