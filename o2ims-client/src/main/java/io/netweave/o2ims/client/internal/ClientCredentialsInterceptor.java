package io.netweave.o2ims.client.internal;

import io.netweave.o2ims.client.ClientCredentials;
import io.netweave.o2ims.client.O2imsApiException;
import io.netweave.o2ims.client.O2imsCertificateException;
import io.netweave.o2ims.client.O2imsException;
import io.netweave.o2ims.model.AccessToken;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Sends an OAuth2 client-credentials bearer token. The token is fetched on first use, cached as the
 * model's {@link AccessToken} rule says (replaced {@code refreshBefore} ahead of the end of its
 * {@code expires_in}; a token without it lives {@link AccessToken#DEFAULT_LIFETIME}, the rule the
 * server's callback delivery follows too), and fetched again once when the O2-IMS server answers
 * 401 to it; the request is then repeated once with the new token (a 401 is answered before the
 * server acts, so repeating a write is safe). Thread-safe: one fetch at a time.
 */
public final class ClientCredentialsInterceptor implements Interceptor {
  private final ClientCredentials credentials;
  private final OkHttpClient tokenClient;
  private final JsonBodies json;
  private final ProblemReader problems;
  private final Clock clock;
  private final Duration refreshBefore;
  private AccessToken token;

  /**
   * @param tokenClient the client for the token endpoint (without this interceptor)
   * @param refreshBefore how long before expiry a cached token is replaced
   */
  public ClientCredentialsInterceptor(
      ClientCredentials credentials,
      OkHttpClient tokenClient,
      JsonBodies json,
      Clock clock,
      Duration refreshBefore) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.tokenClient = Objects.requireNonNull(tokenClient, "tokenClient");
    this.json = Objects.requireNonNull(json, "json");
    this.problems = new ProblemReader(json.mapper());
    this.clock = Objects.requireNonNull(clock, "clock");
    this.refreshBefore = Objects.requireNonNull(refreshBefore, "refreshBefore");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    AccessToken used = current(null);
    Response response = chain.proceed(authorized(chain.request(), used));
    if (response.code() != 401) {
      return response;
    }
    response.close();
    return chain.proceed(authorized(chain.request(), current(used)));
  }

  private static Request authorized(Request request, AccessToken token) {
    return request.newBuilder().header("Authorization", "Bearer " + token.value()).build();
  }

  /** The cached token, or a new one if it expires soon or is the one the server rejected. */
  private synchronized AccessToken current(AccessToken rejected) throws IOException {
    Instant now = clock.instant();
    if (token != null && token != rejected && token.usableAt(now)) {
      return token;
    }
    token = fetch(now);
    return token;
  }

  private AccessToken fetch(Instant now) throws IOException {
    FormBody.Builder form = new FormBody.Builder();
    AccessToken.requestForm(credentials.scopes()).forEach(form::add);
    HttpUrl url = HttpUrl.get(credentials.tokenEndpoint());
    Request request =
        new Request.Builder()
            .url(url)
            .header(
                "Authorization",
                Credentials.basic(credentials.clientId(), credentials.clientSecret()))
            .header("Accept", "application/json")
            .post(form.build())
            .build();
    Exchange answer;
    try (Response response = tokenClient.newCall(request).execute()) {
      ResponseBody body = response.body();
      answer =
          new Exchange(
              "POST",
              url,
              response.code(),
              response.headers(),
              body == null ? new byte[0] : body.bytes());
    } catch (IOException e) {
      // Thrown through the API call's chain, Transport would name the API server's URL and
      // certificate: say that it was the token endpoint's that was refused.
      Optional<String> refused = Transport.certificateRefusal(e);
      if (refused.isPresent()) {
        throw new O2imsCertificateException(
            "POST "
                + url
                + " failed: the OAuth2 token endpoint's certificate was not trusted: "
                + refused.get(),
            e);
      }
      throw e;
    }
    if (!answer.successful()) {
      throw new O2imsApiException(
          "POST", url + " (OAuth2 token endpoint)", answer.status(), problems.read(answer));
    }
    try {
      return AccessToken.parse(json.tree(answer), now, refreshBefore);
    } catch (IllegalArgumentException e) {
      throw new O2imsException("the OAuth2 token endpoint " + url + " sent no access_token");
    }
  }
}
