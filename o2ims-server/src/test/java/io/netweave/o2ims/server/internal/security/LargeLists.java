package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A list page larger than Undertow's write buffer (16 KB) on a demo gateway, for the HTTP/2 tests
 * whose response writer itself must wait (for flow-control window, or for the socket).
 */
final class LargeLists {
  /** The nodes added to the demo's first pool: its resources list is then over 64 KB. */
  static final int NODES = 100;

  private static final String POOLS = "/o2ims-infrastructureInventory/v1/resourcePools";

  private LargeLists() {}

  /**
   * Adds {@value #NODES} nodes to the demo's first pool of the gateway at {@code url} (through the
   * demo admin API) and returns the path of that pool's resources list, checked to be over 64 KB.
   */
  static String resourcesOfFirstPool(String url) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> pools =
        http.send(
            HttpRequest.newBuilder(URI.create(url + POOLS)).build(),
            HttpResponse.BodyHandlers.ofString());
    String pool = new ObjectMapper().readTree(pools.body()).get(0).get("resourcePoolId").asText();
    for (int i = 0; i < NODES; i++) {
      HttpResponse<String> added =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/admin/v1/demo/resources"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          String.format(
                              "{\"nodeName\":\"held-%03d\",\"resourcePoolId\":\"%s\"}", i, pool)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    }
    String resources = POOLS + "/" + pool + "/resources";
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(url + resources)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.body().length()).isGreaterThan(64 * 1024);
    return resources;
  }
}
