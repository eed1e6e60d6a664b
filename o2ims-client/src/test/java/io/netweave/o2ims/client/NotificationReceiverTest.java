package io.netweave.o2ims.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.NotificationSignature;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

class NotificationReceiverTest {
  static final String SECRET = "shared-secret-of-subscription-1";
  static final UUID NOTIFICATION = UUID.fromString("3f2504e0-4f89-41d3-9a0c-0305e82c3301");

  final MutableClock clock = MutableClock.of(Instant.parse("2026-11-27T07:00:00Z"), ZoneOffset.UTC);
  final NotificationReceiver receiver =
      NotificationReceiver.builder().secret(SECRET).clock(clock).build();

  static byte[] body(String eventType) {
    return ("{\"notificationId\":\""
            + NOTIFICATION
            + "\",\"notificationEventType\":"
            + eventType
            + ",\"objectRef\":\"/o2ims-infrastructureInventory/v1/resourcePools/"
            + Fixtures.POOL
            + "/resources/"
            + Fixtures.uuid("resource", 1)
            + "\",\"postObjectState\":"
            + Fixtures.json(Fixtures.resource(1))
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }

  Map<String, List<String>> signed(byte[] body, String secret, Instant at) {
    return Map.of(
        "x-o2ims-signature",
        List.of(NotificationSignature.withSecret(secret).sign(at, body)),
        "Content-Type",
        List.of("application/json"));
  }

  @Test
  void aCorrectlySignedNotificationIsAccepted() {
    byte[] body = body("1");
    NotificationReceiver.Result result =
        receiver.receive("POST", signed(body, SECRET, clock.instant()), body);
    assertThat(result.status()).isEqualTo(204);
    assertThat(result.accepted()).isTrue();
    InventoryChangeNotification n = result.notification().orElseThrow();
    assertThat(n.notificationId()).isEqualTo(NOTIFICATION);
    assertThat(n.notificationEventType()).isEqualTo(NotificationEventType.MODIFY);
    assertThat(n.postObjectState().orElseThrow()).containsEntry("description", "node worker-1");
    assertThat(n.priorObjectState()).isEmpty();
  }

  @Test
  void aTamperedBodyIsRejected() {
    byte[] body = body("1");
    Map<String, List<String>> headers = signed(body, SECRET, clock.instant());
    byte[] tampered = body("2");
    NotificationReceiver.Result result = receiver.receive("POST", headers, tampered);
    assertThat(result.status()).isEqualTo(401);
    assertThat(result.notification()).isEmpty();
    assertThat(result.problem().orElseThrow().detail()).contains("MISMATCH");
  }

  @Test
  void aStaleTimestampIsRejectedEvenWithTheRightSecret() {
    byte[] body = body("1");
    NotificationReceiver.Result result =
        receiver.receive("POST", signed(body, SECRET, clock.instant().minusSeconds(301)), body);
    assertThat(result.status()).isEqualTo(401);
    assertThat(result.problem().orElseThrow().detail()).contains("STALE");
  }

  @Test
  void aTimestampWithinTheSkewIsAcceptedInBothDirections() {
    byte[] body = body("1");
    assertThat(
            receiver
                .receive("POST", signed(body, SECRET, clock.instant().minusSeconds(299)), body)
                .status())
        .isEqualTo(204);
    assertThat(
            receiver
                .receive("POST", signed(body, SECRET, clock.instant().plusSeconds(299)), body)
                .status())
        .isEqualTo(204);
  }

  @Test
  void aWrongSecretIsRejected() {
    byte[] body = body("1");
    NotificationReceiver.Result result =
        receiver.receive("POST", signed(body, "another-secret", clock.instant()), body);
    assertThat(result.status()).isEqualTo(401);
  }

  @Test
  void aMissingOrMalformedSignatureIsRejected() {
    byte[] body = body("1");
    assertThat(receiver.receive("POST", Map.of(), body).problem().orElseThrow().detail())
        .contains("MISSING");
    assertThat(
            receiver
                .receive("POST", Map.of(NotificationSignature.HEADER, List.of("v1=abc")), body)
                .problem()
                .orElseThrow()
                .detail())
        .contains("MALFORMED");
    assertThat(
            receiver
                .receive("POST", Map.of(NotificationSignature.HEADER, List.of("t=1,v1=zz")), body)
                .status())
        .isEqualTo(401);
  }

  @Test
  void aRotatedSecretIsAcceptedWhenAnyV1Matches() {
    byte[] body = body("0");
    String ours = NotificationSignature.withSecret(SECRET).sign(clock.instant(), body);
    String old = NotificationSignature.withSecret("old").sign(clock.instant(), body);
    String header = old + "," + ours.substring(ours.indexOf("v1=")) + ",v2=ignored";
    assertThat(
            receiver
                .receive("POST", Map.of(NotificationSignature.HEADER, List.of(header)), body)
                .status())
        .isEqualTo(204);
  }

  @Test
  void theSignatureIsTheDocumentedHmacOverTimestampDotBody() throws Exception {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        java.util.HexFormat.of()
            .formatHex(mac.doFinal("1764226800.{}".getBytes(StandardCharsets.UTF_8)));
    assertThat(
            NotificationSignature.withSecret(SECRET).sign(Instant.ofEpochSecond(1764226800), body))
        .isEqualTo("t=1764226800,v1=" + expected);
  }

  @Test
  void theProbeGetIsAnswered204() {
    NotificationReceiver.Result result = receiver.receive("GET", Map.of(), new byte[0]);
    assertThat(result.status()).isEqualTo(204);
    assertThat(result.notification()).isEmpty();
  }

  @Test
  void otherMethodsAreRefused() {
    assertThat(receiver.receive("PUT", Map.of(), new byte[0]).status()).isEqualTo(405);
  }

  @Test
  void malformedBodiesAreBadRequests() {
    NotificationReceiver unsigned = NotificationReceiver.builder().unsigned().build();
    assertThat(unsigned.receive("POST", Map.of(), "{not json".getBytes()).status()).isEqualTo(400);
    assertThat(unsigned.receive("POST", Map.of(), "[]".getBytes()).status()).isEqualTo(400);
    assertThat(
            unsigned.receive("POST", Map.of(), "{\"notificationEventType\":1}".getBytes()).status())
        .isEqualTo(400);
    assertThat(unsigned.receive("POST", Map.of(), body("7")).status()).isEqualTo(400);
  }

  @Test
  void stringEventTypesUnknownMembersAndStringEncodedStatesAreTolerated() {
    String pti =
        "{\"notificationId\":\""
            + NOTIFICATION
            + "\",\"consumerSubscriptionId\":\"\",\"notificationEventType\":\"2\","
            + "\"objectRef\":\"/o2ims-infrastructureInventory/v1/resourcePools/x\","
            + "\"priorObjectState\":\"{\\\"name\\\":\\\"zone-a\\\"}\",\"postObjectState\":null,"
            + "\"updateTime\":\"2026-11-27T07:00:00Z\",\"someFutureMember\":[1,2,3]}";
    InventoryChangeNotification n =
        NotificationReceiver.builder()
            .unsigned()
            .build()
            .parse(pti.getBytes(StandardCharsets.UTF_8));
    assertThat(n.notificationEventType()).isEqualTo(NotificationEventType.DELETE);
    assertThat(n.consumerSubscriptionId()).isEmpty();
    assertThat(n.priorObjectState().orElseThrow()).containsEntry("name", "zone-a");
    assertThat(n.postObjectState()).isEmpty();
  }

  @Test
  void theBuilderInsistsOnAChoiceAboutSignatures() {
    assertThatThrownBy(() -> NotificationReceiver.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unsigned()");
    assertThatThrownBy(() -> NotificationReceiver.builder().unsigned().secret("x"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(
            () ->
                NotificationReceiver.builder()
                    .unsigned()
                    .maxClockSkew(Duration.ofMinutes(1))
                    .build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new NotificationSignature(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
