package io.netweave.o2ims.server.internal.notify.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.AccessToken;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Bearer tokens from OAuth2 client-credentials grants, cached as the model's {@link AccessToken}
 * rule says (replaced 30 s before {@code expires_in} ends; a token without it lives 5 minutes), the
 * rule the client SDK follows too. Thread-safe: fetching holds the instance lock, so concurrent
 * deliveries to one host fetch one token.
 */
final class OAuth2Tokens {
  private final OkHttpClient http;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final Map<CallbackAuth.OAuth2, AccessToken> cache = new HashMap<>();

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
    AccessToken cached = cache.get(grant);
    if (cached != null && cached.usableAt(now)) {
      return cached.value();
    }
    FormBody.Builder form = new FormBody.Builder();
    AccessToken.requestForm(grant.scope().map(List::of).orElse(List.of())).forEach(form::add);
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
      AccessToken token;
      try {
        token =
            AccessToken.parse(
                mapper.readTree(response.body().string()), now, AccessToken.DEFAULT_REFRESH_BEFORE);
      } catch (IllegalArgumentException e) {
        throw new IOException(e.getMessage(), e);
      }
      cache.put(grant, token);
      return token.value();
    }
  }
}
