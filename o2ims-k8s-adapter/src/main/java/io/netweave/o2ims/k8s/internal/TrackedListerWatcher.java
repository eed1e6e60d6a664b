package io.netweave.o2ims.k8s.internal;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.Watchable;
import java.io.IOException;
import java.util.Iterator;

/**
 * A lister-watcher that reports every successful list, watch start and watch event, and every
 * failure, to {@link ApiHealth} (contact counts as back once a watch starts, not at a list); the
 * reflector's own retry loop does the rest (relist after 410, re-watch after a broken stream).
 * Thread-safe as its delegates are.
 */
public final class TrackedListerWatcher<T extends KubernetesObject, L extends KubernetesListObject>
    implements ListerWatcher<T, L> {

  /** A list call. */
  @FunctionalInterface
  public interface Lister<L> {
    L list(CallGeneratorParams params) throws ApiException;
  }

  /** A watch call. */
  @FunctionalInterface
  public interface Watcher<T> {
    Watchable<T> watch(CallGeneratorParams params) throws ApiException;
  }

  private final Lister<L> lister;
  private final Watcher<T> watcher;
  private final ApiHealth health;

  public TrackedListerWatcher(Lister<L> lister, Watcher<T> watcher, ApiHealth health) {
    this.lister = lister;
    this.watcher = watcher;
    this.health = health;
  }

  @Override
  public L list(CallGeneratorParams params) throws ApiException {
    try {
      L list = lister.list(params);
      health.listed();
      return list;
    } catch (ApiException | RuntimeException e) {
      health.failure(e);
      throw e;
    }
  }

  @Override
  public Watchable<T> watch(CallGeneratorParams params) throws ApiException {
    Watchable<T> delegate;
    try {
      delegate = watcher.watch(params);
    } catch (ApiException | RuntimeException e) {
      health.failure(e);
      throw e;
    }
    health.success();
    return new TrackedWatch<>(delegate, health);
  }

  private static final class TrackedWatch<T> implements Watchable<T> {
    private final Watchable<T> delegate;
    private final ApiHealth health;

    TrackedWatch(Watchable<T> delegate, ApiHealth health) {
      this.delegate = delegate;
      this.health = health;
    }

    @Override
    public boolean hasNext() {
      try {
        return delegate.hasNext();
      } catch (RuntimeException e) {
        health.failure(e);
        throw e;
      }
    }

    @Override
    public Watch.Response<T> next() {
      Watch.Response<T> event = delegate.next();
      if (!"ERROR".equals(event.type)) {
        // An ERROR (e.g. 410 Expired) is answered by a relist; only that relist proves contact.
        health.success();
      }
      return event;
    }

    @Override
    public Iterator<Watch.Response<T>> iterator() {
      return this;
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }
}
