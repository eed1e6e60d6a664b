package io.netweave.o2ims.k8s.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether the API server answers: the time of the last successful list, watch start or watch event,
 * and since when calls fail. Thread-safe (written by reflector threads, read by anyone).
 */
public final class ApiHealth {
  /** A failure that has not been followed by a success yet. */
  public record Failure(Instant since, String lastError) {}

  private final Clock clock;
  private volatile Instant lastSuccess;
  private volatile Failure failure;

  public ApiHealth(Clock clock) {
    this.clock = clock;
    this.lastSuccess = clock.instant();
  }

  public void success() {
    lastSuccess = clock.instant();
    failure = null;
  }

  public void failure(Throwable error) {
    Failure current = failure;
    String text = describe(error);
    failure = new Failure(current == null ? clock.instant() : current.since(), text);
  }

  public Optional<Failure> failing() {
    return Optional.ofNullable(failure);
  }

  /** Time since the last successful contact (or since creation before any). */
  public Duration staleness() {
    Duration d = Duration.between(lastSuccess, clock.instant());
    return d.isNegative() ? Duration.ZERO : d;
  }

  private static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        error instanceof io.kubernetes.client.openapi.ApiException api && api.getCode() > 0
            ? "HTTP " + api.getCode()
            : root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage());
    return message.length() > 200 ? message.substring(0, 200) : message;
  }
}
