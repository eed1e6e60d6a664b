package io.netweave.o2ims.server.internal.notify;

import io.netweave.o2ims.server.it.GatewayHttp;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link Chaos} driver's requests to the replicas, each ending in one {@link Exchange}: an
 * answer (any status), no answer from a replica the plan killed (expected: counted), or no answer
 * for another reason (the replica was running, or died without being killed: listed, and the run
 * fails). A kill is announced with {@link #killing} before the process dies, so a request in flight
 * to it is sorted right whenever it fails. HTTP/1.1, 2 s to connect, 10 s a request. Thread-safe.
 */
final class ChaosRequests {
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final GatewayHttp http = new GatewayHttp(client, Duration.ofSeconds(10));
  private final Set<String> killed = ConcurrentHashMap.newKeySet();
  private final AtomicLong toKilled = new AtomicLong();
  private final List<Failed> failed = new CopyOnWriteArrayList<>();

  /** How one request ended. */
  sealed interface Exchange {
    /** The response, unless the request got none. */
    default Optional<HttpResponse<String>> response() {
      return Optional.empty();
    }
  }

  /** The replica answered (any status). */
  record Answered(HttpResponse<String> answer) implements Exchange {
    @Override
    public Optional<HttpResponse<String>> response() {
      return Optional.of(answer);
    }
  }

  /** No answer from a replica the plan killed: expected. */
  record ToKilledReplica(String base, IOException cause) implements Exchange {}

  /** No answer for another reason: the run fails. */
  record Failed(String method, String url, IOException cause) implements Exchange {
    @Override
    public String toString() {
      return method + " " + url + ": " + cause;
    }
  }

  /**
   * The plan is about to kill the replica at {@code base}: from now on its refusals are expected.
   */
  void killing(String base) {
    killed.add(base);
  }

  /**
   * Sends {@code method} on {@code base + path} with {@code body} as JSON (none when null).
   *
   * @throws InterruptedException when the calling thread is interrupted (the driver stopping)
   */
  Exchange send(String base, String method, String path, String body) throws InterruptedException {
    String url = base + path;
    try {
      return new Answered(
          client.send(
              http.request(method, url, body).build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      if (killed.contains(base)) {
        toKilled.incrementAndGet();
        return new ToKilledReplica(base, e);
      }
      Failed failure = new Failed(method, url, e);
      failed.add(failure);
      return failure;
    }
  }

  /** How many requests a replica the plan killed did not answer. */
  long toKilledReplicas() {
    return toKilled.get();
  }

  /** The requests that got no answer for another reason, as {@code METHOD URL: exception}. */
  List<String> failures() {
    return failed.stream().map(Failed::toString).toList();
  }
}
