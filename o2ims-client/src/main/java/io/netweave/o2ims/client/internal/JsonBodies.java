package io.netweave.o2ims.client.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.client.O2imsResponseException;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Reads response bodies into the model's records or JSON trees with the one netweave mapper
 * configuration; anything unreadable becomes an {@link O2imsResponseException}. Thread-safe.
 */
public final class JsonBodies {
  private final ObjectMapper mapper;

  public JsonBodies(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  /** A reader of a JSON array of {@code type}, reusable across threads. */
  public ObjectReader listReader(Class<?> type) {
    JavaType listType = mapper.getTypeFactory().constructCollectionType(List.class, type);
    return mapper.readerFor(listType);
  }

  /** One JSON array of records. */
  public <T> List<T> list(Exchange answer, ObjectReader reader) {
    try {
      List<T> items = reader.readValue(answer.body());
      if (items == null) {
        throw new O2imsResponseException(where(answer) + ": expected a JSON array, got null", null);
      }
      return items;
    } catch (IOException | IllegalArgumentException e) {
      throw new O2imsResponseException(where(answer) + ": unreadable list: " + e.getMessage(), e);
    }
  }

  /** One JSON object as a record. */
  public <T> T object(Exchange answer, Class<T> type) {
    try {
      T value = mapper.readValue(answer.body(), type);
      if (value == null) {
        throw new O2imsResponseException(where(answer) + ": expected a JSON object", null);
      }
      return value;
    } catch (IOException | IllegalArgumentException e) {
      throw new O2imsResponseException(
          where(answer) + ": unreadable " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** One JSON array of objects as trees (projected by a selector). */
  public List<ObjectNode> trees(Exchange answer) {
    return list(answer, listReader(ObjectNode.class));
  }

  /** One JSON object as a tree. */
  public ObjectNode tree(Exchange answer) {
    return object(answer, ObjectNode.class);
  }

  private static String where(Exchange answer) {
    return answer.method() + " " + answer.url();
  }
}
