package io.netweave.o2ims.model.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Projection of JSON objects for the attribute selectors: keep only some paths, or remove some.
 * Arrays met on a path (for example {@code elements/description}) apply the rest of the path to
 * each element. Inputs are never modified. Stateless.
 */
public final class JsonProjection {
  private JsonProjection() {}

  /** A copy of {@code source} holding only the given paths (missing ones are skipped). */
  public static ObjectNode keep(ObjectNode source, List<List<String>> paths) {
    PathTree tree = new PathTree();
    for (List<String> path : paths) {
      tree.add(path);
    }
    return (ObjectNode) project(source, tree);
  }

  /** Removes the given paths from {@code target}, in place (call it on a copy). */
  public static void remove(ObjectNode target, List<String> path) {
    removeFrom(target, path, 0);
  }

  private static void removeFrom(JsonNode node, List<String> path, int index) {
    if (node.isArray()) {
      for (JsonNode element : node) {
        removeFrom(element, path, index);
      }
      return;
    }
    if (!(node instanceof ObjectNode object)) {
      return;
    }
    String key = path.get(index);
    if (index == path.size() - 1) {
      object.remove(key);
      return;
    }
    JsonNode child = object.get(key);
    if (child != null) {
      removeFrom(child, path, index + 1);
    }
  }

  private static JsonNode project(JsonNode source, PathTree tree) {
    if (tree.whole) {
      return source.deepCopy();
    }
    if (source.isArray()) {
      ArrayNode copy = ((ArrayNode) source).arrayNode();
      for (JsonNode element : source) {
        if (element.isObject()) {
          copy.add(project(element, tree));
        }
      }
      return copy;
    }
    ObjectNode copy = ((ObjectNode) source).objectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = source.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      PathTree child = tree.children.get(field.getKey());
      if (child == null) {
        continue;
      }
      JsonNode value = field.getValue();
      if (child.whole || value.isObject() || value.isArray()) {
        copy.set(field.getKey(), project(value, child));
      }
    }
    return copy;
  }

  /** Selected paths as a trie; {@code whole} marks a subtree kept entirely. */
  private static final class PathTree {
    private final Map<String, PathTree> children = new LinkedHashMap<>();
    private boolean whole;

    void add(List<String> path) {
      PathTree node = this;
      for (String segment : path) {
        if (node.whole) {
          return;
        }
        node = node.children.computeIfAbsent(segment, s -> new PathTree());
      }
      node.whole = true;
      node.children.clear();
    }
  }
}
