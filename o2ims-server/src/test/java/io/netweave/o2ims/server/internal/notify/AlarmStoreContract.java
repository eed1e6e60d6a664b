package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.AlarmServiceConfiguration;
import io.netweave.o2ims.model.PerceivedSeverity;
import io.netweave.o2ims.server.spi.AlarmStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link AlarmStore} must do; each implementation's test extends this. */
public abstract class AlarmStoreContract {
  protected static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  protected AlarmStore store;

  /** A new, empty store. */
  protected abstract AlarmStore newStore();

  /** The same storage opened again (a restart, or another replica). */
  protected abstract AlarmStore reopen();

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  protected static AlarmEventRecord record(UUID id) {
    return AlarmEventRecord.builder()
        .alarmEventRecordId(id)
        .resourceTypeID(UUID.fromString("11111111-1111-5111-8111-111111111111"))
        .resourceID(UUID.fromString("22222222-2222-5222-8222-222222222222"))
        .alarmDefinitionID(UUID.fromString("33333333-3333-5333-8333-333333333333"))
        .probableCauseID(UUID.fromString("44444444-4444-5444-8444-444444444444"))
        .alarmRaisedTime(T0)
        .perceivedSeverity(PerceivedSeverity.MAJOR)
        .extensions(Map.of("nodeName", "n1", "alarmName", "NodeNotReady"))
        .build();
  }

  @Test
  void createdRecordsAreReadAndListedInIdOrder() {
    AlarmEventRecord b = record(UUID.fromString("bbbbbbbb-0000-4000-8000-000000000000"));
    AlarmEventRecord a = record(UUID.fromString("aaaaaaaa-0000-4000-8000-000000000000"));
    assertThat(store.create(b)).isTrue();
    assertThat(store.create(a)).isTrue();
    assertThat(store.get(a.alarmEventRecordId())).contains(a);
    assertThat(store.list()).containsExactly(a, b);
    assertThat(store.get(UUID.randomUUID())).isEmpty();
  }

  @Test
  void createNeverOverwrites() {
    AlarmEventRecord r = record(UUID.randomUUID());
    store.create(r);
    long revision = store.revision();
    AlarmEventRecord other = r.toBuilder().perceivedSeverity(PerceivedSeverity.MINOR).build();
    assertThat(store.create(other)).isFalse();
    assertThat(store.get(r.alarmEventRecordId())).contains(r);
    assertThat(store.revision()).isEqualTo(revision);
  }

  @Test
  void replaceIsACompareAndSetOnTheWholeRecord() {
    AlarmEventRecord r = record(UUID.randomUUID());
    store.create(r);
    AlarmEventRecord acked = r.toBuilder().acknowledged(T0.plusSeconds(5)).build();
    AlarmEventRecord changed =
        r.toBuilder().perceivedSeverity(PerceivedSeverity.CRITICAL).alarmChangedTime(T0).build();
    assertThat(store.replace(r, acked)).isTrue();
    assertThat(store.replace(r, changed)).as("stale expectation").isFalse();
    assertThat(store.get(r.alarmEventRecordId())).contains(acked);
    UUID absent = UUID.randomUUID();
    assertThat(store.replace(record(absent), record(absent).toBuilder().acknowledged(T0).build()))
        .isFalse();
    assertThatThrownBy(() -> store.replace(r, record(UUID.randomUUID())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void revisionChangesWithEveryWrite() {
    long r0 = store.revision();
    AlarmEventRecord r = record(UUID.randomUUID());
    store.create(r);
    long r1 = store.revision();
    store.replace(r, r.toBuilder().acknowledged(T0).build());
    long r2 = store.revision();
    assertThat(List.of(r0, r1, r2)).doesNotHaveDuplicates();
  }

  @Test
  void purgeRemovesOnlyClearedRecordsOlderThanTheLimit() {
    AlarmEventRecord active = record(UUID.randomUUID());
    AlarmEventRecord oldCleared =
        record(UUID.randomUUID()).toBuilder().cleared(T0.plus(Duration.ofHours(1))).build();
    AlarmEventRecord recentCleared =
        record(UUID.randomUUID()).toBuilder().cleared(T0.plus(Duration.ofDays(3))).build();
    store.create(active);
    store.create(oldCleared);
    store.create(recentCleared);
    assertThat(store.purgeClearedBefore(T0.plus(Duration.ofDays(2)))).isEqualTo(1);
    assertThat(store.list()).containsExactlyInAnyOrder(active, recentCleared);
    assertThat(store.purgeClearedBefore(T0.plus(Duration.ofDays(365)))).isEqualTo(1);
    assertThat(store.list()).containsExactly(active);
  }

  @Test
  void theConfigurationDefaultsAndIsReplaced() {
    assertThat(store.configuration()).isEqualTo(AlarmServiceConfiguration.defaults());
    AlarmServiceConfiguration c = new AlarmServiceConfiguration(3, Map.of("owner", "noc"));
    store.configure(c);
    assertThat(store.configuration()).isEqualTo(c);
  }

  @Test
  void configureIsACompareAndSetWhenGivenTheExpectedConfiguration() {
    AlarmServiceConfiguration defaults = AlarmServiceConfiguration.defaults();
    AlarmServiceConfiguration a = new AlarmServiceConfiguration(3, Map.of("a", "1"));
    AlarmServiceConfiguration b = new AlarmServiceConfiguration(3, Map.of("b", "2"));
    assertThat(store.configure(a, b)).isFalse();
    assertThat(store.configuration()).isEqualTo(defaults);
    assertThat(store.configure(defaults, a)).isTrue();
    assertThat(store.configure(defaults, b)).isFalse();
    assertThat(store.configuration()).isEqualTo(a);
    assertThat(store.configure(a, b)).isTrue();
    assertThat(store.configuration()).isEqualTo(b);
    assertThat(store.configure(a, defaults)).isFalse();
    assertThat(store.configure(b, defaults)).isTrue();
    assertThat(store.configuration()).isEqualTo(defaults);
  }

  @Test
  void recordsAndConfigurationSurviveReopening() {
    AlarmEventRecord r = record(UUID.randomUUID()).toBuilder().acknowledged(T0).build();
    store.create(r);
    store.configure(new AlarmServiceConfiguration(5, Map.of()));
    store.close();
    store = reopen();
    assertThat(store.list()).containsExactly(r);
    assertThat(store.configuration().retentionPeriod()).isEqualTo(5);
  }
}
