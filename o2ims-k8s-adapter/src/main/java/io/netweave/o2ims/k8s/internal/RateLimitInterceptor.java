package io.netweave.o2ims.k8s.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * A token bucket in front of every request (the client-side {@code qps} and {@code burst} of
 * client-go): up to {@code burst} requests at once, refilled at {@code qps} per second; a request
 * without a token waits for one. Thread-safe.
 */
public final class RateLimitInterceptor implements Interceptor {
  private final double permitsPerNano;
  private final double capacity;
  private final LongSupplier nanoTicker;
  private double tokens;
  private long last;

  public RateLimitInterceptor(double qps, int burst, LongSupplier nanoTicker) {
    this.permitsPerNano = qps / TimeUnit.SECONDS.toNanos(1);
    this.capacity = burst;
    this.nanoTicker = nanoTicker;
    this.tokens = burst;
    this.last = nanoTicker.getAsLong();
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    long wait = reserve();
    if (wait > 0) {
      LockSupport.parkNanos(wait);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while rate limited");
      }
    }
    return chain.proceed(chain.request());
  }

  /** Takes a token and returns how many nanoseconds the caller must wait for it (0: none). */
  synchronized long reserve() {
    long now = nanoTicker.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) * permitsPerNano);
    last = now;
    tokens -= 1;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / permitsPerNano);
  }
}
