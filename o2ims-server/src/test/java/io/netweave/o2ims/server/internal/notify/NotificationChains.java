package io.netweave.o2ims.server.internal.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.O2Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per resource (a node name may be several resources over time: a recreated node has a new UID), a
 * subscription's acknowledged notifications, first delivery of each notification id only.
 */
record NotificationChains(
    Map<String, List<JsonNode>> byResource,
    Map<String, String> nodeNames,
    long delivered,
    long duplicates) {
  static NotificationChains of(List<InventoryChangeNotification> received) {
    ObjectMapper mapper = O2Json.newMapper();
    Map<String, List<JsonNode>> byResource = new LinkedHashMap<>();
    Map<String, String> names = new HashMap<>();
    Set<Object> seen = new HashSet<>();
    long dup = 0;
    for (var n : received) {
      if (!seen.add(n.notificationId())) {
        dup++;
        continue;
      }
      JsonNode json = mapper.valueToTree(n);
      JsonNode state =
          json.has("postObjectState") ? json.get("postObjectState") : json.get("priorObjectState");
      String ref = json.path("objectRef").asText();
      names.put(ref, state.path("extensions").path("nodeName").asText());
      byResource.computeIfAbsent(ref, k -> new ArrayList<>()).add(json);
    }
    return new NotificationChains(byResource, names, seen.size() + dup, dup);
  }

  /** Per resource: node name, event type and generation of its last notification. */
  Map<String, String> lastStates() {
    Map<String, String> out = new TreeMap<>();
    byResource.forEach(
        (ref, chain) -> {
          JsonNode last = chain.get(chain.size() - 1);
          JsonNode post = last.get("postObjectState");
          out.put(
              nodeNames.get(ref) + "@" + ref.substring(ref.length() - 6),
              last.path("notificationEventType").asText()
                  + (post == null
                      ? ""
                      : ":" + post.path("extensions").path("labels").path(Chaos.GEN).asText()));
        });
    return out;
  }

  /** Each break as {@code node@ref: previous -> next}, event type and generations, for reports. */
  List<String> breakDetails() {
    List<String> out = new ArrayList<>();
    byResource.forEach(
        (ref, chain) -> {
          for (int i = 1; i < chain.size(); i++) {
            JsonNode before = chain.get(i - 1).get("postObjectState");
            JsonNode prior = chain.get(i).get("priorObjectState");
            if (before == null ? prior != null : !before.equals(prior)) {
              out.add(
                  nodeNames.get(ref)
                      + "@"
                      + ref.substring(ref.length() - 6)
                      + " #"
                      + i
                      + ": "
                      + describe(chain.get(i - 1))
                      + " -> "
                      + describe(chain.get(i)));
            }
          }
        });
    return out;
  }

  private static String describe(JsonNode n) {
    return n.path("notificationEventType").asText()
        + "("
        + gen(n.get("priorObjectState"))
        + ">"
        + gen(n.get("postObjectState"))
        + ")";
  }

  private static String gen(JsonNode state) {
    return state == null ? "-" : state.path("extensions").path("labels").path(Chaos.GEN).asText();
  }

  /** Consecutive notifications of a resource whose prior state is not the previous post state. */
  long breaks() {
    long breaks = 0;
    for (List<JsonNode> chain : byResource.values()) {
      for (int i = 1; i < chain.size(); i++) {
        JsonNode before = chain.get(i - 1).get("postObjectState");
        JsonNode prior = chain.get(i).get("priorObjectState");
        if (before == null ? prior != null : !before.equals(prior)) {
          breaks++;
        }
      }
    }
    return breaks;
  }

  /**
   * Every chain is unbroken; a node that exists ends in exactly one resource whose last state has
   * the final generation; every other resource of that name (and every resource of a deleted node)
   * ends deleted.
   */
  boolean endsIn(Map<String, Integer> finalGen) {
    if (breaks() > 0) {
      return false;
    }
    Map<String, Integer> live = new HashMap<>();
    for (Map.Entry<String, List<JsonNode>> e : byResource.entrySet()) {
      List<JsonNode> chain = e.getValue();
      JsonNode last = chain.get(chain.size() - 1).get("postObjectState");
      if (last == null) {
        continue;
      }
      String name = nodeNames.get(e.getKey());
      Integer gen = finalGen.get(name);
      if (gen == null
          || !Integer.toString(gen)
              .equals(last.path("extensions").path("labels").path(Chaos.GEN).asText())) {
        return false;
      }
      live.merge(name, 1, Integer::sum);
    }
    return live.keySet().equals(finalGen.keySet()) && live.values().stream().allMatch(n -> n == 1);
  }
}
