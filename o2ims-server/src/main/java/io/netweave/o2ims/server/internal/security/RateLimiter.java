package io.netweave.o2ims.server.internal.security;

import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Takes one request from a client's budget for an endpoint class. Implementations are thread-safe
 * and never block the caller: a shared limiter completes the stage on its I/O thread.
 */
public interface RateLimiter extends AutoCloseable {

  /** Whether the request may proceed, and if not, when the client may try again. */
  record Decision(boolean allowed, Duration retryAfter) {
    static Decision of(ConsumptionProbe probe) {
      return new Decision(probe.isConsumed(), Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }
  }

  CompletionStage<Decision> tryAcquire(String clientKey, EndpointClass endpointClass);

  /** Releases what the limiter opened itself (never a borrowed client). */
  @Override
  void close();
}
