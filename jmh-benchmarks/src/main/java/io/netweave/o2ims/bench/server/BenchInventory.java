package io.netweave.o2ims.bench.server;

import io.netweave.o2ims.server.internal.demo.DemoInventory;
import io.netweave.o2ims.server.internal.query.InventoryQueryService;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The demo inventory the server benchmarks run on: one pool, fixed ids. */
final class BenchInventory {
  private BenchInventory() {}

  static DemoInventory demo() {
    UUID ocloudId = UUID.nameUUIDFromBytes("netweave-bench".getBytes(StandardCharsets.UTF_8));
    UUID globalCloudId = UUID.nameUUIDFromBytes("global".getBytes(StandardCharsets.UTF_8));
    return new DemoInventory(
        ocloudId,
        globalCloudId,
        "netweave-bench",
        "http://localhost:8080" + InventoryQueryService.PREFIX,
        1,
        4);
  }
}
