package io.netweave.o2ims.client.internal;

import java.io.IOException;
import java.util.Objects;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Sends a fixed bearer token on every request. Thread-safe. */
public final class BearerTokenInterceptor implements Interceptor {
  private final String authorization;

  /**
   * @throws IllegalArgumentException if the token is blank or holds whitespace
   */
  public BearerTokenInterceptor(String token) {
    Objects.requireNonNull(token, "token");
    if (token.isBlank() || token.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("a bearer token must be non-blank without whitespace");
    }
    this.authorization = "Bearer " + token;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(
        chain.request().newBuilder().header("Authorization", authorization).build());
  }
}
