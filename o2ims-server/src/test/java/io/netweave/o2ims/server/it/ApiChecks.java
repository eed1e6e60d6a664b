package io.netweave.o2ims.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** Assertions on replies: status, media type, and validity against the reference schemas. */
final class ApiChecks {
  private final ReferenceSchemas schemas;

  ApiChecks(ReferenceSchemas schemas) {
    this.schemas = schemas;
  }

  ReferenceSchemas schemas() {
    return schemas;
  }

  /** A 200 JSON object valid against the named schema. */
  JsonNode ok(Reply r, String schema) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("application/json");
    JsonNode json = r.json();
    assertThat(schemas.errors(schema, json)).as(r.body()).isEmpty();
    return json;
  }

  /** A 200 list page: a bare array of valid objects, with {@code X-Total-Count}. */
  JsonNode okList(Reply r, String schema) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.header("X-Total-Count")).isPresent();
    JsonNode json = r.json();
    assertThat(json.isArray()).isTrue();
    assertThat(schemas.arrayErrors(schema, json)).as(r.body()).isEmpty();
    return json;
  }

  /** A problem+json of the given status, valid against ProblemDetails, naming the request path. */
  JsonNode problem(Reply r, int status) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).isEqualTo("application/problem+json");
    JsonNode json = r.json();
    assertThat(schemas.errors("ProblemDetails", json)).as(r.body()).isEmpty();
    assertThat(json.path("status").asInt()).isEqualTo(status);
    assertThat(json.path("title").asText()).isNotEmpty();
    assertThat(json.path("detail").asText()).isNotEmpty();
    assertThat(json.path("instance").asText()).isEqualTo(r.raw().request().uri().getRawPath());
    return json;
  }
}
