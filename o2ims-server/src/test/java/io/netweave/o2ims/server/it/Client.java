package io.netweave.o2ims.server.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small java.net.http client bound to one gateway's base URL. */
final class Client {
  static final String INV = "/o2ims-infrastructureInventory";
  static final String V1 = INV + "/v1";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;

  Client(String base) {
    this.base = base;
  }

  Reply get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET());
  }

  Reply delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  Reply post(String path, String contentType, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Reply postJson(String path, String body) {
    return post(path, "application/json", body);
  }

  Reply send(String method, String path, String contentType, String body) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", contentType)
            .method(method, HttpRequest.BodyPublishers.ofString(body)));
  }

  Reply patch(String path, String body) {
    return send("PATCH", path, "application/merge-patch+json", body);
  }

  Reply method(String method, String path) {
    return send(
        HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody()));
  }

  Reply send(HttpRequest.Builder request) {
    HttpResponse<String> r =
        GatewayHttp.send(http, request.timeout(Duration.ofSeconds(30)).build());
    return new Reply(r.statusCode(), r);
  }

  URI uri(String pathAndQuery) {
    return URI.create(base + pathAndQuery);
  }
}
