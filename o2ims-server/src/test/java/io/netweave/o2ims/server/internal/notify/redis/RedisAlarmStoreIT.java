package io.netweave.o2ims.server.internal.notify.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.server.internal.notify.AlarmStoreContract;
import io.netweave.o2ims.server.internal.notify.RedisServerFixture;
import io.netweave.o2ims.server.spi.AlarmStore;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The one alarm store contract, on a real Redis shared by two "replicas". */
class RedisAlarmStoreIT extends AlarmStoreContract {
  @RegisterExtension
  static final RedisServerFixture.PerClass redisServer = RedisServerFixture.perClass();

  @Override
  protected AlarmStore newStore() {
    redisServer.get().flushAll();
    return new RedisAlarmStore(redisServer.get().commands(), "it:");
  }

  @Override
  protected AlarmStore reopen() {
    return new RedisAlarmStore(redisServer.get().commands(), "it:");
  }

  @Test
  void anotherReplicaLosesACompareAndSetRace() {
    AlarmEventRecord r = record(UUID.randomUUID());
    store.create(r);
    AlarmStore other = reopen();
    assertThat(other.replace(r, r.toBuilder().acknowledged(T0).build())).isTrue();
    assertThat(store.replace(r, r.toBuilder().cleared(T0).build())).isFalse();
    assertThat(store.get(r.alarmEventRecordId()).orElseThrow().alarmAcknowledged()).isTrue();
  }
}
