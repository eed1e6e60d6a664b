package io.netweave.o2ims.server.internal.alarms;

import io.netweave.o2ims.model.OCloudInfo;
import io.netweave.o2ims.model.spi.InventoryListener;
import io.netweave.o2ims.model.spi.InventorySnapshot;
import io.netweave.o2ims.model.spi.InventorySource;
import io.netweave.o2ims.model.spi.NodeHealth;
import io.netweave.o2ims.model.spi.Readiness;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * An inventory source whose node health the test sets directly (the real sources are tested through
 * the demo admin endpoint and the Kubernetes API emulator). Thread-safe enough for tests: the maps
 * are replaced whole.
 */
final class HealthSource implements InventorySource {
  static final UUID OCLOUD = UUID.fromString("00000000-0000-4000-8000-0000000a1a2d");
  static final UUID GLOBAL = UUID.fromString("00000000-0000-4000-8000-0000000610ba");
  static final UUID TYPE = UUID.fromString("5c7e1d2a-0000-5000-8000-000000000001");

  private volatile Map<UUID, NodeHealth> health = Map.of();
  private volatile boolean ready = true;

  static UUID resourceId(String node) {
    return UUID.nameUUIDFromBytes(node.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Sets a node's conditions: type to status, each with its transition time. */
  void node(String name, Map<String, String> statuses, Instant since) {
    node(name, statuses, since, Optional.empty());
  }

  void node(String name, Map<String, String> statuses, Instant since, Optional<Instant> cordon) {
    Map<UUID, NodeHealth> next = new HashMap<>(health);
    List<NodeHealth.Condition> conditions =
        statuses.entrySet().stream()
            .map(
                e ->
                    new NodeHealth.Condition(
                        e.getKey(),
                        e.getValue(),
                        "Reason" + e.getValue(),
                        "message " + e.getValue(),
                        Optional.of(since)))
            .toList();
    next.put(
        resourceId(name),
        new NodeHealth(resourceId(name), TYPE, name, "uid-" + name, conditions, cordon));
    health = Map.copyOf(next);
  }

  /** Sets a node's conditions as given (reasons and messages of the test's choosing). */
  void node(String name, List<NodeHealth.Condition> conditions) {
    Map<UUID, NodeHealth> next = new HashMap<>(health);
    next.put(
        resourceId(name),
        new NodeHealth(resourceId(name), TYPE, name, "uid-" + name, conditions, Optional.empty()));
    health = Map.copyOf(next);
  }

  void remove(String name) {
    Map<UUID, NodeHealth> next = new HashMap<>(health);
    next.remove(resourceId(name));
    health = Map.copyOf(next);
  }

  void ready(boolean ready) {
    this.ready = ready;
  }

  @Override
  public String name() {
    return "health";
  }

  @Override
  public void addListener(InventoryListener listener) {}

  @Override
  public void start() {}

  @Override
  public InventorySnapshot snapshot() {
    return InventorySnapshot.of(
        new OCloudInfo(OCLOUD, GLOBAL, "test", "test cloud", "http://x", Map.of()),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        1);
  }

  @Override
  public Map<UUID, NodeHealth> nodeHealth() {
    return health;
  }

  @Override
  public Readiness readiness() {
    return ready ? Readiness.ready("test") : Readiness.notReady("test");
  }

  @Override
  public void close() {}
}
