package io.netweave.o2ims.server.internal.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.AlarmServiceConfiguration;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.model.PerceivedSeverity;
import io.netweave.o2ims.server.internal.notify.embedded.MvAlarmStore;
import io.netweave.o2ims.server.spi.AlarmStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlarmQueryServiceTest {
  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir Path dir;
  MvAlarmStore real;
  final AtomicInteger fullReads = new AtomicInteger();
  AlarmQueryService alarms;

  @BeforeEach
  void open() {
    real = new MvAlarmStore(dir);
    alarms =
        new AlarmQueryService(
            new CountingStore(real, fullReads),
            O2Json.newMapper(),
            new PageMarkerCodec("k".getBytes(StandardCharsets.UTF_8)),
            2,
            Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC),
            false,
            List::of,
            () -> {});
  }

  @AfterEach
  void close() {
    real.close();
  }

  static AlarmEventRecord record(int i, PerceivedSeverity severity) {
    return AlarmEventRecord.builder()
        .alarmEventRecordId(UUID.fromString("aaaaaaaa-0000-4000-8000-00000000000" + i))
        .resourceTypeID(UUID.fromString("11111111-1111-5111-8111-111111111111"))
        .resourceID(UUID.fromString("22222222-2222-5222-8222-22222222222" + i))
        .alarmDefinitionID(UUID.fromString("33333333-3333-5333-8333-333333333333"))
        .probableCauseID(UUID.fromString("44444444-4444-5444-8444-444444444444"))
        .alarmRaisedTime(T0)
        .perceivedSeverity(severity)
        .extensions(Map.of("nodeName", "n" + i, "alarmName", "NodeNotReady"))
        .build();
  }

  static ListQuery query(String filter, Optional<String> marker) {
    return new ListQuery(
        filter.isEmpty() ? Filter.all() : Filter.parse(List.of(filter)),
        FieldSelector.all(),
        marker);
  }

  @Test
  void listsBetweenTwoWritesReadTheStoreOnceAndAWriteIsSeenByTheNextList() {
    for (int i = 1; i <= 5; i++) {
      real.create(record(i, i % 2 == 0 ? PerceivedSeverity.CRITICAL : PerceivedSeverity.MAJOR));
    }
    String path = AlarmQueryService.PREFIX + "/v1/alarms";
    Page first = alarms.list(query("", Optional.empty()), path);
    assertThat(first.total()).isEqualTo(5);
    Page second = alarms.list(query("", first.nextMarker()), path);
    assertThat(second.items().get(0).path("alarmEventRecordId").asText()).endsWith("3");
    Page critical = alarms.list(query("(eq,perceivedSeverity,0)", Optional.empty()), path);
    assertThat(critical.total()).isEqualTo(2);
    Page byAlias =
        alarms.list(
            query("(eq,resourceId,22222222-2222-5222-8222-222222222224)", Optional.empty()), path);
    assertThat(byAlias.total()).isEqualTo(1);
    // four lists, no write between them: the records were read and decoded once
    assertThat(fullReads).hasValue(1);

    UUID id = record(4, PerceivedSeverity.CRITICAL).alarmEventRecordId();
    alarms.patch(id, "{\"alarmAcknowledged\":true}".getBytes(StandardCharsets.UTF_8));
    Page unacknowledged =
        alarms.list(query("(eq,alarmAcknowledged,false)", Optional.empty()), path);
    assertThat(unacknowledged.total()).isEqualTo(4);
    assertThat(fullReads).hasValue(2);
    // a write by another replica (straight into the store) is seen as well
    real.create(record(6, PerceivedSeverity.CRITICAL));
    assertThat(alarms.list(query("(eq,perceivedSeverity,0)", Optional.empty()), path).total())
        .isEqualTo(3);
    assertThat(fullReads).hasValue(3);
  }

  /** The real store, counting its full reads ({@link AlarmStore#list}). */
  record CountingStore(AlarmStore store, AtomicInteger lists) implements AlarmStore {
    @Override
    public Optional<AlarmEventRecord> get(UUID id) {
      return store.get(id);
    }

    @Override
    public List<AlarmEventRecord> list() {
      lists.incrementAndGet();
      return store.list();
    }

    @Override
    public boolean create(AlarmEventRecord record) {
      return store.create(record);
    }

    @Override
    public boolean replace(AlarmEventRecord expected, AlarmEventRecord updated) {
      return store.replace(expected, updated);
    }

    @Override
    public int purgeClearedBefore(Instant clearedBefore) {
      return store.purgeClearedBefore(clearedBefore);
    }

    @Override
    public long revision() {
      return store.revision();
    }

    @Override
    public AlarmServiceConfiguration configuration() {
      return store.configuration();
    }

    @Override
    public void configure(AlarmServiceConfiguration configuration) {
      store.configure(configuration);
    }

    @Override
    public boolean configure(
        AlarmServiceConfiguration expected, AlarmServiceConfiguration updated) {
      return store.configure(expected, updated);
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
