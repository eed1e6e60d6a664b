package io.netweave.o2ims.k8s.internal;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.custom.QuantityFormatException;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.Watchable;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.NoSuchElementException;
import okhttp3.Call;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes list and watch calls and decodes their bodies leniently. The generated models of the
 * official client refuse JSON with a member they do not know or without one the OpenAPI document
 * marks required, so a Node from a newer API server (a new status field) would stop the informer
 * for good; this decoder (the client's own Gson setup without the validating adapters) reads what
 * it knows and ignores the rest, as client-go does.
 *
 * <p>One object the client cannot read must not stop the informer either (each relist and each
 * re-watch would meet it again): a malformed quantity is read as absent (the map entry is left out,
 * WARN); an item of a list that still cannot be read (a member of an unexpected type) is left out
 * of the list (WARN naming it), so the informer holds every other object; a watch line that cannot
 * be read (a stream cut in the middle of an event, or such an object) ends the watch as a broken
 * stream does, and the reflector relists, which leaves the unreadable object out. Thread-safe.
 */
public final class LenientCalls {
  private static final Logger LOG = LoggerFactory.getLogger(LenientCalls.class);

  /**
   * The reflector's words for a broken stream: an exception whose message holds them ends the watch
   * with a relist logged at INFO, not as a failure.
   */
  static final String BROKEN_STREAM = "IO Exception during hasNext method.";

  /** Set while a list is decoded again whose malformed quantities were already reported. */
  private static final ThreadLocal<Boolean> QUIET = new ThreadLocal<>();

  private final Gson gson =
      JSON.createGson()
          .registerTypeAdapter(OffsetDateTime.class, new JSON.OffsetDateTimeTypeAdapter())
          .registerTypeAdapter(Quantity.class, new LenientQuantity())
          .create();

  /** Runs a list call; non-2xx answers become {@link ApiException}s with their code and body. */
  public <L> L list(Call call, Class<L> type) throws ApiException {
    return list(call, type, Object.class);
  }

  /**
   * Runs a list call whose items are {@code itemType}; an item that cannot be read is left out.
   * Non-2xx answers become {@link ApiException}s with their code and body.
   */
  public <L> L list(Call call, Class<L> type, Class<?> itemType) throws ApiException {
    String body;
    try (Response response = call.execute()) {
      body = response.body() == null ? "" : response.body().string();
      if (!response.isSuccessful()) {
        throw new ApiException(response.code(), response.headers().toMultimap(), body);
      }
    } catch (IOException e) {
      throw new ApiException(e);
    }
    try {
      return gson.fromJson(body, type);
    } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
      return withoutUnreadableItems(body, type, itemType, e);
    }
  }

  private <L> L withoutUnreadableItems(
      String body, Class<L> type, Class<?> itemType, RuntimeException first) {
    JsonElement parsed;
    try {
      parsed = JsonParser.parseString(body);
    } catch (JsonParseException e) {
      throw new JsonParseException("the list answer is not JSON: " + first.getMessage(), first);
    }
    if (!parsed.isJsonObject() || !(parsed.getAsJsonObject().get("items") instanceof JsonArray)) {
      throw first;
    }
    JsonArray items = parsed.getAsJsonObject().getAsJsonArray("items");
    JsonArray readable = new JsonArray();
    for (JsonElement item : items) {
      try {
        gson.fromJson(item, itemType);
        readable.add(item);
      } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
        LOG.warn(
            "left out of the list: {} the client cannot read ({}); it is not served until it"
                + " changes",
            describe(item, itemType.getSimpleName().replaceFirst("^V1", "")),
            e.getMessage());
      }
    }
    parsed.getAsJsonObject().add("items", readable);
    // its malformed quantities were reported just above
    QUIET.set(Boolean.TRUE);
    try {
      return gson.fromJson(parsed, type);
    } finally {
      QUIET.remove();
    }
  }

  private static String describe(JsonElement object, String defaultKind) {
    if (object == null || !object.isJsonObject()) {
      return "an item that is no object";
    }
    JsonObject o = object.getAsJsonObject();
    JsonElement meta = o.get("metadata");
    JsonObject m = meta != null && meta.isJsonObject() ? meta.getAsJsonObject() : new JsonObject();
    return text(o.get("kind"), defaultKind)
        + " "
        + text(m.get("name"), "?")
        + " (resourceVersion "
        + text(m.get("resourceVersion"), "?")
        + ")";
  }

  private static String text(JsonElement value, String otherwise) {
    return value != null && value.isJsonPrimitive() ? value.getAsString() : otherwise;
  }

  /**
   * Reads a quantity, or null (the member left out of its map) when it is malformed, where the
   * client's own adapter throws and thereby fails the whole list or watch.
   */
  private static final class LenientQuantity extends TypeAdapter<Quantity> {
    @Override
    public void write(JsonWriter out, Quantity value) throws IOException {
      if (value == null) {
        out.nullValue();
      } else {
        out.value(value.toSuffixedString());
      }
    }

    @Override
    public Quantity read(JsonReader in) throws IOException {
      if (in.peek() == JsonToken.NULL) {
        in.nextNull();
        return null;
      }
      String text = in.nextString();
      try {
        return Quantity.fromString(text);
      } catch (QuantityFormatException | NumberFormatException | ArithmeticException e) {
        if (QUIET.get() == null) {
          // the reader's path is the map's (its key was read as a value)
          String path = in.getPath();
          LOG.warn(
              "malformed quantity '{}' in {} left out",
              text,
              path.endsWith(".") ? path.substring(0, path.length() - 1) : path);
        }
        return null;
      }
    }
  }

  /**
   * Opens a watch call and streams its events; a broken stream ends the iteration with an error.
   */
  public <T> Watchable<T> watch(Call call, Class<T> type) throws ApiException {
    Response response;
    try {
      response = call.execute();
    } catch (IOException e) {
      throw new ApiException(e);
    }
    if (!response.isSuccessful()) {
      String body;
      try (response) {
        body = response.body() == null ? "" : response.body().string();
      } catch (IOException e) {
        body = "";
      }
      throw new ApiException(response.code(), response.headers().toMultimap(), body);
    }
    return new Stream<>(response, type);
  }

  private final class Stream<T> implements Watchable<T> {
    private final Response response;
    private final BufferedSource source;
    private final Class<T> type;
    private String pending;

    Stream(Response response, Class<T> type) {
      this.response = response;
      this.source = response.body().source();
      this.type = type;
    }

    @Override
    public boolean hasNext() {
      try {
        while (pending == null) {
          if (source.exhausted()) {
            return false;
          }
          String line = source.readUtf8Line();
          if (line != null && !line.isBlank()) {
            pending = line;
          }
        }
        return true;
      } catch (IOException e) {
        // The reflector recognises this message and relists.
        throw new RuntimeException("IO Exception during hasNext method.", e);
      }
    }

    @Override
    public Watch.Response<T> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      String line = pending;
      pending = null;
      JsonObject event;
      try {
        event = JsonParser.parseString(line).getAsJsonObject();
      } catch (JsonParseException | IllegalStateException e) {
        // Half an event, then the end: the stream was cut. The reflector relists, as after any
        // broken stream; what the event carried comes with the list.
        throw new RuntimeException(BROKEN_STREAM + " A watch line is not JSON: " + e, e);
      }
      String eventType = event.get("type").getAsString();
      try {
        if (eventType.equals("ERROR")) {
          return new Watch.Response<>(
              eventType, gson.fromJson(event.get("object"), V1Status.class));
        }
        return new Watch.Response<>(eventType, gson.fromJson(event.get("object"), type));
      } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
        LOG.warn(
            "a {} event carries {} the client cannot read ({}); relisting, which leaves it out",
            eventType,
            describe(event.get("object"), type.getSimpleName().replaceFirst("^V1", "")),
            e.getMessage());
        throw new RuntimeException(BROKEN_STREAM + " An event object cannot be read: " + e, e);
      }
    }

    @Override
    public Iterator<Watch.Response<T>> iterator() {
      return this;
    }

    @Override
    public void close() {
      response.close();
    }
  }
}
