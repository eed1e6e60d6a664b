package io.netweave.o2ims.client.internal.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netweave.o2ims.model.O2Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes JSON values as pretty JSON or as a plain-text table. Not thread-safe (one per command).
 */
final class Printer {
  private static final ObjectMapper MAPPER =
      O2Json.newMapper().rebuild().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final int MAX_CELL = 60;

  private final PrintWriter out;
  private final boolean json;

  Printer(PrintWriter out, boolean json) {
    this.out = out;
    this.json = json;
  }

  static ObjectMapper mapper() {
    return MAPPER;
  }

  static String json(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the model's records are always writable", e);
    }
  }

  /**
   * Prints a list.
   *
   * @param columns the table columns; when empty, every top-level member seen
   */
  void list(ArrayNode items, List<String> columns) {
    if (json) {
      out.println(json(items));
    } else {
      List<String> cols = columns.isEmpty() ? membersOf(items) : columns;
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode item : items) {
        List<String> row = new ArrayList<>();
        for (String c : cols) {
          row.add(cell(item.get(c)));
        }
        rows.add(row);
      }
      table(cols, rows);
    }
    out.flush();
  }

  /** Prints one object; a table shows one attribute per row. */
  void object(JsonNode value) {
    if (json) {
      out.println(json(value));
    } else {
      List<List<String>> rows = new ArrayList<>();
      Iterator<String> names = value.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        rows.add(List.of(name, cell(value.get(name))));
      }
      table(List.of("ATTRIBUTE", "VALUE"), rows);
    }
    out.flush();
  }

  /** Prints a one-line message (table mode) or nothing (JSON mode prints only JSON). */
  void message(String text) {
    if (!json) {
      out.println(text);
      out.flush();
    }
  }

  private static List<String> membersOf(ArrayNode items) {
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode item : items) {
      item.fieldNames().forEachRemaining(names::add);
    }
    return List.copyOf(names);
  }

  private static String cell(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "";
    }
    String text = value.isValueNode() ? value.asText() : value.toString();
    text = text.replaceAll("\\s+", " ");
    return text.length() <= MAX_CELL ? text : text.substring(0, MAX_CELL - 3) + "...";
  }

  private void table(List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    line(header, widths);
    for (List<String> row : rows) {
      line(row, widths);
    }
  }

  private void line(List<String> cells, int[] widths) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append("  ");
      }
      b.append(cells.get(i));
      if (i < cells.size() - 1) {
        b.append(" ".repeat(widths[i] - cells.get(i).length()));
      }
    }
    out.println(b);
  }
}
