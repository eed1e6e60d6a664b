package io.netweave.o2ims.server.it;

import io.netweave.o2ims.server.internal.Gateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The tests' plain java.net.http requests to a gateway under test (in-process {@link Gateway} or a
 * jar started by {@link GatewayProcesses}): a body is sent as {@code application/json}, no body as
 * none, each request has a timeout (20 s unless told), the answer is read as a string, and an I/O
 * failure or an interrupt is thrown unchecked (the interrupt flag set again). Thread-safe as its
 * {@link HttpClient} is; one instance per test.
 */
public final class GatewayHttp {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient http;
  private final Duration timeout;

  /** Over a new default client, 20 s a request. */
  public GatewayHttp() {
    this(HttpClient.newHttpClient(), TIMEOUT);
  }

  /** Over {@code http} (its version, TLS and connect timeout), {@code timeout} a request. */
  public GatewayHttp(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  /** The loopback base URL of an in-process plain-HTTP gateway. */
  public static String base(Gateway g) {
    return "http://127.0.0.1:" + g.port();
  }

  /** {@code method} on {@code url}, with {@code body} as JSON unless it is null. */
  public HttpRequest.Builder request(String method, String url, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
    return body == null
        ? b.method(method, HttpRequest.BodyPublishers.noBody())
        : b.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body));
  }

  /** Sends {@link #request} on {@code base + path}. */
  public HttpResponse<String> send(String base, String method, String path, String body) {
    return send(request(method, base + path, body));
  }

  /** Sends {@link #request} on the path of an in-process plain-HTTP gateway. */
  public HttpResponse<String> send(Gateway g, String method, String path, String body) {
    return send(base(g), method, path, body);
  }

  /** Sends a request built by the caller. */
  public HttpResponse<String> send(HttpRequest.Builder request) {
    return send(http, request.build());
  }

  /**
   * Sends {@code request} on {@code http} and reads the answer as a string; an I/O failure or an
   * interrupt is thrown unchecked (the interrupt flag set again).
   */
  public static HttpResponse<String> send(HttpClient http, HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
