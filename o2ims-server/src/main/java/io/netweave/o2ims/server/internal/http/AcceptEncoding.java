package io.netweave.o2ims.server.internal.http;

import io.undertow.util.HeaderValues;

/**
 * Reads a request's {@code Accept-Encoding} (RFC 9110, section 12.5.3) for the one coding the
 * gateway sends: gzip is accepted when {@code gzip} (or its alias {@code x-gzip}) is listed with a
 * q-value above 0, or, when it is not listed, {@code *} is, and an explicitly listed {@code
 * identity} does not rank higher. {@code gzip;q=0} refuses it even beside {@code *}. Unknown
 * codings and malformed members are ignored; no header, or an empty one, means identity. Stateless.
 */
final class AcceptEncoding {
  /** q-values are kept in thousandths, as the RFC's grammar allows three decimals. */
  private static final int ABSENT = -1;

  private AcceptEncoding() {}

  /** Whether the header's values (every field line of it; null when absent) accept gzip. */
  static boolean acceptsGzip(HeaderValues values) {
    if (values == null) {
      return false;
    }
    int gzip = ABSENT;
    int star = ABSENT;
    int identity = ABSENT;
    for (int v = 0; v < values.size(); v++) {
      String line = values.get(v);
      int from = 0;
      while (from <= line.length()) {
        int comma = line.indexOf(',', from);
        int end = comma < 0 ? line.length() : comma;
        int semicolon = line.indexOf(';', from);
        int codingEnd = semicolon >= 0 && semicolon < end ? semicolon : end;
        String coding = line.substring(from, codingEnd).trim();
        if (!coding.isEmpty()) {
          int q = codingEnd < end ? quality(line.substring(codingEnd + 1, end)) : 1000;
          if (q != ABSENT) {
            if (coding.equalsIgnoreCase("gzip") || coding.equalsIgnoreCase("x-gzip")) {
              gzip = Math.max(gzip, q);
            } else if (coding.equals("*")) {
              star = q;
            } else if (coding.equalsIgnoreCase("identity")) {
              identity = q;
            }
          }
        }
        if (comma < 0) {
          break;
        }
        from = comma + 1;
      }
    }
    int gzipQ = gzip != ABSENT ? gzip : star;
    return gzipQ > 0 && (identity == ABSENT || gzipQ >= identity);
  }

  /**
   * The q-value in thousandths among a member's parameters ({@code ;q=0.5}), 1000 when it has none,
   * {@link #ABSENT} when the q-value is malformed (the member is then ignored).
   */
  private static int quality(String parameters) {
    for (String parameter : parameters.split(";")) {
      String p = parameter.trim();
      if (p.length() < 2 || (p.charAt(0) != 'q' && p.charAt(0) != 'Q') || p.charAt(1) != '=') {
        continue;
      }
      return qvalue(p.substring(2).trim());
    }
    return 1000;
  }

  /** RFC 9110's {@code qvalue}: "0" to "1" with up to three decimals. */
  private static int qvalue(String text) {
    if (text.isEmpty() || text.length() > 5 || (text.charAt(0) != '0' && text.charAt(0) != '1')) {
      return ABSENT;
    }
    int thousandths = (text.charAt(0) - '0') * 1000;
    if (text.length() > 1) {
      if (text.charAt(1) != '.') {
        return ABSENT;
      }
      int scale = 100;
      for (int i = 2; i < text.length(); i++, scale /= 10) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          return ABSENT;
        }
        thousandths += (c - '0') * scale;
      }
    }
    return thousandths > 1000 ? ABSENT : thousandths;
  }
}
