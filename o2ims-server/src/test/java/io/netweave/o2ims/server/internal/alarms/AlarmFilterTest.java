package io.netweave.o2ims.server.internal.alarms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.AlarmEventType;
import io.netweave.o2ims.model.InvalidQueryException;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.PerceivedSeverity;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlarmFilterTest {
  static final UUID RESOURCE = UUID.fromString("22222222-2222-5222-8222-222222222222");
  final AlarmJson json = new AlarmJson(O2Json.newMapper());
  final AlarmEventRecord record =
      AlarmEventRecord.builder()
          .alarmEventRecordId(UUID.randomUUID())
          .resourceTypeID(UUID.randomUUID())
          .resourceID(RESOURCE)
          .alarmDefinitionID(UUID.randomUUID())
          .probableCauseID(UUID.randomUUID())
          .alarmRaisedTime(Instant.parse("2026-12-01T10:00:00Z"))
          .perceivedSeverity(PerceivedSeverity.MAJOR)
          .extensions(Map.of("nodeName", "n1"))
          .build();

  ObjectNode event(AlarmEventType type) {
    return json.eventView(record, type);
  }

  @Test
  void aBareTokenSelectsItsEventTypeInAnyCaseAndEqualsItsExpression() {
    AlarmFilter clear = AlarmFilter.parse("clear");
    assertThat(clear.matches(event(AlarmEventType.CLEAR))).isTrue();
    assertThat(clear.matches(event(AlarmEventType.NEW))).isFalse();
    assertThat(clear.canonical())
        .isEqualTo(AlarmFilter.parse("(eq,notificationEventType,2)").canonical());
  }

  @Test
  void expressionsUseRecordAttributesTheirIdAliasesAndExtensions() {
    assertThat(
            AlarmFilter.parse("(eq,resourceId," + RESOURCE + ")")
                .matches(event(AlarmEventType.NEW)))
        .isTrue();
    assertThat(
            AlarmFilter.parse("(eq,resourceID," + RESOURCE.toString().toUpperCase() + ")")
                .matches(event(AlarmEventType.NEW)))
        .isTrue();
    assertThat(
            AlarmFilter.parse("(lte,perceivedSeverity,1);(in,notificationEventType,0,3)")
                .matches(event(AlarmEventType.ACKNOWLEDGE)))
        .isTrue();
    assertThat(AlarmFilter.parse("(eq,extensions/nodeName,n2)").matches(event(AlarmEventType.NEW)))
        .isFalse();
    assertThat(AlarmFilter.parse(" ").isAll()).isTrue();
  }

  @Test
  void unknownAttributesAndBadTokensAreRefused() {
    assertThatThrownBy(() -> AlarmFilter.parse("(eq,objectType,Resource)"))
        .isInstanceOf(InvalidQueryException.class);
    assertThatThrownBy(() -> AlarmFilter.parse("RAISED")).isInstanceOf(InvalidQueryException.class);
    assertThatThrownBy(() -> AlarmFilter.parse("(eq,alarmAcknowledged,maybe)"))
        .isInstanceOf(InvalidQueryException.class);
  }
}
