package io.netweave.o2ims.client;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * OAuth2 client-credentials settings (RFC 6749 section 4.4): the client authenticates at {@code
 * tokenEndpoint} with HTTP Basic ({@code clientId}:{@code clientSecret}) and asks for a token with
 * the given scopes. The token is cached until {@code refreshBefore} ahead of its expiry, and
 * fetched again once when the O2-IMS server answers 401. Immutable.
 *
 * @param tokenEndpoint the authorization server's token URL
 * @param clientId the client id
 * @param clientSecret the client secret
 * @param scopes the scopes to request; empty for the server's default
 */
public record ClientCredentials(
    URI tokenEndpoint, String clientId, String clientSecret, List<String> scopes) {

  public ClientCredentials {
    Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
    scopes = List.copyOf(scopes);
  }

  /** Settings without explicit scopes. */
  public static ClientCredentials of(URI tokenEndpoint, String clientId, String clientSecret) {
    return new ClientCredentials(tokenEndpoint, clientId, clientSecret, List.of());
  }

  /** These settings asking for the given scopes. */
  public ClientCredentials withScopes(String... scopes) {
    return new ClientCredentials(tokenEndpoint, clientId, clientSecret, List.of(scopes));
  }

  @Override
  public String toString() {
    return "ClientCredentials[tokenEndpoint="
        + tokenEndpoint
        + ", clientId="
        + clientId
        + ", scopes="
        + scopes
        + "]";
  }
}
