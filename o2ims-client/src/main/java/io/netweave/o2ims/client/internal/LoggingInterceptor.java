package io.netweave.o2ims.client.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Logs one line per answered HTTP attempt at DEBUG on the {@code io.netweave.o2ims.client} {@link
 * System.Logger}: method, URL without query, status, duration and request id. Failures are not
 * logged here: they reach the caller as exceptions. Never logs headers or bodies (they may carry
 * tokens). Thread-safe.
 */
public final class LoggingInterceptor implements Interceptor {
  private static final System.Logger LOG = System.getLogger("io.netweave.o2ims.client");

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    long start = System.nanoTime();
    String target =
        request.method()
            + " "
            + request.url().newBuilder().query(null).build()
            + " [request-id "
            + request.header(RequestIdInterceptor.HEADER)
            + "]";
    Response response = chain.proceed(request);
    if (LOG.isLoggable(Level.DEBUG)) {
      LOG.log(
          Level.DEBUG,
          "{0} -> {1} in {2} ms",
          target,
          response.code(),
          (System.nanoTime() - start) / 1_000_000);
    }
    return response;
  }
}
