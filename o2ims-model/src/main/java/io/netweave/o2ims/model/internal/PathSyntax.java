package io.netweave.o2ims.model.internal;

import io.netweave.o2ims.model.InvalidQueryException;
import java.util.ArrayList;
import java.util.List;

/**
 * The attribute path syntax shared by {@code filter} and the selectors: segments separated by
 * {@code /}, where {@code ~1} stands for {@code /} and {@code ~0} for {@code ~} (JSON Pointer
 * escapes). A segment may hold any other character except {@code , ( ) ;}; empty segments are
 * refused. Stateless.
 */
public final class PathSyntax {
  private PathSyntax() {}

  /**
   * Splits {@code input[start, end)} into unescaped segments.
   *
   * @throws InvalidQueryException for an empty segment, a bad escape or a reserved character
   */
  public static List<String> split(String input, int start, int end, String parameter) {
    List<String> segments = new ArrayList<>(4);
    StringBuilder segment = new StringBuilder();
    int segmentStart = start;
    for (int i = start; i <= end; i++) {
      char c = i < end ? input.charAt(i) : '/';
      if (c == '/') {
        if (segment.length() == 0) {
          throw new InvalidQueryException(
              parameter,
              "empty attribute path segment in '" + input.substring(start, end) + "'",
              input,
              segmentStart);
        }
        segments.add(segment.toString());
        segment.setLength(0);
        segmentStart = i + 1;
      } else if (c == '~') {
        char next = i + 1 < end ? input.charAt(i + 1) : ' ';
        if (next == '0') {
          segment.append('~');
        } else if (next == '1') {
          segment.append('/');
        } else {
          throw new InvalidQueryException(
              parameter, "'~' in an attribute path must be followed by 0 or 1", input, i);
        }
        i++;
      } else if (c == ',' || c == '(' || c == ')' || c == ';') {
        throw new InvalidQueryException(
            parameter, "character '" + c + "' is not allowed in an attribute path", input, i);
      } else {
        segment.append(c);
      }
    }
    return List.copyOf(segments);
  }

  /** The textual form of a path: segments escaped and joined with {@code /}. */
  public static String join(List<String> path) {
    StringBuilder text = new StringBuilder();
    for (String segment : path) {
      if (text.length() > 0) {
        text.append('/');
      }
      text.append(segment.replace("~", "~0").replace("/", "~1"));
    }
    return text.toString();
  }
}
