package io.netweave.o2ims.k8s.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the API server answers: the time of the last successful list, watch start or watch event,
 * and since when calls fail. Thread-safe (written by reflector threads, read by anyone).
 *
 * <p>It also logs outages, once each: the first failure {@linkplain #report reported} after a
 * success is one WARN naming the cluster, the call and the cause; the reports after it (the
 * informers retry every second) are DEBUG lines; the first {@linkplain #success success} after them
 * (a watch started or an event received; a {@linkplain #listed list} does not count, since the
 * reflector relists after every failed watch) is one INFO saying how long it failed and how many
 * reported calls did. So an API server down for an hour, or one that answers lists but refuses
 * watches (403 after an RBAC or token change, 429), is two lines per cluster, not two a second.
 */
public final class ApiHealth {
  /** A failure that has not been followed by a success yet. */
  public record Failure(Instant since, String lastError) {}

  private static final Logger LOG = LoggerFactory.getLogger(ApiHealth.class);

  private final Clock clock;
  private final String cluster;
  private volatile Instant lastSuccess;
  private volatile Failure failure;
  private volatile boolean outageLogged;
  private Instant outageSince;
  private long reportedFailures;

  /**
   * @param cluster the cluster's name, as log lines name it
   */
  public ApiHealth(Clock clock, String cluster) {
    this.clock = clock;
    this.cluster = cluster;
    this.lastSuccess = clock.instant();
  }

  /**
   * Records a successful list: the data is fresh and the server answers (what the relist brings is
   * not stale), but the outage's log ends only once a watch starts again (a server whose lists
   * succeed while its watches fail, e.g. 429 or 403 on watch only, makes the informer relist every
   * second: that is one WARN and one INFO, not two lines a second).
   */
  public void listed() {
    lastSuccess = clock.instant();
    failure = null;
  }

  /** Records a successful watch start or watch event: contact is back (INFO if it was lost). */
  public void success() {
    lastSuccess = clock.instant();
    failure = null;
    if (outageLogged) {
      recovered();
    }
  }

  private synchronized void recovered() {
    if (!outageLogged) {
      return;
    }
    outageLogged = false;
    LOG.info(
        "Kubernetes API server of cluster {} answers again after {} ms ({} failed calls reported)",
        cluster,
        Math.max(0, Duration.between(outageSince, clock.instant()).toMillis()),
        reportedFailures);
    reportedFailures = 0;
  }

  /** Records a failed call (without logging it: its caller's {@link #report} does). */
  public void failure(Throwable error) {
    Failure current = failure;
    String text = describe(error);
    failure = new Failure(current == null ? clock.instant() : current.since(), text);
  }

  /**
   * Records and logs a failed call: a WARN when it is the first since the last success, else DEBUG.
   *
   * @param call what failed, as the start of a sentence ("nodes list/watch")
   */
  public synchronized void report(String call, Throwable error) {
    failure(error);
    reportedFailures++;
    String text = describe(error);
    if (!outageLogged) {
      outageLogged = true;
      outageSince = clock.instant();
      LOG.warn(
          "Kubernetes API server of cluster {}: {} failed, retrying; further failures at DEBUG"
              + " until it answers again (/readyz, kubernetes_staleness_seconds): {}",
          cluster,
          call,
          text);
    } else {
      LOG.debug("Kubernetes API server of cluster {}: {} failed again: {}", cluster, call, text);
    }
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
