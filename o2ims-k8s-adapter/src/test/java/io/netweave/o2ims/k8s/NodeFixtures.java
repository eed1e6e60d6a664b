package io.netweave.o2ims.k8s;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.k8s.emulator.EmulatedKind;
import io.netweave.o2ims.k8s.emulator.KubeApiEmulator;
import java.time.Duration;
import java.util.Map;

/**
 * Realistic Node and Namespace objects for the emulator, as a kubelet would register them. Part of
 * the test-jar, so the server tests build the same nodes.
 */
public final class NodeFixtures {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private NodeFixtures() {}

  public static ObjectNode node(String name, String zone, String cpu, String memory) {
    ObjectNode node = JSON.objectNode();
    ObjectNode metadata = node.putObject("metadata");
    metadata.put("name", name);
    ObjectNode labels = metadata.putObject("labels");
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", "amd64");
    labels.put("kubernetes.io/hostname", name);
    labels.put("node.kubernetes.io/instance-type", "m5.xlarge");
    labels.put("topology.kubernetes.io/region", "eu-west-1");
    if (zone != null) {
      labels.put("topology.kubernetes.io/zone", zone);
    }
    metadata.putObject("annotations").put("node.alpha.kubernetes.io/ttl", "0");
    metadata.putArray("managedFields").addObject().put("manager", "kubelet");
    node.putObject("spec").put("providerID", "aws:///eu-west-1a/i-" + name);
    ObjectNode status = node.putObject("status");
    ObjectNode capacity = status.putObject("capacity");
    capacity.put("cpu", cpu);
    capacity.put("memory", memory);
    capacity.put("pods", "110");
    status.set("allocatable", capacity.deepCopy());
    ArrayNode conditions = status.putArray("conditions");
    for (Map.Entry<String, String> c :
        Map.of(
                "Ready", "True",
                "MemoryPressure", "False",
                "DiskPressure", "False",
                "PIDPressure", "False")
            .entrySet()) {
      ObjectNode condition = conditions.addObject();
      condition.put("type", c.getKey());
      condition.put("status", c.getValue());
      condition.put("lastHeartbeatTime", "2026-01-01T00:00:00Z");
      condition.put("lastTransitionTime", "2026-01-01T00:00:00Z");
      condition.put("reason", "KubeletReady");
    }
    ObjectNode info = status.putObject("nodeInfo");
    info.put("kubeletVersion", "v1.31.0");
    info.put("osImage", "Ubuntu 24.04 LTS");
    info.put("kernelVersion", "6.8.0");
    info.put("containerRuntimeVersion", "containerd://1.7.0");
    info.put("architecture", "amd64");
    info.put("operatingSystem", "linux");
    info.put("machineID", "m-" + name);
    info.put("bootID", "boot-" + name);
    info.put("systemUUID", "sys-" + name);
    info.put("kubeProxyVersion", "v1.31.0");
    status.putArray("images").addObject().putArray("names").add("registry.k8s.io/pause:3.9");
    status.putArray("addresses").addObject().put("type", "InternalIP").put("address", "10.0.0.1");
    return node;
  }

  /**
   * A started emulator of one cluster, as the multi-cluster tests use it: a {@code kube-system}
   * namespace, each node (4 CPU, 16Gi) in zone {@code zone-<node>}, a watch bookmark every 300 ms.
   * The caller closes it.
   */
  public static KubeApiEmulator cluster(String... nodes) {
    KubeApiEmulator e = new KubeApiEmulator().start();
    e.bookmarkInterval(Duration.ofMillis(300));
    e.create(EmulatedKind.NAMESPACE, namespace("kube-system"));
    for (String node : nodes) {
      e.create(EmulatedKind.NODE, node(node, "zone-" + node, "4", "16Gi"));
    }
    return e;
  }

  public static ObjectNode namespace(String name) {
    ObjectNode ns = JSON.objectNode();
    ns.putObject("metadata").put("name", name);
    return ns;
  }

  /** A status patch that only moves every condition's heartbeat, as kubelets do every 10 s. */
  public static ObjectNode heartbeat(KubeApiEmulator emulator, String name, String time) {
    ObjectNode current = emulator.get(EmulatedKind.NODE, null, name);
    ArrayNode conditions = (ArrayNode) current.path("status").path("conditions");
    conditions.forEach(c -> ((ObjectNode) c).put("lastHeartbeatTime", time));
    ObjectNode patch = JSON.objectNode();
    patch.putObject("status").set("conditions", conditions);
    return patch;
  }
}
