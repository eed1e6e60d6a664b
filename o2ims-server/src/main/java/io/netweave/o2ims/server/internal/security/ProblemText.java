package io.netweave.o2ims.server.internal.security;

import io.netweave.o2ims.model.ProblemDetails;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Bounds the texts of a problem before it is written, so that an error response stays small
 * whatever the request (a 300 KB path used to come back twice, in {@code instance} and in a 404's
 * {@code detail}). Each text is measured as it is written in the body (UTF-8, JSON-escaped: a
 * control character costs six bytes) and cut at {@link #MAX_INSTANCE_BYTES}, {@link
 * #MAX_DETAIL_BYTES} or {@link #MAX_ATTRIBUTE_BYTES}; a cut text ends with {@link #MARKER} ({@code
 * instance}, which stays a URI reference, with its escapes {@link #URI_MARKER}). A cut never splits
 * a surrogate pair, a percent-escape ({@code %2F}) or the escapes of one UTF-8 character ({@code
 * %E2%80%A6}). Texts within their bound are returned as they are (no copy). Stateless.
 *
 * <p>An {@code input} attribute (the query text a 400 refuses) that comes with a {@code position}
 * (where in that text the error lies) is cut as a {@link #window} around the position instead of to
 * a prefix, which would leave out the very place the position names: the shown text starts and ends
 * with the marker where text was left out, {@code position} keeps its meaning (the offset in the
 * parameter as sent), and {@value #INPUT_POSITION} gives the error's offset within the shown {@code
 * input}.
 */
final class ProblemText {
  /** Written at the end of a cut text (U+2026, three bytes in UTF-8). */
  static final String MARKER = "\u2026";

  /** {@link #MARKER} percent-encoded, as a cut {@code instance} (a URI reference) ends. */
  static final String URI_MARKER = "%E2%80%A6";

  static final int MAX_INSTANCE_BYTES = 256;
  static final int MAX_DETAIL_BYTES = 1024;
  static final int MAX_ATTRIBUTE_BYTES = 256;

  /** The attribute that gives the error's offset within a cut {@code input}. */
  static final String INPUT_POSITION = "inputPosition";

  private static final int MARKER_BYTES = 3;

  /**
   * A part of a text shown in place of the whole.
   *
   * @param text the part, with the marker where text was left out before or after it
   * @param position the offset in {@code text} of the position it was cut around
   */
  record Window(String text, int position) {}

  private ProblemText() {}

  /** The problem with every text within its bound (the same instance when all are). */
  static ProblemDetails bounded(ProblemDetails problem) {
    Optional<String> instance = problem.instance().map(ProblemText::cutUri);
    String detail = cut(problem.detail(), MAX_DETAIL_BYTES);
    Map<String, String> attributes = windowed(problem.additionalAttributes());
    boolean attributesFit = true;
    for (Map.Entry<String, String> a : attributes.entrySet()) {
      attributesFit &=
          cut(a.getKey(), MAX_ATTRIBUTE_BYTES) == a.getKey()
              && cut(a.getValue(), MAX_ATTRIBUTE_BYTES) == a.getValue();
    }
    if (!attributesFit) {
      Map<String, String> cut = new TreeMap<>();
      attributes.forEach(
          (k, v) -> cut.put(cut(k, MAX_ATTRIBUTE_BYTES), cut(v, MAX_ATTRIBUTE_BYTES)));
      attributes = cut;
    }
    // cut returns its argument itself when nothing changes, so identity says "unchanged"
    if (attributesFit
        && attributes == problem.additionalAttributes()
        && detail == problem.detail()
        && instance.orElse(null) == problem.instance().orElse(null)) {
      return problem;
    }
    return new ProblemDetails(
        problem.type(), problem.title(), problem.status(), detail, instance, attributes);
  }

  /**
   * The attributes with an {@code input} past its bound cut as a window around its {@code
   * position}, and {@value #INPUT_POSITION} added; the same map when there is nothing to window.
   */
  private static Map<String, String> windowed(Map<String, String> attributes) {
    String input = attributes.get("input");
    String position = attributes.get("position");
    if (input == null || position == null || cost(input) <= MAX_ATTRIBUTE_BYTES) {
      return attributes;
    }
    int at;
    try {
      at = Integer.parseInt(position);
    } catch (NumberFormatException notANumber) {
      return attributes; // not ours: cut as any other text
    }
    if (at < 0 || at > input.length()) {
      return attributes;
    }
    Window window = window(input, at, MAX_ATTRIBUTE_BYTES);
    Map<String, String> out = new TreeMap<>(attributes);
    out.put("input", window.text());
    out.put(INPUT_POSITION, Integer.toString(window.position()));
    return out;
  }

  /**
   * A part of the text around {@code position} (0 to the text's length) that costs at most {@code
   * maxBytes} in the body, markers included: up to a third of the room before the position, the
   * rest after it (and before it, when the text ends first). As {@link #cut}, it never starts or
   * ends inside a surrogate pair, a percent-escape or the escapes of one UTF-8 character, and a
   * lone surrogate becomes U+FFFD (one character for one, so offsets keep).
   */
  static Window window(String text, int position, int maxBytes) {
    int budget = maxBytes - 2 * MARKER_BYTES;
    int start = position;
    int used = 0;
    while (start > 0) {
      int c = cost(text.codePointBefore(start));
      if (used + c > budget / 3) {
        break;
      }
      used += c;
      start -= Character.charCount(text.codePointBefore(start));
    }
    int end = position;
    while (end < text.length()) {
      int c = cost(text.codePointAt(end));
      if (used + c > budget) {
        break;
      }
      used += c;
      end += Character.charCount(text.codePointAt(end));
    }
    while (start > 0) {
      int c = cost(text.codePointBefore(start));
      if (used + c > budget) {
        break;
      }
      used += c;
      start -= Character.charCount(text.codePointBefore(start));
    }
    if (start > 0) {
      start = Math.min(afterBrokenEscape(text, start), position);
    }
    if (end < text.length()) {
      end = Math.max(beforeBrokenEscape(text, end), position);
    }
    StringBuilder out = new StringBuilder(end - start + 2);
    if (start > 0) {
      out.append(MARKER);
    }
    int shownPosition = position - start + out.length();
    for (int i = start; i < end; ) {
      int cp = text.codePointAt(i);
      out.appendCodePoint(cp < 0x10000 && Character.isSurrogate((char) cp) ? 0xFFFD : cp);
      i += Character.charCount(cp);
    }
    if (end < text.length()) {
      out.append(MARKER);
    }
    return new Window(out.toString(), shownPosition);
  }

  /**
   * Where to start so that the part starts neither inside a percent-escape nor with the escapes of
   * the continuation bytes of a UTF-8 character whose lead byte is left out.
   */
  private static int afterBrokenEscape(String text, int start) {
    if (start >= 1 && start + 2 <= text.length() && isEscape(text, start - 1)) {
      start += 2;
    } else if (start >= 2 && start + 1 <= text.length() && isEscape(text, start - 2)) {
      start += 1;
    }
    while (start + 3 <= text.length()
        && isEscape(text, start)
        && (escaped(text, start) & 0xC0) == 0x80) {
      start += 3;
    }
    return start;
  }

  /**
   * The text if it costs at most {@code maxBytes} in the body, else its longest clean prefix that
   * leaves room for the marker, followed by the marker. A lone surrogate (which a JSON body may
   * carry as {@code \\ud800}, and which no encoder can write) becomes U+FFFD.
   */
  /**
   * {@code instance} within {@link #MAX_INSTANCE_BYTES}, a cut one ending with {@link #URI_MARKER}
   * instead of the bare marker, which no URI may hold; the same string when it fits.
   */
  static String cutUri(String instance) {
    if (cut(instance, MAX_INSTANCE_BYTES) == instance) {
      return instance;
    }
    String cut = cut(instance, MAX_INSTANCE_BYTES - (URI_MARKER.length() - MARKER_BYTES));
    return cut.endsWith(MARKER)
        ? cut.substring(0, cut.length() - MARKER.length()) + URI_MARKER
        : cut;
  }

  static String cut(String text, int maxBytes) {
    int total = 0;
    boolean lone = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      total += cost(cp);
      lone |= Character.isSurrogate((char) cp) && cp < 0x10000;
      i += Character.charCount(cp);
    }
    if (total <= maxBytes && !lone) {
      return text; // the common case, without a copy
    }
    int budget = total <= maxBytes ? maxBytes : maxBytes - MARKER_BYTES;
    int end = 0;
    int used = 0;
    while (end < text.length()) {
      int cp = text.codePointAt(end);
      int c = cost(cp);
      if (used + c > budget) {
        break;
      }
      used += c;
      end += Character.charCount(cp); // a surrogate pair is taken whole or not at all
    }
    boolean cut = end < text.length();
    if (cut) {
      end = beforeBrokenEscape(text, end);
    }
    StringBuilder out = new StringBuilder(end + 1);
    for (int i = 0; i < end; ) {
      int cp = text.codePointAt(i);
      out.appendCodePoint(cp < 0x10000 && Character.isSurrogate((char) cp) ? 0xFFFD : cp);
      i += Character.charCount(cp);
    }
    return cut ? out.append(MARKER).toString() : out.toString();
  }

  /**
   * Where to cut so that the prefix ends neither inside a percent-escape nor inside the escapes of
   * one UTF-8 character.
   */
  private static int beforeBrokenEscape(String text, int end) {
    if (end >= 1 && text.charAt(end - 1) == '%') {
      end -= 1;
    } else if (end >= 2 && text.charAt(end - 2) == '%') {
      end -= 2;
    }
    // Walk back over trailing escapes of UTF-8 continuation bytes to the lead byte's escape.
    int at = end;
    int continuations = 0;
    while (at >= 3 && isEscape(text, at - 3) && (escaped(text, at - 3) & 0xC0) == 0x80) {
      continuations++;
      at -= 3;
    }
    if (at >= 3 && isEscape(text, at - 3)) {
      int lead = escaped(text, at - 3);
      int needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
      if (continuations < needed) {
        return at - 3; // the character's bytes run past the cut: leave all of them out
      }
    }
    return end;
  }

  private static boolean isEscape(String text, int at) {
    return text.charAt(at) == '%' && hex(text.charAt(at + 1)) && hex(text.charAt(at + 2));
  }

  private static int escaped(String text, int at) {
    return Integer.parseInt(text, at + 1, at + 3, 16);
  }

  private static boolean hex(char c) {
    return c < 0x80 && Character.digit(c, 16) >= 0;
  }

  /** What the text costs in the body: UTF-8 bytes once JSON-escaped. */
  static int cost(String text) {
    int total = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      total += cost(cp);
      i += Character.charCount(cp);
    }
    return total;
  }

  private static int cost(int cp) {
    if (cp < 0x20) {
      return 6; // \\u00XX (some have a two-character form; count the longest)
    }
    if (cp == '"' || cp == '\\') {
      return 2;
    }
    if (cp < 0x80) {
      return 1;
    }
    if (cp < 0x800) {
      return 2;
    }
    return cp < 0x10000 ? 3 : 4;
  }
}
