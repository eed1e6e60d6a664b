package io.netweave.o2ims.client.internal;

import java.io.IOException;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Runs an interceptor (one that adds credentials) only for requests to the configured server's
 * origin (scheme, host and port), so that a next-page {@code Link} naming another host never
 * receives the client's token; other requests pass through untouched, as OkHttp treats redirects.
 * Thread-safe if the wrapped interceptor is.
 */
public final class OriginBoundInterceptor implements Interceptor {
  private final HttpUrl origin;
  private final Interceptor delegate;

  public OriginBoundInterceptor(HttpUrl origin, Interceptor delegate) {
    this.origin = Objects.requireNonNull(origin, "origin");
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    HttpUrl url = chain.request().url();
    boolean sameOrigin =
        url.scheme().equals(origin.scheme())
            && url.host().equals(origin.host())
            && url.port() == origin.port();
    return sameOrigin ? delegate.intercept(chain) : chain.proceed(chain.request());
  }
}
