import com.fasterxml.jackson.databind.node.*;
import io.netweave.o2ims.k8s.NodeFixtures;
import io.netweave.o2ims.k8s.emulator.*;
import java.io.*;
import java.time.Instant;

/**
 * The repository's Kubernetes API emulator (o2ims-k8s-adapter test classes) as a process, for
 * bench/mixed-version/*.py: prints "URL <url>", then applies one command per stdin line and answers
 * "OK <line>": add NAME ZONE | label NAME KEY VALUE | cond NAME TYPE STATUS | del NAME. Six nodes
 * n0..n5 (zones zone-0, zone-1) and kube-system exist from the start.
 */
public class KubeEmulatorShell {
  public static void main(String[] a) throws Exception {
    KubeApiEmulator e = new KubeApiEmulator().start();
    e.create(EmulatedKind.NAMESPACE, NodeFixtures.namespace("kube-system"));
    for (int i = 0; i < 6; i++) e.create(EmulatedKind.NODE, NodeFixtures.node("n" + i, "zone-" + (i % 2), "4", "16Gi"));
    System.out.println("URL " + e.url()); System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    for (String l; (l = in.readLine()) != null; ) {
      String[] w = l.split(" ");
      JsonNodeFactory f = JsonNodeFactory.instance;
      switch (w[0]) {
        case "add" -> e.create(EmulatedKind.NODE, NodeFixtures.node(w[1], w[2], "4", "16Gi"));
        case "del" -> e.delete(EmulatedKind.NODE, w[1]);
        case "label" -> { ObjectNode p = f.objectNode(); p.putObject("metadata").putObject("labels").put(w[2], w[3]); e.patch(EmulatedKind.NODE, w[1], p, false); }
        case "cond" -> {
          ArrayNode list = (ArrayNode) e.get(EmulatedKind.NODE, null, w[1]).path("status").path("conditions").deepCopy();
          for (var c : list) if (c.path("type").asText().equals(w[2])) ((ObjectNode) c).put("status", w[3]).put("lastTransitionTime", Instant.now().toString());
          ObjectNode p = f.objectNode(); p.putObject("status").set("conditions", list); e.patch(EmulatedKind.NODE, w[1], p, true);
        }
        default -> {}
      }
      System.out.println("OK " + l); System.out.flush();
    }
  }
}
