package io.netweave.o2ims.server.internal.alarms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.AlarmServiceConfiguration;
import io.netweave.o2ims.model.O2Json;
import java.io.UncheckedIOException;

/**
 * The storage form of alarm records and of the service configuration, shared by the alarm stores:
 * the API JSON, written deterministically (equal records give equal text, which the stores'
 * compare-and-set relies on). Immutable and thread-safe.
 */
public final class AlarmRecordCodec {
  private final ObjectMapper mapper = O2Json.newMapper();

  public String encode(AlarmEventRecord record) {
    return write(record);
  }

  public AlarmEventRecord decode(String text) {
    return read(text, AlarmEventRecord.class);
  }

  /** Any value as JSON text (notification bodies). */
  public String text(Object value) {
    return write(value);
  }

  public String encode(AlarmServiceConfiguration configuration) {
    return write(configuration);
  }

  public AlarmServiceConfiguration decodeConfiguration(String text) {
    return read(text, AlarmServiceConfiguration.class);
  }

  private String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> T read(String text, Class<T> type) {
    try {
      return mapper.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
