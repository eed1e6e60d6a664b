package io.netweave.o2ims.server.internal.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.InvalidQueryException;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.server.internal.notify.embedded.MvSubscriptionStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriptionServiceTest {
  @TempDir Path dir;
  MvSubscriptionStore store;
  final AtomicInteger writes = new AtomicInteger();

  @BeforeEach
  void open() {
    store = new MvSubscriptionStore(dir, O2Json.newMapper());
  }

  @AfterEach
  void close() {
    store.close();
  }

  SubscriptionService service(boolean allowHttp, boolean duplicateIsConflict) {
    return new SubscriptionService(
        store,
        O2Json.newMapper(),
        new PageMarkerCodec("k".getBytes(StandardCharsets.UTF_8)),
        100,
        Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
        new SubscriptionService.Policy(allowHttp, duplicateIsConflict),
        UUID::randomUUID,
        writes::incrementAndGet);
  }

  static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static QueryProblem.Kind kindOf(Runnable r) {
    try {
      r.run();
    } catch (QueryProblem p) {
      return p.kind();
    }
    throw new AssertionError("no problem raised");
  }

  @Test
  void aValidRequestIsStoredAndAnnouncedAsAWrite() {
    SubscriptionService s = service(false, true);
    Subscription created =
        s.create(
            json(
                "{\"callback\":\"https://smo.example/cb\",\"filter\":\"(eq,objectType,Resource)\"}"),
            "anonymous");
    assertThat(created.filter()).contains("(eq,objectType,Resource)");
    assertThat(s.get(created.subscriptionId(), FieldSelector.all()).path("callback").asText())
        .isEqualTo("https://smo.example/cb");
    assertThat(writes).hasValue(1);
    s.delete(created.subscriptionId());
    assertThat(writes).hasValue(2);
  }

  @Test
  void duplicatesAreConflictsOrBadRequestsAsConfigured() {
    String body =
        "{\"callback\":\"https://smo.example/cb\",\"filter\":\"(eq,objectType,Resource)\"}";
    String equivalent =
        "{\"callback\":\"https://smo.example/cb\",\"filter\":\"(EQ,objectType,'Resource')\"}";
    SubscriptionService conflicts = service(false, true);
    Subscription first = conflicts.create(json(body), "anonymous");
    assertThatThrownBy(() -> conflicts.create(json(equivalent), "anonymous"))
        .isInstanceOfSatisfying(
            QueryProblem.class,
            p -> {
              assertThat(p.kind()).isEqualTo(QueryProblem.Kind.CONFLICT);
              assertThat(p.attributes())
                  .containsEntry("subscriptionId", first.subscriptionId().toString());
            });
    assertThat(kindOf(() -> service(false, false).create(json(body), "anonymous")))
        .isEqualTo(QueryProblem.Kind.BAD_REQUEST);
  }

  @Test
  void aDuplicateIsJudgedBeforeTheQuota() {
    SubscriptionService oneEach =
        new SubscriptionService(
            store,
            O2Json.newMapper(),
            new PageMarkerCodec("k".getBytes(StandardCharsets.UTF_8)),
            100,
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
            new SubscriptionService.Policy(false, true, 1),
            UUID::randomUUID,
            writes::incrementAndGet);
    String body = "{\"callback\":\"https://smo.example/cb\"}";
    Subscription first = oneEach.create(json(body), "anonymous");
    assertThatThrownBy(() -> oneEach.create(json(body), "anonymous"))
        .isInstanceOfSatisfying(
            QueryProblem.class,
            p -> {
              assertThat(p.kind()).isEqualTo(QueryProblem.Kind.CONFLICT);
              assertThat(p.attributes())
                  .containsEntry("subscriptionId", first.subscriptionId().toString());
            });
    assertThat(
            kindOf(
                () ->
                    oneEach.create(json("{\"callback\":\"https://smo.example/2\"}"), "anonymous")))
        .isEqualTo(QueryProblem.Kind.FORBIDDEN);
    assertThat(store.list()).hasSize(1);
    assertThat(writes).hasValue(1);
  }

  @Test
  void malformedRequestsAreBadRequests() {
    SubscriptionService s = service(false, true);
    String[] bodies = {
      "nonsense",
      "[1]",
      "{}",
      "{\"callback\":\"https://a.example\",\"extra\":true}",
      "{\"callback\":\"https://a.example\",\"subscriptionId\":\"" + UUID.randomUUID() + "\"}",
      "{\"callback\":\"https://a.example\",\"consumerSubscriptionId\":\"12\"}",
      "{\"callback\":\"https://a.example\",\"filter\":5}",
      "{\"callback\":\"relative/path\"}",
      "{\"callback\":\"http://plain.example/cb\"}",
      "{\"callback\":\"gopher://a.example/cb\"}",
    };
    for (String body : bodies) {
      assertThat(kindOf(() -> s.create(json(body), "anonymous")))
          .as(body)
          .isEqualTo(QueryProblem.Kind.BAD_REQUEST);
    }
    assertThatThrownBy(
            () ->
                s.create(
                    json("{\"callback\":\"https://a.example\",\"filter\":\"(eq,bogus,1)\"}"),
                    "anonymous"))
        .isInstanceOf(InvalidQueryException.class);
    assertThat(writes).hasValue(0);
  }

  @Test
  void plainHttpCallbacksAreAcceptedWhenAllowed() {
    assertThat(
            service(true, true)
                .create(json("{\"callback\":\"http://plain.example/cb\"}"), "anonymous")
                .callback())
        .isEqualTo("http://plain.example/cb");
  }

  @Test
  void unknownSubscriptionsAreNotFound() {
    SubscriptionService s = service(false, true);
    UUID id = UUID.randomUUID();
    assertThat(kindOf(() -> s.get(id, FieldSelector.all()))).isEqualTo(QueryProblem.Kind.NOT_FOUND);
    assertThat(kindOf(() -> s.delete(id))).isEqualTo(QueryProblem.Kind.NOT_FOUND);
  }
}
