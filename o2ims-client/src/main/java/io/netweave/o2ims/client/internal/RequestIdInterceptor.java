package io.netweave.o2ims.client.internal;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Gives every request an {@value #HEADER} header (unless the caller set one), so that client and
 * server log lines can be matched. Thread-safe if the id supplier is.
 */
public final class RequestIdInterceptor implements Interceptor {
  /** The header name, the one the gateway logs and echoes. */
  public static final String HEADER = "X-Request-Id";

  private final Supplier<String> ids;

  public RequestIdInterceptor(Supplier<String> ids) {
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    if (chain.request().header(HEADER) != null) {
      return chain.proceed(chain.request());
    }
    return chain.proceed(chain.request().newBuilder().header(HEADER, ids.get()).build());
  }
}
