package io.netweave.o2ims.server.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.cache.CachedResponse;
import io.netweave.o2ims.server.internal.query.Page;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns values into ready-to-write responses and writes them. Thread-safe. */
public final class Responses {
  static final String JSON = "application/json";
  private static final Map<String, HttpString> HEADER_NAMES =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Bodies from this size on are sent from a direct copy made once per body array. */
  static final int DIRECT_FROM = 64 * 1024;

  /**
   * Direct copies of large bodies, by body array identity (weak keys: a copy goes when its body,
   * i.e. its cached response, is gone), at most 64 MB of copies. The JDK writes a heap buffer by
   * copying its remaining bytes into a temporary direct buffer on every write call, so a 1 MB body
   * sent in several partial writes is copied several times per request; a cached body sent
   * thousands of times is copied once here instead.
   */
  private static final com.github.benmanes.caffeine.cache.Cache<byte[], ByteBuffer> DIRECT =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
          .weakKeys()
          .maximumWeight(64L << 20)
          .<byte[], ByteBuffer>weigher((body, copy) -> copy.capacity())
          .build();

  private final ObjectMapper mapper;

  public Responses(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** A 200 JSON response of any value. */
  public CachedResponse json(Object value) {
    return json(200, value, Map.of());
  }

  CachedResponse json(int status, Object value, Map<String, String> headers) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put("Content-Type", JSON);
    return new CachedResponse(status, h, bytes(value));
  }

  /** A list page: bare array, {@code X-Total-Count}, and a {@code Link} to the next page. */
  CachedResponse page(Page page, HttpServerExchange exchange) {
    return page(page, exchange.getRequestPath(), exchange.getQueryString());
  }

  /** A list page for a request path and raw query string (no exchange: cache warming). */
  public CachedResponse page(Page page, String requestPath, String query) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Total-Count", Integer.toString(page.total()));
    page.nextMarker()
        .ifPresent(m -> h.put("Link", "<" + nextUri(requestPath, query, m) + ">; rel=\"next\""));
    h.put("Content-Type", JSON);
    return new CachedResponse(200, h, page.json());
  }

  private static String nextUri(String requestPath, String query, String marker) {
    StringBuilder b = new StringBuilder(requestPath).append('?');
    if (!query.isEmpty()) {
      for (String part : query.split("&")) {
        if (!part.isEmpty()
            && !part.startsWith(Requests.MARKER + "=")
            && !part.equals(Requests.MARKER)) {
          b.append(part).append('&');
        }
      }
    }
    return b.append(Requests.MARKER)
        .append('=')
        .append(URLEncoder.encode(marker, StandardCharsets.UTF_8))
        .toString();
  }

  /** Writes a response (any thread; non-blocking send). */
  static void write(HttpServerExchange exchange, CachedResponse response) {
    write(exchange, response, response.body());
  }

  /**
   * Writes a response's status and headers with {@code body} (its identity body, or the encoded one
   * whose {@code Content-Encoding} the caller set); HEAD gets the headers GET would.
   */
  static void write(HttpServerExchange exchange, CachedResponse response, byte[] body) {
    exchange.setStatusCode(response.status());
    HeaderMap headers = exchange.getResponseHeaders();
    for (Map.Entry<String, String> h : response.headers().entrySet()) {
      headers.put(headerName(h.getKey()), h.getValue());
    }
    // The identity body's length text is made once per cached response, not per request.
    String length = body == response.body() ? response.bodyLength() : Integer.toString(body.length);
    if (exchange.getRequestMethod().toString().equals("HEAD")) {
      headers.put(io.undertow.util.Headers.CONTENT_LENGTH, length);
      BodyWrites.end(exchange);
      return;
    }
    // the sender sets it only for its own END_EXCHANGE callback; without it the body is chunked
    headers.put(io.undertow.util.Headers.CONTENT_LENGTH, length);
    BodyWrites.send(exchange, body(body));
  }

  /** The buffer to send a body from: its direct copy for a large body, else the array wrapped. */
  static ByteBuffer body(byte[] body) {
    if (body.length < DIRECT_FROM) {
      return ByteBuffer.wrap(body);
    }
    return DIRECT
        .get(body, b -> ByteBuffer.allocateDirect(b.length).put(b).flip().asReadOnlyBuffer())
        .duplicate();
  }

  /**
   * The header name as Undertow's type, made once per name: cached responses carry a handful of
   * names written by this class and the routes (never names taken from requests), so the first 64
   * names are kept.
   */
  private static HttpString headerName(String name) {
    HttpString known = HEADER_NAMES.get(name);
    if (known != null) {
      return known;
    }
    // Bounded all the same: entries of the shared (Redis) tier are read back from outside.
    return HEADER_NAMES.size() < 64
        ? HEADER_NAMES.computeIfAbsent(name, HttpString::new)
        : new HttpString(name);
  }

  private byte[] bytes(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a response", e);
    }
  }
}
