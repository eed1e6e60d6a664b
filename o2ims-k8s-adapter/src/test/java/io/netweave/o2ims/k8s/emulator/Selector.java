package io.netweave.o2ims.k8s.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A parsed label selector ({@code =, ==, !=, in, notin}, existence and {@code !key}) together with
 * a field selector ({@code =, ==, !=} on dotted paths such as {@code metadata.name} or {@code
 * spec.unschedulable}). Immutable.
 */
final class Selector {
  private record LabelTerm(String key, String op, Set<String> values) {}

  private record FieldTerm(String path, boolean equal, String value) {}

  private static final Selector EVERYTHING = new Selector(List.of(), List.of());

  private final List<LabelTerm> labelTerms;
  private final List<FieldTerm> fieldTerms;

  private Selector(List<LabelTerm> labelTerms, List<FieldTerm> fieldTerms) {
    this.labelTerms = labelTerms;
    this.fieldTerms = fieldTerms;
  }

  static Selector everything() {
    return EVERYTHING;
  }

  /**
   * Parses both selectors; a missing or empty one selects everything.
   *
   * @throws ApiError (400) on malformed input
   */
  static Selector parse(String labelSelector, String fieldSelector) {
    List<LabelTerm> labels = new ArrayList<>();
    for (String term : splitTopLevel(labelSelector)) {
      labels.add(parseLabelTerm(term));
    }
    List<FieldTerm> fields = new ArrayList<>();
    for (String term : splitTopLevel(fieldSelector)) {
      fields.add(parseFieldTerm(term));
    }
    return new Selector(List.copyOf(labels), List.copyOf(fields));
  }

  boolean matches(JsonNode object) {
    JsonNode labels = object.path("metadata").path("labels");
    for (LabelTerm t : labelTerms) {
      JsonNode v = labels.get(t.key());
      boolean present = v != null && !v.isNull();
      String value = present ? v.asText() : null;
      boolean ok =
          switch (t.op()) {
            case "exists" -> present;
            case "!" -> !present;
            case "=", "in" -> present && t.values().contains(value);
            case "!=", "notin" -> !present || !t.values().contains(value);
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    for (FieldTerm t : fieldTerms) {
      if (fieldValue(object, t.path()).equals(t.value()) != t.equal()) {
        return false;
      }
    }
    return true;
  }

  private static String fieldValue(JsonNode object, String path) {
    JsonNode node = object;
    for (String segment : path.split("\\.")) {
      node = node.path(segment);
    }
    if (node.isMissingNode() || node.isNull()) {
      // A kube-apiserver reports absent booleans such as spec.unschedulable as "false".
      return path.equals("spec.unschedulable") ? "false" : "";
    }
    return node.asText();
  }

  private static LabelTerm parseLabelTerm(String raw) {
    String term = raw.trim();
    String[] words = term.split("\\s+", 3);
    if (words.length >= 2 && (words[1].equals("in") || words[1].equals("notin"))) {
      String rest = term.substring(term.indexOf(words[1]) + words[1].length()).trim();
      if (!rest.startsWith("(") || !rest.endsWith(")")) {
        throw ApiError.badRequest("unable to parse requirement: " + term);
      }
      Set<String> values = new java.util.TreeSet<>();
      for (String v : rest.substring(1, rest.length() - 1).split(",")) {
        if (!v.isBlank()) {
          values.add(v.trim());
        }
      }
      return new LabelTerm(checkKey(words[0], term), words[1], Set.copyOf(values));
    }
    for (String op : List.of("!=", "==", "=")) {
      int at = term.indexOf(op);
      if (at > 0) {
        String key = checkKey(term.substring(0, at).trim(), term);
        String value = term.substring(at + op.length()).trim();
        return new LabelTerm(key, op.equals("!=") ? "!=" : "=", Set.of(value));
      }
    }
    if (term.startsWith("!")) {
      return new LabelTerm(checkKey(term.substring(1).trim(), term), "!", Set.of());
    }
    return new LabelTerm(checkKey(term, term), "exists", Set.of());
  }

  private static FieldTerm parseFieldTerm(String raw) {
    String term = raw.trim();
    for (String op : List.of("!=", "==", "=")) {
      int at = term.indexOf(op);
      if (at > 0) {
        String path = term.substring(0, at).trim();
        if (!path.matches("[A-Za-z.]+")) {
          throw ApiError.badRequest("invalid field selector: " + term);
        }
        return new FieldTerm(path, !op.equals("!="), term.substring(at + op.length()).trim());
      }
    }
    throw ApiError.badRequest("invalid field selector: " + term);
  }

  private static String checkKey(String key, String term) {
    if (key.isEmpty() || !key.matches("[A-Za-z0-9._/-]+")) {
      throw ApiError.badRequest("unable to parse requirement: " + term);
    }
    return key;
  }

  /** Splits on commas outside parentheses. */
  private static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return parts;
    }
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    parts.removeIf(String::isBlank);
    return parts;
  }
}
