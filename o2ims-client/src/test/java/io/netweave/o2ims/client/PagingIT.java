package io.netweave.o2ims.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netweave.o2ims.model.Resource;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PagingIT {
  private static final String RESOURCES =
      "/o2ims-infrastructureInventory/v1/resourcePools/" + Fixtures.POOL + "/resources";

  @StartStop final MockWebServer server = new MockWebServer();
  O2imsClient client;

  @BeforeEach
  void build() {
    client = O2imsClient.builder().baseUrl(server.url("/").toString()).build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  private static MockResponse page(List<Resource> items, String link) {
    MockResponse.Builder b =
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "application/json")
            .setHeader("X-Total-Count", "2500")
            .body(Fixtures.json(items));
    if (link != null) {
      b.addHeader("Link", link);
    }
    return b.build();
  }

  @Test
  void aPoolOf2500ResourcesIsStreamedAcrossThreePages() throws Exception {
    server.enqueue(
        page(
            Fixtures.resources(0, 1000),
            "<" + RESOURCES + "?nextpage_opaque_marker=m1>; rel=\"next\""));
    server.enqueue(
        page(
            Fixtures.resources(1000, 2000),
            "<" + server.url(RESOURCES + "?nextpage_opaque_marker=m2") + ">; rel=\"next\""));
    server.enqueue(page(Fixtures.resources(2000, 2500), null));

    List<Resource> all = client.resources(Fixtures.POOL).list().toList();

    assertThat(all).hasSize(2500).doesNotHaveDuplicates();
    assertThat(all.get(0)).isEqualTo(Fixtures.resource(0));
    assertThat(all.get(2499)).isEqualTo(Fixtures.resource(2499));
    assertThat(
            server
                .takeRequest(30, TimeUnit.SECONDS)
                .getUrl()
                .queryParameter("nextpage_opaque_marker"))
        .isNull();
    assertThat(
            server
                .takeRequest(30, TimeUnit.SECONDS)
                .getUrl()
                .queryParameter("nextpage_opaque_marker"))
        .isEqualTo("m1");
    assertThat(
            server
                .takeRequest(30, TimeUnit.SECONDS)
                .getUrl()
                .queryParameter("nextpage_opaque_marker"))
        .isEqualTo("m2");
  }

  @Test
  void laterPagesAreFetchedOnlyWhenTheConsumerReachesThem() {
    server.enqueue(
        page(
            Fixtures.resources(0, 2),
            "<" + RESOURCES + "?nextpage_opaque_marker=m1>; rel=\"next\""));
    server.enqueue(page(Fixtures.resources(2, 3), null));

    Iterator<Resource> it = client.resources(Fixtures.POOL).list().iterator();
    assertThat(server.getRequestCount()).isEqualTo(1);
    it.next();
    it.next();
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(it.next()).isEqualTo(Fixtures.resource(2));
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(it.hasNext()).isFalse();
  }

  @Test
  void aLinkHeaderWithSeveralRelationsYieldsTheNextOne() {
    server.enqueue(
        page(
            Fixtures.resources(0, 1),
            "<"
                + RESOURCES
                + "?nextpage_opaque_marker=1>; rel=\"first\", <"
                + RESOURCES
                + "?nextpage_opaque_marker=2>; rel=\"next\", <"
                + RESOURCES
                + "?nextpage_opaque_marker=2>; rel=\"last\""));
    server.enqueue(
        page(
            Fixtures.resources(1, 2),
            "<" + RESOURCES + "?nextpage_opaque_marker=1>; rel=\"first\""));
    assertThat(client.resources(Fixtures.POOL).list().toList()).hasSize(2);
  }

  @Test
  void filtersAreKeptOnlyAsTheServerWritesThemIntoTheNextLink() throws Exception {
    server.enqueue(
        page(
            Fixtures.resources(0, 1),
            "<"
                + RESOURCES
                + "?filter=(eq,description,x)&nextpage_opaque_marker=m1>; rel=\"next\""));
    server.enqueue(page(Fixtures.resources(1, 2), null));
    client
        .resources(Fixtures.POOL)
        .list(Query.builder().filter("(eq,description,x)").build())
        .toList();
    RecordedRequest first = server.takeRequest(30, TimeUnit.SECONDS);
    RecordedRequest second = server.takeRequest(30, TimeUnit.SECONDS);
    assertThat(first.getUrl().queryParameter("filter")).isEqualTo("(eq,description,x)");
    assertThat(second.getUrl().queryParameter("filter")).isEqualTo("(eq,description,x)");
    assertThat(second.getUrl().queryParameter("nextpage_opaque_marker")).isEqualTo("m1");
  }

  @Test
  void aNextLinkThatLoopsBackIsAnError() {
    String self = "<" + RESOURCES + "?nextpage_opaque_marker=m1>; rel=\"next\"";
    server.enqueue(page(Fixtures.resources(0, 1), self));
    server.enqueue(page(Fixtures.resources(1, 2), self));
    assertThatThrownBy(() -> client.resources(Fixtures.POOL).list().toList())
        .isInstanceOf(O2imsResponseException.class)
        .hasMessageContaining("loops");
  }

  @Test
  void anErrorOnALaterPageSurfacesWhileStreaming() {
    server.enqueue(
        page(
            Fixtures.resources(0, 1),
            "<" + RESOURCES + "?nextpage_opaque_marker=bad>; rel=\"next\""));
    server.enqueue(Fixtures.problem(400, "Bad Request", "bad or tampered nextpage_opaque_marker"));
    assertThatThrownBy(() -> client.resources(Fixtures.POOL).list().toList())
        .isInstanceOfSatisfying(
            O2imsApiException.class,
            e -> assertThat(e.problem().detail()).contains("nextpage_opaque_marker"));
  }

  /**
   * A gateway restarted between two pages (or a replica with another marker key) answers the next
   * link 400: the stream throws the typed exception after the first page's items, so an SMO can
   * tell "list again" from a query the server refused.
   */
  @Test
  void aRefusedNextPageLinkIsAPageMarkerExceptionAfterTheItemsBeforeIt() {
    server.enqueue(
        page(
            Fixtures.resources(0, 2),
            "<" + RESOURCES + "?nextpage_opaque_marker=signed-by-another-key>; rel=\"next\""));
    server.enqueue(
        Fixtures.problem(
            400, "Bad Request", "the paging marker was altered or signed with another key"));
    Iterator<Resource> items = client.resources(Fixtures.POOL).list().iterator();
    assertThat(items.next()).isEqualTo(Fixtures.resource(0));
    assertThat(items.next()).isEqualTo(Fixtures.resource(1));
    assertThatThrownBy(items::hasNext)
        .isInstanceOfSatisfying(
            O2imsPageMarkerException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.problem().detail()).contains("signed with another key");
              assertThat(e.getMessage()).contains("nextpage_opaque_marker=signed-by-another-key");
            });
  }

  /** The first page's 400 is about the query: a plain {@link O2imsApiException}. */
  @Test
  void aRefusedFirstPageIsNotAPageMarkerException() {
    server.enqueue(Fixtures.problem(400, "Bad Request", "unknown attribute"));
    assertThatThrownBy(() -> client.resources(Fixtures.POOL).list())
        .isInstanceOf(O2imsApiException.class)
        .isNotInstanceOf(O2imsPageMarkerException.class);
  }

  /** A later page's other refusals (the pool was deleted meanwhile) keep their own meaning. */
  @Test
  void aLaterPagesNotFoundIsNotAPageMarkerException() {
    server.enqueue(
        page(
            Fixtures.resources(0, 1),
            "<" + RESOURCES + "?nextpage_opaque_marker=m1>; rel=\"next\""));
    server.enqueue(Fixtures.problem(404, "Not Found", "resource pool does not exist"));
    assertThatThrownBy(() -> client.resources(Fixtures.POOL).list().toList())
        .isInstanceOfSatisfying(O2imsApiException.class, e -> assertThat(e.status()).isEqualTo(404))
        .isNotInstanceOf(O2imsPageMarkerException.class);
  }
}
