package io.netweave.o2ims.server.internal.notify.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Bearer tokens from OAuth2 client-credentials grants, cached until shortly before they expire (30
 * s early; tokens without {@code expires_in} are kept 5 minutes). Thread-safe: fetching holds the
 * instance lock, so concurrent deliveries to one host fetch one token.
 */
final class OAuth2Tokens {
  private static final Duration EARLY = Duration.ofSeconds(30);

  private record Token(String value, Instant expiresAt) {}

  private final OkHttpClient http;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final Map<CallbackAuth.OAuth2, Token> cache = new HashMap<>();

  OAuth2Tokens(OkHttpClient http, ObjectMapper mapper, Clock clock) {
    this.http = http;
    this.mapper = mapper;
    this.clock = clock;
  }

  /**
   * A valid access token for the grant.
   *
   * @throws IOException if the token endpoint cannot be reached or refuses
   */
  synchronized String token(CallbackAuth.OAuth2 grant) throws IOException {
    Instant now = clock.instant();
    Token cached = cache.get(grant);
    if (cached != null && now.isBefore(cached.expiresAt())) {
      return cached.value();
    }
    FormBody.Builder form = new FormBody.Builder().add("grant_type", "client_credentials");
    grant.scope().ifPresent(s -> form.add("scope", s));
    Request request =
        new Request.Builder()
            .url(grant.tokenUrl().toString())
            .header("Authorization", Credentials.basic(grant.clientId(), grant.clientSecret()))
            .post(form.build())
            .build();
    try (Response response = http.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new IOException("token endpoint answered " + response.code());
      }
      JsonNode body = mapper.readTree(response.body().string());
      String value = body.path("access_token").asText("");
      if (value.isEmpty()) {
        throw new IOException("token endpoint sent no access_token");
      }
      long seconds = body.path("expires_in").asLong(300);
      Instant expiresAt = now.plusSeconds(seconds).minus(EARLY);
      cache.put(grant, new Token(value, expiresAt));
      return value;
    }
  }
}
