package io.netweave.o2ims.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.netweave.o2ims.model.O2Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Optional;

/** One HTTP response as the tests look at it. */
record Reply(int status, HttpResponse<String> raw) {
  String body() {
    return raw.body();
  }

  JsonNode json() {
    try {
      return O2Json.newMapper().readTree(raw.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + raw.body(), e);
    }
  }

  Optional<String> header(String name) {
    return raw.headers().firstValue(name);
  }

  String contentType() {
    return header("Content-Type").orElse("");
  }
}
