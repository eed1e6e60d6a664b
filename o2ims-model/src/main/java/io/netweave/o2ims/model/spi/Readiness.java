package io.netweave.o2ims.model.spi;

import java.util.Objects;

/**
 * Whether a source serves a complete, fresh view, and if not why not ({@code /readyz} detail).
 *
 * @param ready the source has synced and serves a complete view
 * @param stale the source serves what it has, but has lost contact with its backend
 * @param detail a human-readable explanation, never empty
 */
public record Readiness(boolean ready, boolean stale, String detail) {
  public Readiness {
    Objects.requireNonNull(detail, "detail");
  }

  public static Readiness ready(String detail) {
    return new Readiness(true, false, detail);
  }

  public static Readiness notReady(String detail) {
    return new Readiness(false, false, detail);
  }
}
