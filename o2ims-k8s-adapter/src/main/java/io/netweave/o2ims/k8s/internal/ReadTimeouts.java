package io.netweave.o2ims.k8s.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Per-call read timeouts on a client whose default is none: a watch may stay silent up to its
 * server-side timeout (the reflector asks for 5 minutes; bookmarks usually come sooner), any other
 * call must answer within {@code requestTimeout}. So a black-holed API server is noticed (and
 * reported stale) instead of hanging a list forever. Stateless, thread-safe.
 */
public final class ReadTimeouts implements Interceptor {
  static final Duration WATCH_TIMEOUT = Duration.ofMinutes(6);

  private final Duration requestTimeout;

  public ReadTimeouts(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    boolean watch = "true".equals(chain.request().url().queryParameter("watch"));
    long millis = (watch ? WATCH_TIMEOUT : requestTimeout).toMillis();
    return chain.withReadTimeout((int) millis, TimeUnit.MILLISECONDS).proceed(chain.request());
  }
}
