package io.netweave.o2ims.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.model.AlarmEventNotification;
import io.netweave.o2ims.model.AlarmEventType;
import io.netweave.o2ims.model.PerceivedSeverity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlarmNotificationReceiverTest {
  private final NotificationReceiver receiver = NotificationReceiver.builder().unsigned().build();

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final String KNI =
      "{\"globalCloudID\":\"9d2b8f4e-5c1a-4e7b-8f3d-2a6c9e1b7d40\","
          + "\"consumerSubscriptionId\":\"\",\"notificationEventType\":\"3\","
          + "\"alarmEventRecordId\":\"3f1c5e2a-0b7d-4c1e-9a8f-2d6b4e8c0a11\","
          + "\"resourceTypeID\":\"11111111-1111-5111-8111-111111111111\","
          + "\"resourceID\":\"22222222-2222-5222-8222-222222222222\","
          + "\"alarmDefinitionID\":\"33333333-3333-5333-8333-333333333333\","
          + "\"probableCauseID\":\"44444444-4444-5444-8444-444444444444\","
          + "\"alarmRaisedTime\":\"2026-12-06T08:00:00Z\","
          + "\"alarmAcknowledgeTime\":\"2026-12-06T08:05:00Z\",\"alarmAcknowledged\":true,"
          + "\"perceivedSeverity\":\"1\"}";

  @Test
  void anAlarmNotificationOfAnotherServerIsReadTolerantly() {
    NotificationReceiver.Result r = receiver.receive("POST", Map.of(), bytes(KNI));
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.notification()).isEmpty();
    AlarmEventNotification n = r.alarm().orElseThrow();
    assertThat(n.notificationEventType()).isEqualTo(AlarmEventType.ACKNOWLEDGE);
    assertThat(n.perceivedSeverity()).isEqualTo(PerceivedSeverity.MAJOR);
    assertThat(n.consumerSubscriptionId()).isEmpty();
    assertThat(n.alarmAcknowledgeTime()).contains("2026-12-06T08:05:00Z");
    assertThat(n.alarmChangedTime()).isEqualTo("2026-12-06T08:00:00Z");
    assertThat(n.objectRef())
        .isEqualTo(
            "/o2ims-infrastructureMonitoring/v1/alarms/3f1c5e2a-0b7d-4c1e-9a8f-2d6b4e8c0a11");
    // a redelivery of the same body gets the same derived notificationId
    assertThat(receiver.parseAlarm(bytes(KNI)).notificationId()).isEqualTo(n.notificationId());
  }

  @Test
  void aBrokenAlarmNotificationIsRefusedWith400() {
    String broken = KNI.replace("\"perceivedSeverity\":\"1\"", "\"perceivedSeverity\":9");
    NotificationReceiver.Result r = receiver.receive("POST", Map.of("X", List.of()), bytes(broken));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.alarm()).isEmpty();
  }
}
