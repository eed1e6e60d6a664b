package io.netweave.o2ims.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.netweave.o2ims.model.DeploymentManager;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.OCloudInfo;
import io.netweave.o2ims.model.ProblemDetails;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourceClass;
import io.netweave.o2ims.model.ResourceKind;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.model.ResourceType;
import io.netweave.o2ims.model.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;

/** Realistic inventory objects and canned answers for the SDK tests. */
public final class Fixtures {
  public static final JsonMapper JSON = O2Json.newMapper();
  static final UUID OCLOUD = UUID.fromString("5a1c3c38-6f0e-4a8b-9f0e-1a2b3c4d5e6f");
  public static final UUID POOL = UUID.fromString("0b6a2b9e-3f0c-5a1d-8e7f-1234567890ab");
  static final UUID TYPE = UUID.fromString("7c4d1e2f-9a8b-5c6d-8e7f-abcdefabcdef");

  private Fixtures() {}

  public static OCloudInfo oCloud() {
    return new OCloudInfo(
        OCLOUD,
        UUID.fromString("11111111-2222-4333-8444-555555555555"),
        "edge-cloud",
        "test cloud",
        "https://o2ims.example.net/o2ims-infrastructureInventory/v1",
        Map.of());
  }

  public static ResourcePool pool(int i) {
    return new ResourcePool(
        uuid("pool", i),
        "zone-" + i,
        "nodes of zone " + i,
        OCLOUD,
        "global-" + i,
        Optional.of("eu-west"),
        Map.of("site", "s" + i));
  }

  public static ResourceType type(int i) {
    return new ResourceType(
        uuid("type", i),
        "m5.xlarge-" + i,
        "",
        "aws",
        "m5.xlarge",
        "1",
        ResourceKind.LOGICAL,
        ResourceClass.COMPUTE,
        Map.of(),
        Optional.empty());
  }

  public static Resource resource(int i) {
    return new Resource(
        uuid("resource", i),
        POOL,
        TYPE,
        "urn:k8s:node:" + uuid("uid", i),
        "node worker-" + i,
        List.of(),
        List.of(),
        List.of(),
        Map.of(
            "nodeName",
            "worker-" + i,
            "ready",
            i % 7 != 0,
            "labels",
            Map.of("topology.kubernetes.io/zone", "zone-a", "kubernetes.io/arch", "amd64"),
            "capacity",
            Map.of("cpu", "8", "memory", "32Gi", "pods", "110")));
  }

  public static DeploymentManager deploymentManager(int i) {
    return new DeploymentManager(
        uuid("dm", i),
        "cluster-" + i,
        "",
        OCLOUD,
        "https://api.cluster-" + i + ":6443",
        List.of(),
        Map.of("kubernetesVersion", "v1.31.2"),
        Map.of("cpu", "64"),
        Map.of());
  }

  public static Subscription subscription(int i) {
    return new Subscription(
        uuid("sub", i),
        Optional.empty(),
        Optional.of("(eq,objectType,Resource)"),
        "https://smo.example.net/cb/" + i);
  }

  public static List<Resource> resources(int from, int to) {
    List<Resource> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(resource(i));
    }
    return out;
  }

  public static UUID uuid(String kind, int i) {
    return UUID.nameUUIDFromBytes((kind + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static MockResponse ok(Object body) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json")
        .body(json(body))
        .build();
  }

  public static MockResponse problem(int status, String title, String detail) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", ProblemDetails.MEDIA_TYPE)
        .body(json(ProblemDetails.of(status, title, detail, "/o2ims-infrastructureInventory/v1")))
        .build();
  }

  /** A sleeper that records the waits and returns at once. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration delay) {
      waits.add(delay);
    }
  }

  /**
   * Connections that fill a listening socket's accept queue (never accepted), so that the next
   * connection attempt to it is dropped and times out.
   */
  static final class FullBacklog implements AutoCloseable {
    private final List<java.net.Socket> sockets = new java.util.ArrayList<>();

    static FullBacklog fill(java.net.ServerSocket server) throws java.io.IOException {
      FullBacklog backlog = new FullBacklog();
      for (int i = 0; i < 16; i++) {
        java.net.Socket s = new java.net.Socket();
        try {
          s.connect(server.getLocalSocketAddress(), 200);
          backlog.sockets.add(s);
        } catch (java.net.SocketTimeoutException queueFull) {
          s.close();
          return backlog;
        }
      }
      backlog.close();
      throw new IllegalStateException("the accept queue never filled up");
    }

    @Override
    public void close() throws java.io.IOException {
      for (java.net.Socket s : sockets) {
        s.close();
      }
    }
  }
}
