package io.netweave.o2ims.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netweave.o2ims.client.O2imsException;
import io.netweave.o2ims.client.Query;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * The O2-IMS inventory API of one server as requests: URL building under {@code
 * /o2ims-infrastructureInventory}, JSON bodies, and the closed check. Thread-safe.
 */
public final class Api {
  /** The inventory service's path below the server root. */
  public static final String INVENTORY = "o2ims-infrastructureInventory";

  private static final MediaType JSON = MediaType.get("application/json");

  private final HttpUrl root;
  private final Transport transport;
  private final JsonBodies json;
  private final AtomicBoolean closed = new AtomicBoolean();

  public Api(HttpUrl root, Transport transport, JsonBodies json) {
    this.root = Objects.requireNonNull(root, "root");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.json = Objects.requireNonNull(json, "json");
  }

  public JsonBodies json() {
    return json;
  }

  /** The server root the URLs are built under. */
  public HttpUrl root() {
    return root;
  }

  /** Whether {@link #close()} was called. */
  public boolean closed() {
    return closed.get();
  }

  /** The URL of {@code {INV}/<segments...>}; each segment is encoded. */
  public HttpUrl inventory(String... segments) {
    HttpUrl.Builder url = root.newBuilder().addPathSegment(INVENTORY);
    for (String s : segments) {
      url.addPathSegment(s);
    }
    return url.build();
  }

  /** The monitoring service's path below the server root. */
  public static final String MONITORING = "o2ims-infrastructureMonitoring";

  /** The URL of {@code {MON}/<segments...>}; each segment is encoded. */
  public HttpUrl monitoring(String... segments) {
    HttpUrl.Builder url = root.newBuilder().addPathSegment(MONITORING);
    for (String s : segments) {
      url.addPathSegment(s);
    }
    return url.build();
  }

  /** Sends a JSON body with {@code method} (PUT, PATCH) and the media type, once. */
  public Exchange send(String method, HttpUrl url, Object body, String mediaType) {
    requireOpen();
    byte[] bytes;
    try {
      bytes = json.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the request body: " + e.getMessage(), e);
    }
    return transport.send(
        new Request.Builder()
            .url(url)
            .header("Accept", "application/json")
            .method(method, RequestBody.create(bytes, MediaType.get(mediaType)))
            .build());
  }

  /** The URL with the query's parameters. */
  public static HttpUrl withQuery(HttpUrl url, Query query) {
    HttpUrl.Builder b = url.newBuilder();
    for (Map.Entry<String, List<String>> p : query.parameters().entrySet()) {
      for (String value : p.getValue()) {
        b.addQueryParameter(p.getKey(), value);
      }
    }
    return b.build();
  }

  /** A GET request for the URL. */
  public Request getRequest(HttpUrl url) {
    requireOpen();
    return new Request.Builder().url(url).header("Accept", "application/json").get().build();
  }

  /** GETs the URL (retried per the policy). */
  public Exchange get(Request request) {
    requireOpen();
    return transport.get(request);
  }

  /** GETs the URL (retried per the policy). */
  public Exchange get(HttpUrl url) {
    return get(getRequest(url));
  }

  /** POSTs a JSON body, once. */
  public Exchange post(HttpUrl url, Object body) {
    requireOpen();
    byte[] bytes;
    try {
      bytes = json.mapper().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the request body: " + e.getMessage(), e);
    }
    return transport.send(
        new Request.Builder()
            .url(url)
            .header("Accept", "application/json")
            .post(RequestBody.create(bytes, JSON))
            .build());
  }

  /** DELETEs the URL, once. */
  public Exchange delete(HttpUrl url) {
    requireOpen();
    return transport.send(
        new Request.Builder().url(url).header("Accept", "application/json").delete().build());
  }

  /** Refuses further requests; idempotent. */
  public boolean close() {
    return closed.compareAndSet(false, true);
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new O2imsException("this O2imsClient is closed");
    }
  }
}
