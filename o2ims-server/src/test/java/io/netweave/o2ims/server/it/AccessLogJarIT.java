package io.netweave.o2ims.server.it;

import static io.netweave.o2ims.server.it.Client.V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access log of the real jar with the default configuration, as an operator reads it from
 * standard error: one line per request in the documented format, written by the batching appender
 * while the gateway runs (without waiting for the buffer to fill), and every line of a clean
 * shutdown (SIGTERM) on standard error when the process has exited.
 */
class AccessLogJarIT {
  @TempDir Path dataDir;
  @TempDir Path logs;
  private final GatewayProcesses processes = new GatewayProcesses();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stopProcesses() throws InterruptedException {
    processes.close();
  }

  @Test
  void aRequestIsLoggedWhileTheGatewayRunsAndNoLineIsLostOnSigterm() throws Exception {
    Path stderr = logs.resolve("gateway.log");
    Process gateway =
        processes.launch(Map.of(), stderr, "--port", "0", "--data-dir", dataDir.toString());
    String url = GatewayProcesses.awaitUrl(gateway);
    String pools = V1 + "/resourcePools";

    assertThat(get(url + pools, "first-request").statusCode()).isEqualTo(200);
    Pattern first =
        Pattern.compile(
            "(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[[^]]+\\] netweave\\.access - first-request"
                + " GET "
                + Pattern.quote(pools)
                + " 200 \\d+B \\d+ms$");
    // A single line does not fill the buffer: the periodic flush writes it.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> first.matcher(Files.readString(stderr)).find());

    int requests = 300;
    for (int i = 0; i < requests; i++) {
      assertThat(get(url + pools + "?filter=(eq,name,zone-a)", "burst-" + i).statusCode())
          .isEqualTo(200);
    }
    gateway.destroy(); // SIGTERM: the graceful path
    assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();

    List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
    for (int i = 0; i < requests; i++) {
      String id = "burst-" + i + " GET " + pools + "?filter=(eq,name,zone-a) 200 ";
      assertThat(lines).as("access-log line of request %d", i).anyMatch(l -> l.contains(id));
    }
    assertThat(lines).anyMatch(l -> l.contains("shut down"));
  }

  private HttpResponse<String> get(String url, String requestId) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).header("X-Request-Id", requestId).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
