package io.netweave.o2ims.server.internal.backend;

import io.netweave.o2ims.model.spi.InventorySource;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What {@link Backends} built: the inventory source (not started), the demo admin surface when the
 * source is the embedded demo O-Cloud, the staleness figure when it follows a live cluster (the
 * worst cluster's with several), every resource the composition root must close, in creation order
 * (close in reverse), the clusters when there are several (per-cluster metrics), and what to do
 * once the gateway has started ({@code onStarted}, run by the composition root after starting the
 * source: by then the data directory is this gateway's, so a start refused because another process
 * holds it has written nothing there).
 */
public record Backend(
    InventorySource source,
    Optional<DemoInventorySource> demoAdmin,
    Optional<LongSupplier> stalenessSeconds,
    List<AutoCloseable> closeables,
    Optional<io.netweave.o2ims.k8s.MultiClusterInventorySource> clusters,
    Runnable onStarted) {
  public Backend {
    closeables = List.copyOf(closeables);
  }

  /** A backend of at most one cluster. */
  public Backend(
      InventorySource source,
      Optional<DemoInventorySource> demoAdmin,
      Optional<LongSupplier> stalenessSeconds,
      List<AutoCloseable> closeables) {
    this(source, demoAdmin, stalenessSeconds, closeables, Optional.empty(), () -> {});
  }
}
