package io.netweave.o2ims.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.model.ResourcePool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * Keeps the usage example of the {@link O2imsClient} class Javadoc and of the README compiling and
 * working: the body of {@link #example} is the same five lines (the URL and the output are
 * parameters here).
 */
class UsageExampleIT {
  @StartStop final MockWebServer server = new MockWebServer();

  static void example(String url, List<String> out) {
    try (O2imsClient client = O2imsClient.builder().baseUrl(url).build()) {
      Query edge = Query.builder().filter("(eq,name,edge-1)").build();
      for (ResourcePool pool : client.resourcePools().list(edge).toList()) {
        client.resources(pool.resourcePoolId()).list().forEach(r -> out.add(r.description()));
      }
    }
  }

  @Test
  void theDocumentedExampleListsTheResourcesOfTheMatchingPools() throws Exception {
    server.enqueue(Fixtures.ok(List.of(Fixtures.pool(1))));
    server.enqueue(Fixtures.ok(Fixtures.resources(0, 3)));
    List<String> out = new ArrayList<>();
    example(server.url("/").toString(), out);
    assertThat(out).containsExactly("node worker-0", "node worker-1", "node worker-2");
    assertThat(server.takeRequest(30, TimeUnit.SECONDS).getUrl().queryParameter("filter"))
        .isEqualTo("(eq,name,edge-1)");
  }
}
