package io.netweave.o2ims.k8s.emulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failures queued for the next requests of a verb, answered as a kube-apiserver answers them: a
 * {@code Status} body with its code and reason, and {@code Retry-After} for 429 and 503 (its
 * priority and fairness and its overload answers). Thread-safe.
 */
final class Faults {
  /** One failed answer. */
  record Fault(int code, Duration retryAfter) {
    String reason() {
      return switch (code) {
        case 401 -> "Unauthorized";
        case 403 -> "Forbidden";
        case 429 -> "TooManyRequests";
        case 503 -> "ServiceUnavailable";
        case 504 -> "Timeout";
        default -> "InternalError";
      };
    }

    String message() {
      return switch (code) {
        case 401 -> "Unauthorized";
        case 403 -> "forbidden: the token's subject may not do this";
        case 429 -> "Too many requests, please try again later.";
        case 503 -> "the server is currently unable to handle the request";
        default -> "an error on the server has prevented the request from succeeding";
      };
    }
  }

  private final Map<String, Deque<Fault>> queued = new HashMap<>();
  private int continueExpiries;

  synchronized void add(String verb, Fault fault, int times) {
    Deque<Fault> q = queued.computeIfAbsent(verb, v -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      q.addLast(fault);
    }
  }

  /** The failure the next request of {@code verb} gets, taken from the queue. */
  synchronized Optional<Fault> take(String verb) {
    Deque<Fault> q = queued.get(verb);
    return q == null ? Optional.empty() : Optional.ofNullable(q.pollFirst());
  }

  /** How many requests of {@code verb} will still fail. */
  synchronized int pending(String verb) {
    Deque<Fault> q = queued.get(verb);
    return q == null ? 0 : q.size();
  }

  synchronized void expireContinues(int times) {
    continueExpiries += times;
  }

  /** Whether the continue token of this list request has expired (taken from the count). */
  synchronized boolean continueExpires() {
    if (continueExpiries == 0) {
      return false;
    }
    continueExpiries--;
    return true;
  }
}
