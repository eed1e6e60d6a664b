package io.netweave.o2ims.k8s.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** The discovery documents of the emulated API server ({@code /version}, {@code /api}, ...). */
final class Discovery {
  static final String GIT_VERSION = "v1.31.0";
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final String COORDINATION = "coordination.k8s.io";

  private Discovery() {}

  /** The document served at a discovery path, if it is one. */
  static Optional<ObjectNode> document(String path, String serverAddress) {
    return Optional.ofNullable(
        switch (path) {
          case "/version" -> version();
          case "/api" -> apiVersions(serverAddress);
          case "/api/v1" -> resourceList("v1");
          case "/apis" -> groupList();
          case "/apis/" + COORDINATION -> group();
          case "/apis/" + COORDINATION + "/v1" -> resourceList(COORDINATION + "/v1");
          default -> null;
        });
  }

  private static ObjectNode version() {
    ObjectNode v = JSON.objectNode();
    v.put("major", "1");
    v.put("minor", "31");
    v.put("gitVersion", GIT_VERSION);
    v.put("gitCommit", "0000000000000000000000000000000000000000");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "2026-01-01T00:00:00Z");
    v.put("goVersion", "go1.22.0");
    v.put("compiler", "gc");
    v.put("platform", "linux/amd64");
    return v;
  }

  private static ObjectNode apiVersions(String serverAddress) {
    ObjectNode doc = JSON.objectNode();
    doc.put("kind", "APIVersions");
    doc.putArray("versions").add("v1");
    ObjectNode cidr = doc.putArray("serverAddressByClientCIDRs").addObject();
    cidr.put("clientCIDR", "0.0.0.0/0");
    cidr.put("serverAddress", serverAddress);
    return doc;
  }

  private static ObjectNode groupList() {
    ObjectNode doc = JSON.objectNode();
    doc.put("kind", "APIGroupList");
    doc.put("apiVersion", "v1");
    doc.putArray("groups").add(groupBody());
    return doc;
  }

  private static ObjectNode group() {
    ObjectNode doc = groupBody();
    doc.put("kind", "APIGroup");
    doc.put("apiVersion", "v1");
    return doc;
  }

  private static ObjectNode groupBody() {
    ObjectNode g = JSON.objectNode();
    g.put("name", COORDINATION);
    ObjectNode v = g.putArray("versions").addObject();
    v.put("groupVersion", COORDINATION + "/v1");
    v.put("version", "v1");
    g.set("preferredVersion", v.deepCopy());
    return g;
  }

  private static ObjectNode resourceList(String groupVersion) {
    ObjectNode doc = JSON.objectNode();
    doc.put("kind", "APIResourceList");
    doc.put("apiVersion", "v1");
    doc.put("groupVersion", groupVersion);
    ArrayNode resources = doc.putArray("resources");
    for (EmulatedKind kind : EmulatedKind.values()) {
      if (!kind.apiVersion().equals(groupVersion)) {
        continue;
      }
      ObjectNode r = resources.addObject();
      r.put("name", kind.plural());
      r.put("singularName", kind.singular());
      r.put("namespaced", kind.namespaced());
      r.put("kind", kind.kind());
      ArrayNode verbs = r.putArray("verbs");
      List.of("create", "delete", "get", "list", "patch", "update", "watch").forEach(verbs::add);
      if (!kind.shortNames().isEmpty()) {
        ArrayNode shortNames = r.putArray("shortNames");
        kind.shortNames().forEach(shortNames::add);
      }
      r.put("storageVersionHash", Integer.toHexString(kind.kind().hashCode()));
      if (kind.hasStatus()) {
        ObjectNode s = resources.addObject();
        s.put("name", kind.plural() + "/status");
        s.put("singularName", "");
        s.put("namespaced", kind.namespaced());
        s.put("kind", kind.kind());
        ArrayNode statusVerbs = s.putArray("verbs");
        List.of("get", "patch", "update").forEach(statusVerbs::add);
      }
    }
    return doc;
  }
}
