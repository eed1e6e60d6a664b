package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.ObjectType;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotificationIdsTest {
  private final UUID object = UUID.fromString("11111111-2222-4333-8444-555555555555");

  private ObjectChange change(long revision) {
    return new ObjectChange(
        ObjectType.RESOURCE,
        object,
        NotificationEventType.DELETE,
        Optional.empty(),
        Optional.empty(),
        revision);
  }

  @Test
  void idsAreVersion5AndTheSameForTheSameChangeWhoeverComputesThem() {
    UUID one = NotificationIds.of(change(7), "{\"a\":1}", "null");
    UUID two = NotificationIds.of(change(7), "{\"a\":1}", "null");
    assertThat(one).isEqualTo(two);
    assertThat(one.version()).isEqualTo(5);
    assertThat(one.variant()).isEqualTo(2);
  }

  @Test
  void differentRevisionsOrStatesGiveDifferentIds() {
    UUID base = NotificationIds.of(change(7), "{\"a\":1}", "null");
    assertThat(NotificationIds.of(change(8), "{\"a\":1}", "null")).isNotEqualTo(base);
    assertThat(NotificationIds.of(change(7), "{\"a\":2}", "null")).isNotEqualTo(base);
  }

  @Test
  void version5MatchesTheRfcExample() {
    // RFC 9562 appendix A.4: DNS namespace, name "www.example.com".
    UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    assertThat(NotificationIds.v5(dns, "www.example.com"))
        .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
  }
}
