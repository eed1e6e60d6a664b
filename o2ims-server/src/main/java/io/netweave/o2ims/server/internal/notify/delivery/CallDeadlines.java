package io.netweave.o2ims.server.internal.notify.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;

/**
 * Cuts callback calls that run past the delivery timeout, in place of OkHttp's call timeout.
 *
 * <p>Design note: OkHttp's call timeout puts every call in okio's one watchdog queue, a linked list
 * sorted by deadline under one lock, on entry and again on exit; with 64 delivery workers every
 * call walked the whole list to insert itself at its end (all calls have the same timeout), and
 * that was about 4.5 % of the engine's CPU samples. Here a call in flight costs one map insertion
 * and one removal, and one watchdog thread looks over the calls in flight every {@code tick} (a
 * twentieth of the timeout, 1 to 100 ms) and cancels those past their deadline, as OkHttp's timeout
 * does (the socket is closed and the blocked read or write fails). A call is therefore cut between
 * {@code timeout} and {@code timeout + tick} after it started, instead of at {@code timeout}.
 *
 * <p>Thread-safe. The watchdog thread is started by the constructor and stopped by {@link
 * #close()}.
 */
final class CallDeadlines implements AutoCloseable {
  /** One call being watched, from {@link #watch} until {@link #close()}. */
  final class Watch implements AutoCloseable {
    private final Call call;
    private final long deadline;
    private volatile boolean cut;

    private Watch(Call call, long deadline) {
      this.call = call;
      this.deadline = deadline;
    }

    /** True if the call was cancelled because it ran past its deadline. */
    boolean cut() {
      return cut;
    }

    /** Stops watching the call (it ended). */
    @Override
    public void close() {
      running.remove(call, this);
    }
  }

  private final long timeoutNanos;
  private final Map<Call, Watch> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService watchdog;

  /**
   * @param timeout a call's time limit, from its start to the end of its response; zero: no limit
   *     (nothing is watched and no thread is started)
   */
  CallDeadlines(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
    if (timeoutNanos <= 0) {
      this.watchdog = null;
      return;
    }
    long tickMillis = Math.max(1, Math.min(100, timeout.toMillis() / 20));
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "callback-deadlines");
              t.setDaemon(true);
              return t;
            });
    watchdog.scheduleWithFixedDelay(
        this::cutOverdue, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
  }

  /** The time limit of a call. */
  Duration timeout() {
    return Duration.ofNanos(timeoutNanos);
  }

  /** Starts watching {@code call}, to be closed when the call and its response are done. */
  Watch watch(Call call) {
    Watch watch = new Watch(call, System.nanoTime() + timeoutNanos);
    if (watchdog != null) {
      running.put(call, watch);
    }
    return watch;
  }

  private void cutOverdue() {
    long now = System.nanoTime();
    for (Watch w : running.values()) {
      if (now - w.deadline >= 0) {
        w.cut = true;
        w.call.cancel();
        running.remove(w.call, w);
      }
    }
  }

  /** Stops the watchdog; calls still running are no longer cut. */
  @Override
  public void close() {
    if (watchdog != null) {
      watchdog.shutdownNow();
    }
  }
}
