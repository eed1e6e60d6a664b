package io.netweave.o2ims.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An OAuth2 access token from a client-credentials grant (RFC 6749 section 4.4), and the one rule
 * for how long it is used, shared by the server (callback delivery) and the client SDK: a token is
 * replaced {@code refreshBefore} ahead of the end of its {@code expires_in}; a token without {@code
 * expires_in} is taken to live {@link #DEFAULT_LIFETIME}. Free of any HTTP stack: callers post
 * {@link #requestForm} with their own client and hand the JSON answer to {@link #parse}. Immutable.
 *
 * @param value the bearer token
 * @param refreshAt the instant from which a new token is fetched
 */
public record AccessToken(String value, Instant refreshAt) {
  /** The lifetime assumed when the token endpoint sends no {@code expires_in}. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

  /** How long before expiry a token is replaced unless a caller configures otherwise. */
  public static final Duration DEFAULT_REFRESH_BEFORE = Duration.ofSeconds(30);

  public AccessToken {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(refreshAt, "refreshAt");
  }

  /**
   * The form parameters of a client-credentials token request ({@code grant_type}, and {@code
   * scope} when scopes are given, space-separated). The client authenticates with HTTP Basic.
   */
  public static Map<String, String> requestForm(List<String> scopes) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    if (!scopes.isEmpty()) {
      form.put("scope", String.join(" ", scopes));
    }
    return form;
  }

  /**
   * Reads a token endpoint's successful JSON answer.
   *
   * @param now when the answer arrived
   * @throws IllegalArgumentException when it carries no {@code access_token}
   */
  public static AccessToken parse(JsonNode body, Instant now, Duration refreshBefore) {
    String value = body.path("access_token").asText("");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("the token endpoint sent no access_token");
    }
    Duration lifetime =
        body.path("expires_in").canConvertToLong()
            ? Duration.ofSeconds(body.path("expires_in").asLong())
            : DEFAULT_LIFETIME;
    return new AccessToken(value, now.plus(lifetime).minus(refreshBefore));
  }

  /** Whether the token may still be sent at {@code now}. */
  public boolean usableAt(Instant now) {
    return now.isBefore(refreshAt);
  }
}
