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
 * #MAX_DETAIL_BYTES} or {@link #MAX_ATTRIBUTE_BYTES}; a cut text ends with {@link #MARKER}. A cut
 * never splits a surrogate pair, a percent-escape ({@code %2F}) or the escapes of one UTF-8
 * character ({@code %E2%80%A6}). Texts within their bound are returned as they are (no copy).
 * Stateless.
 */
final class ProblemText {
  /** Written at the end of a cut text (U+2026, three bytes in UTF-8). */
  static final String MARKER = "\u2026";

  static final int MAX_INSTANCE_BYTES = 256;
  static final int MAX_DETAIL_BYTES = 1024;
  static final int MAX_ATTRIBUTE_BYTES = 256;

  private static final int MARKER_BYTES = 3;

  private ProblemText() {}

  /** The problem with every text within its bound (the same instance when all are). */
  static ProblemDetails bounded(ProblemDetails problem) {
    Optional<String> instance = problem.instance().map(i -> cut(i, MAX_INSTANCE_BYTES));
    String detail = cut(problem.detail(), MAX_DETAIL_BYTES);
    Map<String, String> attributes = problem.additionalAttributes();
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
        && detail == problem.detail()
        && instance.orElse(null) == problem.instance().orElse(null)) {
      return problem;
    }
    return new ProblemDetails(
        problem.type(), problem.title(), problem.status(), detail, instance, attributes);
  }

  /**
   * The text if it costs at most {@code maxBytes} in the body, else its longest clean prefix that
   * leaves room for the marker, followed by the marker. A lone surrogate (which a JSON body may
   * carry as {@code \\ud800}, and which no encoder can write) becomes U+FFFD.
   */
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
