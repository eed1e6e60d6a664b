package io.netweave.o2ims.server.internal.query;

import io.netweave.o2ims.model.Filter;
import io.netweave.o2ims.model.InvalidQueryException;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.spi.InventorySource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the query engine's filter columns of configured resource attribute paths off the request
 * path ({@code server.filter_columns}), so that the first filtered list on such a path after a
 * start does not parse every resource inside its request.
 *
 * <p>Design note. A column, once built, is carried from one revision's table to the next for every
 * object whose bytes did not change ({@link ObjectTable}), so it needs building once per start, and
 * again only if the engine's least-recently-used bound dropped it. This class checks every {@code
 * interval} whether the source is ready and the engine's latest table lacks one of the columns, and
 * builds them then, on its own thread: the check is a few map lookups, the build one parse of every
 * resource (about the cost of one filtered query on a new path before). Created and closed by the
 * composition root; thread-safe.
 */
public final class FilterColumns implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FilterColumns.class);

  private final InventorySource source;
  private final InventoryQueryService inventory;
  private final List<List<String>> paths;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "filter-columns");
            t.setDaemon(true);
            return t;
          });

  private FilterColumns(
      InventorySource source, InventoryQueryService inventory, List<List<String>> paths) {
    this.source = source;
    this.inventory = inventory;
    this.paths = paths;
  }

  /**
   * Starts keeping the columns of {@code attributePaths} built (none: nothing is started).
   *
   * @throws IllegalArgumentException for an entry that is not a resource attribute path
   */
  public static Optional<FilterColumns> start(
      InventorySource source,
      InventoryQueryService inventory,
      List<String> attributePaths,
      Duration interval) {
    List<List<String>> paths = attributePaths.stream().map(FilterColumns::path).toList();
    if (paths.isEmpty()) {
      return Optional.empty();
    }
    FilterColumns columns = new FilterColumns(source, inventory, paths);
    long every = Math.max(1, interval.toMillis());
    columns.executor.scheduleWithFixedDelay(columns::prepare, every, every, TimeUnit.MILLISECONDS);
    return Optional.of(columns);
  }

  /**
   * The path segments of one resource attribute path as a filter names it ({@code /} between
   * segments, {@code ~1} for a {@code /} inside one).
   *
   * @throws IllegalArgumentException if a filter cannot name it or resources have no such attribute
   */
  public static List<String> path(String attributePath) {
    try {
      Filter f = Filter.parse("(eq," + attributePath + ",x)");
      f.validate(io.netweave.o2ims.model.ApiView.V1.schema(ObjectType.RESOURCE));
      if (f.terms().size() != 1) {
        throw new IllegalArgumentException("not one attribute path: " + attributePath);
      }
      return f.terms().get(0).path();
    } catch (InvalidQueryException e) {
      throw new IllegalArgumentException(
          "not a resource attribute path: " + attributePath + " (" + e.getMessage() + ")", e);
    }
  }

  /** Builds the missing columns now if the source is ready; for the executor and tests. */
  void prepare() {
    try {
      if (!source.readiness().ready()) {
        return;
      }
      long start = System.nanoTime();
      if (inventory.prepareFilters(paths)) {
        LOG.info(
            "filter columns built for {} resources in {} ms: {}",
            source.snapshot().resources().size(),
            (System.nanoTime() - start) / 1_000_000,
            paths);
      }
    } catch (RuntimeException e) {
      LOG.warn("building the filter columns failed; queries build them when they need them", e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
