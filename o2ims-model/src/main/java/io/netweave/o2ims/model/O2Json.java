package io.netweave.o2ims.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

/**
 * The one JSON mapping configuration of netweave, used by the server, the client SDK and the tests:
 * absent optionals are omitted (never written as {@code null}), unknown members are tolerated on
 * read, and duplicate members are an error.
 */
public final class O2Json {
  private O2Json() {}

  /**
   * A new mapper with netweave's settings. Mappers are thread-safe once configured; create one per
   * component owner and share it.
   */
  public static JsonMapper newMapper() {
    return JsonMapper.builder()
        .addModule(new Jdk8Module())
        .serializationInclusion(JsonInclude.Include.NON_ABSENT)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
  }
}
