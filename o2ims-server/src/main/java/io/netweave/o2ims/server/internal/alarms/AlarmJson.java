package io.netweave.o2ims.server.internal.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.AlarmEventType;
import io.netweave.o2ims.model.ObjectSchema;
import java.util.Map;

/**
 * The JSON views of alarm records: the API view, the view filters evaluate (the {@code ...Id}
 * aliases added), and the view of an event (plus {@code notificationEventType}). Thread-safe.
 */
final class AlarmJson {
  private final ObjectMapper mapper;

  AlarmJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ObjectNode view(AlarmEventRecord record) {
    return mapper.valueToTree(record);
  }

  /** The record as list filters see it: the API view plus the alias spellings. */
  ObjectNode filterView(ObjectNode view) {
    ObjectNode copy = view.deepCopy();
    for (Map.Entry<String, String> alias : ObjectSchema.ALARM_ID_ALIASES.entrySet()) {
      JsonNode value = view.get(alias.getValue());
      if (value != null) {
        copy.set(alias.getKey(), value);
      }
    }
    return copy;
  }

  /** An event as subscription filters see it. */
  ObjectNode eventView(AlarmEventRecord record, AlarmEventType type) {
    ObjectNode node = filterView(view(record));
    node.put("notificationEventType", type.code());
    return node;
  }
}
