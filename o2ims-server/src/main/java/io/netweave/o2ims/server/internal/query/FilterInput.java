package io.netweave.o2ims.server.internal.query;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.Filter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a filter needs of an object held as JSON bytes: a tree holding only the members the filter's
 * paths go through, read with a streaming parser that skips everything else.
 *
 * <p>Design note. {@link Filter#matches} walks each term's path from the root: an object member per
 * segment, fanning out over arrays met on the way. Reading, for each member on a path, the member
 * itself (objects along a path member by member, an array or a path's last member whole) gives a
 * tree on which every path reaches exactly the nodes it reaches in the full tree, so the filter
 * decides as it would on the full object, while the bulk of an object (labels, capacity, conditions
 * when the filter is about something else) is never turned into nodes. Immutable once built;
 * thread-safe.
 */
final class FilterInput {
  private final ObjectMapper mapper;
  private final ObjectReader values;
  private final Step root;

  private FilterInput(ObjectMapper mapper, Step root) {
    this.mapper = mapper;
    this.values = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.root = root;
  }

  /** The input of {@code filter}'s terms. */
  static FilterInput of(Filter filter, ObjectMapper mapper) {
    Step root = new Step();
    for (Filter.Term term : filter.terms()) {
      root.add(term.path());
    }
    return new FilterInput(mapper, root);
  }

  /** The input of one attribute path (what a term on that path reads). */
  static FilterInput ofPath(List<String> path, ObjectMapper mapper) {
    Step root = new Step();
    root.add(path);
    return new FilterInput(mapper, root);
  }

  /** Whether the filter tests nothing (matches every object without reading it). */
  boolean readsNothing() {
    return root.next.isEmpty() && !root.whole;
  }

  /** The members of one object's JSON the filter looks at, as a new tree. */
  ObjectNode read(byte[] json) {
    try (JsonParser p = mapper.getFactory().createParser(json)) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      if (p.nextToken() == JsonToken.START_OBJECT) {
        members(p, root, out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("the query engine holds JSON that does not parse", e);
    }
  }

  /**
   * Reads into {@code out} the members on {@code at} of the object the parser is in (just after its
   * START_OBJECT). Stops as soon as every member on {@code at} has been read.
   *
   * @return true if it read up to the object's END_OBJECT, false if it stopped early, just after a
   *     complete member value (then {@link #skipToEnd} moves past the object)
   */
  private boolean members(JsonParser p, Step at, ObjectNode out) throws IOException {
    int missing = at.next.size();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      Step next = at.next.get(name);
      if (next == null) {
        p.skipChildren();
        continue;
      }
      if (value == JsonToken.START_OBJECT && !next.whole) {
        boolean complete = members(p, next, out.putObject(name));
        if (--missing == 0) {
          return false;
        }
        if (!complete) {
          skipToEnd(p);
        }
      } else {
        out.set(name, values.readTree(p));
        if (--missing == 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** Moves past the END_OBJECT of the object the parser is in, after a complete member value. */
  private static void skipToEnd(JsonParser p) throws IOException {
    int depth = 1;
    while (depth > 0) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return;
      }
      if (t.isStructStart()) {
        depth++;
      } else if (t.isStructEnd()) {
        depth--;
      }
    }
  }

  /** The filter's paths as a trie; {@code whole} marks a member read entirely. */
  private static final class Step {
    private final Map<String, Step> next = new HashMap<>();
    private boolean whole;

    void add(List<String> path) {
      Step s = this;
      for (String segment : path) {
        s = s.next.computeIfAbsent(segment, k -> new Step());
      }
      s.whole = true;
    }
  }
}
