package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.NotificationEventType;
import io.netweave.o2ims.model.O2Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConsumerIdSpliceTest {
  private final ObjectMapper mapper = O2Json.newMapper();

  private InventoryChangeNotification note(Optional<String> consumer) {
    return new InventoryChangeNotification(
        UUID.fromString("7f8e7c55-8d7c-4b4e-9a60-2b1f0f3f7a10"),
        Optional.empty(),
        NotificationEventType.MODIFY,
        Optional.of("/o2ims-infrastructureInventory/v1/resourcePools/p/resources/r"),
        Optional.of(Map.of("name", "node-1", "extensions", Map.of("ready", true))),
        Optional.of(Map.of("name", "node-1", "extensions", Map.of("ready", false))),
        consumer);
  }

  @Test
  void splicedBodiesAreTheBytesOfTheWholeSerialization() throws Exception {
    NotificationProducer.ConsumerIdSplice splice =
        new NotificationProducer.ConsumerIdSplice(mapper);
    assertThat(splice.works).isTrue();
    String shared = mapper.writeValueAsString(note(Optional.empty()));
    for (String id :
        List.of(
            "3F2504E0-4F89-11D3-9A0C-0305E82C3301",
            "3f2504e0-4F89-11d3-9A0C-0305e82c3301",
            UUID.randomUUID().toString())) {
      assertThat(splice.withConsumer(shared, id))
          .isEqualTo(mapper.writeValueAsString(note(Optional.of(id))));
      assertThat(
              mapper
                  .readValue(splice.withConsumer(shared, id), InventoryChangeNotification.class)
                  .consumerSubscriptionIdText())
          .contains(id);
    }
  }

  @Test
  void aMapperThatOrdersPropertiesOtherwiseIsNotSpliced() {
    ObjectMapper sorted = O2Json.newMapper();
    sorted.configure(
        com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true);
    sorted.configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    assertThat(new NotificationProducer.ConsumerIdSplice(sorted).works).isFalse();
  }
}
