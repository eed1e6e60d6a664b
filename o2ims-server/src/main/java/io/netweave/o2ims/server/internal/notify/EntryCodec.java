package io.netweave.o2ims.server.internal.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.server.spi.DeadLetter;
import io.netweave.o2ims.server.spi.OutboxEntry;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * The storage form of outbox entries and dead letters shared by the outbox implementations: a small
 * JSON document without the subscription id and sequence, which the storage key carries. Immutable
 * and thread-safe.
 */
public final class EntryCodec {
  private final ObjectMapper mapper = O2Json.newMapper();

  /** Encodes an entry's content (not its subscription id and sequence). */
  public String encode(OutboxEntry entry) {
    return write(node(entry));
  }

  /** Decodes what {@link #encode} wrote, under the subscription and sequence of its key. */
  public OutboxEntry decode(UUID subscriptionId, long sequence, String stored) {
    JsonNode n = read(stored);
    return new OutboxEntry(
        subscriptionId,
        sequence,
        UUID.fromString(n.get("notificationId").asText()),
        n.get("body").asText(),
        n.get("attempts").asInt(),
        Instant.ofEpochMilli(n.get("next").asLong()),
        Instant.ofEpochMilli(n.get("created").asLong()));
  }

  /** Encodes a whole dead letter, entry identity included. */
  public String encode(DeadLetter letter) {
    ObjectNode n = node(letter.entry());
    n.put("subscriptionId", letter.entry().subscriptionId().toString());
    n.put("sequence", letter.entry().sequence());
    n.put("id", letter.id().toString());
    n.put("reason", letter.reason());
    n.put("deadAt", letter.deadAt().toEpochMilli());
    return write(n);
  }

  /** Decodes what {@link #encode(DeadLetter)} wrote. */
  public DeadLetter decodeDeadLetter(String stored) {
    JsonNode n = read(stored);
    OutboxEntry entry =
        decode(
            UUID.fromString(n.get("subscriptionId").asText()), n.get("sequence").asLong(), stored);
    return new DeadLetter(
        UUID.fromString(n.get("id").asText()),
        entry,
        n.get("reason").asText(),
        Instant.ofEpochMilli(n.get("deadAt").asLong()));
  }

  private ObjectNode node(OutboxEntry entry) {
    ObjectNode n = mapper.createObjectNode();
    n.put("notificationId", entry.notificationId().toString());
    n.put("attempts", entry.attempts());
    n.put("next", entry.nextAttemptAt().toEpochMilli());
    n.put("created", entry.createdAt().toEpochMilli());
    n.put("body", entry.body());
    return n;
  }

  private String write(JsonNode n) {
    try {
      return mapper.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode read(String stored) {
    try {
      return mapper.readTree(stored);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
