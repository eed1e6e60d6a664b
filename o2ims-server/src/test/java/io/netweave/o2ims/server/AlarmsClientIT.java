package io.netweave.o2ims.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netweave.o2ims.client.NotificationListener;
import io.netweave.o2ims.client.NotificationReceiver;
import io.netweave.o2ims.client.O2imsApiException;
import io.netweave.o2ims.client.O2imsClient;
import io.netweave.o2ims.client.Query;
import io.netweave.o2ims.model.AlarmEventNotification;
import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.AlarmEventType;
import io.netweave.o2ims.model.AlarmServiceConfiguration;
import io.netweave.o2ims.model.AlarmSubscription;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.PerceivedSeverity;
import io.netweave.o2ims.model.ProbableCause;
import io.netweave.o2ims.model.SubscriptionRequest;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client SDK's monitoring API against the real gateway (demo O-Cloud, in-process): alarm
 * records, acknowledge and clear, the service configuration, probable causes, alarm subscriptions,
 * and the SDK's notification listener receiving the alarm events; the {@code Alarms} Javadoc
 * example runs here.
 */
class AlarmsClientIT {
  @TempDir static Path dataDir;
  static Gateway gateway;
  static O2imsClient client;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    gateway =
        InProcessGateways.start(
            dataDir,
            Map.of(
                "server.page_size", "2",
                "notifications.poll_interval", "50ms",
                "alarms.evaluation_interval", "100ms"));
    client = O2imsClient.builder().baseUrl(GatewayHttp.base(gateway)).build();
  }

  @AfterAll
  static void stop() {
    client.close();
    gateway.close();
  }

  /** The example of the {@code Alarms} class Javadoc. */
  static void example(O2imsClient client) {
    Query critical =
        Query.builder().filter("(eq,perceivedSeverity,0);(eq,alarmAcknowledged,false)").build();
    client
        .alarms()
        .list(critical)
        .forEach(a -> client.alarms().acknowledge(a.alarmEventRecordId()));
  }

  static String demo(String method, String path, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(GatewayHttp.base(gateway) + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    return r.body();
  }

  /**
   * A retention below a day is refused before anything is sent, as the configuration record's
   * constructor refuses it for {@code configure}, and the server's configuration stays.
   */
  @Test
  void aRetentionPeriodBelowOneDayIsRefusedBeforeSending() {
    int before = client.alarms().configuration().retentionPeriod();
    assertThatThrownBy(() -> client.alarms().retentionPeriod(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retentionPeriod must be at least 1");
    assertThat(client.alarms().configuration().retentionPeriod()).isEqualTo(before);
  }

  @Test
  void theSdkListsAcknowledgesConfiguresAndReceivesAlarms() throws Exception {
    List<AlarmEventNotification> received = new CopyOnWriteArrayList<>();
    try (NotificationListener listener =
        NotificationListener.start(
            NotificationReceiver.builder().unsigned().build(),
            new InetSocketAddress("127.0.0.1", 0),
            "/smo/alarms",
            inventory -> {},
            received::add)) {
      AlarmSubscription sub =
          client
              .alarmSubscriptions()
              .create(
                  new SubscriptionRequest(
                      listener.callbackUri().toString(),
                      Optional.empty(),
                      Optional.of("(neq,notificationEventType,1)")));
      assertThat(client.alarmSubscriptions().get(sub.alarmSubscriptionId())).isEqualTo(sub);
      assertThat(client.alarmSubscriptions().list().toList()).contains(sub);

      String node =
          O2Json.newMapper()
              .readTree(demo("POST", "/admin/v1/demo/resources", "{\"nodeName\":\"sdk-1\"}"))
              .path("resourceId")
              .asText();
      demo("PATCH", "/admin/v1/demo/resources/" + node, "{\"conditions\":{\"Ready\":\"Unknown\"}}");
      Query ofNode = Query.builder().filter("(eq,resourceId," + node + ")").build();
      await().atMost(Duration.ofSeconds(20)).until(() -> client.alarms().list(ofNode).count() == 1);
      AlarmEventRecord raised = client.alarms().list(ofNode).findFirst().orElseThrow();
      assertThat(raised.perceivedSeverity()).isEqualTo(PerceivedSeverity.CRITICAL);

      example(client);
      AlarmEventRecord acked = client.alarms().get(raised.alarmEventRecordId());
      assertThat(acked.alarmAcknowledged()).isTrue();
      assertThatThrownBy(() -> client.alarms().clear(raised.alarmEventRecordId()))
          .isInstanceOfSatisfying(
              O2imsApiException.class, e -> assertThat(e.status()).isEqualTo(409));
      assertThat(client.alarms().find(UUID.randomUUID())).isEmpty();
      assertThat(
              client
                  .alarms()
                  .select(
                      Query.builder()
                          .filter("(eq,resourceID," + node + ")")
                          .fields("extensions/nodeName")
                          .build())
                  .findFirst()
                  .orElseThrow()
                  .path("extensions")
                  .path("nodeName")
                  .asText())
          .isEqualTo("sdk-1");

      List<ProbableCause> causes = client.alarms().probableCauses().toList();
      assertThat(causes).hasSize(6); // three pages of two
      assertThat(client.alarms().probableCause(raised.probableCauseID()).name())
          .isEqualTo("communicationSubsystemFailure");
      assertThat(client.alarms().apiVersions().apiVersions().get(0).version()).isEqualTo("1.1.0");

      assertThat(client.alarms().configuration().retentionPeriod()).isEqualTo(14);
      assertThat(client.alarms().retentionPeriod(7).retentionPeriod()).isEqualTo(7);
      assertThat(client.alarms().configure(new AlarmServiceConfiguration(3, Map.of("by", "sdk"))))
          .isEqualTo(new AlarmServiceConfiguration(3, Map.of("by", "sdk")));

      demo("PATCH", "/admin/v1/demo/resources/" + node, "{\"conditions\":{\"Ready\":\"True\"}}");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  received.stream()
                          .filter(n -> n.alarmEventRecordId().equals(raised.alarmEventRecordId()))
                          .count()
                      >= 3);
      assertThat(
              received.stream()
                  .filter(n -> n.alarmEventRecordId().equals(raised.alarmEventRecordId()))
                  .map(AlarmEventNotification::notificationEventType))
          .containsExactly(AlarmEventType.NEW, AlarmEventType.ACKNOWLEDGE, AlarmEventType.CLEAR);
      client.alarmSubscriptions().delete(sub.alarmSubscriptionId());
      assertThat(client.alarmSubscriptions().find(sub.alarmSubscriptionId())).isEmpty();
    }
  }
}
