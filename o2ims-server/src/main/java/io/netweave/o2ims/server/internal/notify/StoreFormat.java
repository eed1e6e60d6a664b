package io.netweave.o2ims.server.internal.notify;

import java.util.Optional;

/**
 * The format of the notification stores (subscriptions, alarm subscriptions, alarms, the outbox,
 * leases and baseline) that this release reads and writes, and the refusal of any other. Every
 * release up to this one wrote format {@value #CURRENT} (later changes only added fields, which
 * every release reads past); a release that changes a stored form so that this one would misread it
 * raises the number, and this release then refuses that store instead of serving from it or writing
 * into it (docs/operations.md, "Upgrade"). The number is kept beside the data: {@code
 * <data_dir>/store-format} on the embedded store, one key per key prefix on Redis. Stateless.
 */
public final class StoreFormat {
  /** The format this release reads and writes. */
  public static final int CURRENT = 1;

  private StoreFormat() {}

  /**
   * The refusal of a stored format mark, or empty when this release reads it.
   *
   * @param where where the mark is, as an operator finds it (a file, a Redis key)
   * @param mark the mark's text as stored
   */
  public static Optional<String> refusal(String where, String mark) {
    String text = mark.strip();
    int format;
    try {
      format = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return Optional.of(
          where
              + " holds \""
              + (text.length() > 40 ? text.substring(0, 40) + "..." : text)
              + "\", not a store format number; this release reads format "
              + CURRENT
              + " and does not touch a store it cannot identify: restore the mark (\""
              + CURRENT
              + "\" if this release or an earlier one wrote the store), or give this gateway"
              + " a fresh store (docs/operations.md, \"Upgrade\")");
    }
    if (format == CURRENT) {
      return Optional.empty();
    }
    return Optional.of(
        where
            + " says the store is in format "
            + format
            + (format > CURRENT ? ", written by a later release" : "")
            + "; this release reads and writes format "
            + CURRENT
            + " only and would misread it, so it does not use that store: run the release"
            + " that wrote it (a rollback to this one needs a fresh store), or give this"
            + " gateway a fresh store (docs/operations.md, \"Upgrade\")");
  }
}
