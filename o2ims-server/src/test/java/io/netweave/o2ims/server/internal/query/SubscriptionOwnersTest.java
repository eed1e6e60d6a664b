package io.netweave.o2ims.server.internal.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.server.internal.alarms.AlarmSubscriptions;
import io.netweave.o2ims.server.internal.notify.embedded.MvSubscriptionStore;
import io.netweave.o2ims.server.spi.OwnerKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin view of owners over two embedded stores, without HTTP. */
class SubscriptionOwnersTest {
  private static final String ALICE = OwnerKeys.token("https://idp", "alice");
  private static final String CERT = OwnerKeys.certificate("CN=smo-1,O=op");
  private static final String PATH = "/admin/v1/subscriptions";

  @TempDir Path dir;
  private MvSubscriptionStore inventoryStore;
  private MvSubscriptionStore alarmStore;
  private SubscriptionService inventory;
  private SubscriptionService alarms;
  private SubscriptionOwners owners;

  @BeforeEach
  void open() {
    inventoryStore = new MvSubscriptionStore(dir, O2Json.newMapper());
    alarmStore = new MvSubscriptionStore(dir.resolve("alarms"), O2Json.newMapper());
    PageMarkerCodec markers = new PageMarkerCodec("k".getBytes(StandardCharsets.UTF_8));
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    SubscriptionService.Policy policy = new SubscriptionService.Policy(false, true);
    inventory =
        new SubscriptionService(
            inventoryStore,
            O2Json.newMapper(),
            markers,
            2,
            clock,
            policy,
            UUID::randomUUID,
            () -> {});
    alarms =
        new SubscriptionService(
            AlarmSubscriptions.KIND,
            alarmStore,
            O2Json.newMapper(),
            markers,
            2,
            clock,
            policy,
            UUID::randomUUID,
            () -> {},
            callback -> {});
    owners = new SubscriptionOwners(inventory, Optional.of(alarms), O2Json.newMapper());
  }

  @AfterEach
  void close() {
    inventoryStore.close();
    alarmStore.close();
  }

  private static byte[] body(String callback) {
    return ("{\"callback\":\"https://smo.example.com/" + callback + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Every item of every page, following the markers. */
  private List<JsonNode> all(Optional<String> owner, Optional<String> kind) {
    List<JsonNode> out = new ArrayList<>();
    Optional<String> marker = Optional.empty();
    do {
      Page page = owners.list(owner, kind, marker, PATH);
      page.items().forEach(out::add);
      marker = page.nextMarker();
    } while (marker.isPresent());
    return out;
  }

  private static List<String> ids(List<JsonNode> items) {
    return items.stream().map(n -> n.get("subscriptionId").asText()).toList();
  }

  @Test
  void listsEveryKindWithItsOwnerOrderedByKindThenId() {
    String v1 = inventory.create(body("a"), ALICE).subscriptionId().toString();
    String v2 = inventory.create(body("b"), CERT, ApiView.V2).subscriptionId().toString();
    String alarm = alarms.create(body("c"), ALICE).subscriptionId().toString();

    List<JsonNode> items = all(Optional.empty(), Optional.empty());
    assertThat(items)
        .extracting(n -> n.get("kind").asText())
        .containsExactly("alarm", "inventory-v1", "inventory-v2");
    assertThat(ids(items)).containsExactly(alarm, v1, v2);
    assertThat(items.get(1).get("owner").asText()).isEqualTo(ALICE);
    assertThat(items.get(1).get("ownerIdentity").get("issuer").asText()).isEqualTo("https://idp");
    assertThat(items.get(1).get("createdAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(items.get(2).get("ownerIdentity").get("dn").asText()).isEqualTo("CN=smo-1,O=op");

    assertThat(ids(all(Optional.of(ALICE), Optional.empty()))).containsExactly(alarm, v1);
    assertThat(ids(all(Optional.of(ALICE), Optional.of("inventory-v1")))).containsExactly(v1);
    assertThat(ids(all(Optional.of("cert:CN=smo-1, O=op"), Optional.empty()))).containsExactly(v2);
  }

  @Test
  void pagesCountTheWholeResultAndBindMarkersToTheirQuery() {
    for (int i = 0; i < 5; i++) {
      inventory.create(body("p" + i), ALICE);
    }
    Page first = owners.list(Optional.of(ALICE), Optional.empty(), Optional.empty(), PATH);
    assertThat(first.total()).isEqualTo(5);
    assertThat(first.items()).hasSize(2);
    assertThat(all(Optional.of(ALICE), Optional.empty())).hasSize(5);
    assertThatThrownBy(
            () -> owners.list(Optional.of(CERT), Optional.empty(), first.nextMarker(), PATH))
        .isInstanceOf(io.netweave.o2ims.model.InvalidQueryException.class);
  }

  @Test
  void anOwnerThatIsNoOwnerKeyOrAnUnknownKindIsABadRequest() {
    for (Runnable bad :
        List.<Runnable>of(
            () -> owners.list(Optional.of("alice"), Optional.empty(), Optional.empty(), PATH),
            () -> owners.list(Optional.empty(), Optional.of("v1"), Optional.empty(), PATH))) {
      assertThatThrownBy(bad::run)
          .isInstanceOfSatisfying(
              QueryProblem.class,
              p -> assertThat(p.kind()).isEqualTo(QueryProblem.Kind.BAD_REQUEST));
    }
  }
}
