package io.netweave.o2ims.k8s.internal;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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

/**
 * Executes list and watch calls and decodes their bodies leniently. The generated models of the
 * official client refuse JSON with a member they do not know or without one the OpenAPI document
 * marks required, so a Node from a newer API server (a new status field) would stop the informer
 * for good; this decoder (the client's own Gson setup without the validating adapters) reads what
 * it knows and ignores the rest, as client-go does. Thread-safe.
 */
public final class LenientCalls {
  private final Gson gson =
      JSON.createGson()
          .registerTypeAdapter(OffsetDateTime.class, new JSON.OffsetDateTimeTypeAdapter())
          .create();

  /** Runs a list call; non-2xx answers become {@link ApiException}s with their code and body. */
  public <L> L list(Call call, Class<L> type) throws ApiException {
    try (Response response = call.execute()) {
      String body = response.body() == null ? "" : response.body().string();
      if (!response.isSuccessful()) {
        throw new ApiException(response.code(), response.headers().toMultimap(), body);
      }
      return gson.fromJson(body, type);
    } catch (IOException e) {
      throw new ApiException(e);
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
      JsonObject event = JsonParser.parseString(line).getAsJsonObject();
      String eventType = event.get("type").getAsString();
      if (eventType.equals("ERROR")) {
        return new Watch.Response<>(eventType, gson.fromJson(event.get("object"), V1Status.class));
      }
      return new Watch.Response<>(eventType, gson.fromJson(event.get("object"), type));
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
