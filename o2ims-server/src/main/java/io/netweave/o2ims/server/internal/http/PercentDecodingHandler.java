package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.model.ProblemDetails;
import io.netweave.o2ims.server.internal.security.LogText;
import io.netweave.o2ims.server.internal.security.ProblemResponses;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ParameterLimitException;
import io.undertow.util.URLUtils;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.xnio.OptionMap;

/**
 * Decodes the request's percent-escapes, which the listeners leave to this handler ({@code
 * UndertowOptions.DECODE_URL} is off on both, see {@code UndertowServer}), so that a malformed
 * escape is answered with a 400 problem carrying the request id and an access-log line instead of
 * failing inside Undertow. Thread-safe; placed just inside the access log, before everything that
 * reads the path or the query parameters.
 *
 * <p>Design note: everything after this handler must see exactly what Undertow's own decoding gave.
 * So the request path and relative path are decoded as the parsers did (the connection's {@code
 * URL_CHARSET}, UTF-8 by default; {@code +} is not a space; {@code %2F} and {@code %5C} stay
 * encoded unless {@code ALLOW_ENCODED_SLASH}/{@code DECODE_SLASH} say otherwise), and the query
 * parameters are parsed again from the raw query string by Undertow's own form-style parser ({@code
 * +} is a space, {@code %2F} is decoded), which keeps the parameters' order and merges names that
 * decode alike, as the request parser did. Path parameters ({@code ;name=value}, which the gateway
 * does not read) have their names and values decoded in place; only a value holding an encoded
 * comma ({@code %2C}) differs: the HTTP/1.1 parser split it after decoding, here it stays one value
 * (as over HTTP/2). The raw request URI and query string ({@code getRequestURI}, {@code
 * getQueryString}, what the access log shows) are never changed.
 *
 * <p>A listener that decodes itself ({@code DECODE_URL} on, Undertow's default: test servers and
 * benchmarks built with {@code Undertow.builder()}) is left alone, so nothing is decoded twice.
 *
 * <p>Cost: a request whose path and query hold no {@code %} and no {@code +} is one scan of each
 * string and nothing else (no allocation, no option lookup). HTTP/1.1 requests with a malformed
 * escape never get here: Undertow 2.3's strict parser refuses them before decoding (see
 * docs/security.md).
 */
final class PercentDecodingHandler implements HttpHandler {
  private static final int MAX_SHOWN_CHARS = 64;

  private final HttpHandler next;
  private final Problems problems;

  PercentDecodingHandler(HttpHandler next, Problems problems) {
    this.next = Objects.requireNonNull(next, "next");
    this.problems = Objects.requireNonNull(problems, "problems");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    boolean path = hasEscapes(exchange.getRequestURI());
    boolean query = hasEscapes(exchange.getQueryString());
    if ((path || query)
        && !exchange.getConnection().getUndertowOptions().get(UndertowOptions.DECODE_URL, true)
        && !decode(exchange, path, query)) {
      return;
    }
    next.handleRequest(exchange);
  }

  /** True when {@code raw} holds a {@code %} or a {@code +}, i.e. decoding may change it. */
  static boolean hasEscapes(String raw) {
    for (int i = 0, n = raw.length(); i < n; i++) {
      char c = raw.charAt(i);
      if (c == '%' || c == '+') {
        return true;
      }
    }
    return false;
  }

  /** Decodes what needs it; false when a malformed escape was answered with a 400. */
  private boolean decode(HttpServerExchange exchange, boolean path, boolean query) {
    OptionMap options = exchange.getConnection().getUndertowOptions();
    String charset = options.get(UndertowOptions.URL_CHARSET, StandardCharsets.UTF_8.name());
    StringBuilder buffer = new StringBuilder();
    if (path) {
      boolean slash = URLUtils.getSlashDecodingFlag(options);
      try {
        String requestPath = exchange.getRequestPath();
        String relative = exchange.getRelativePath();
        String decoded = URLUtils.decode(requestPath, charset, slash, false, buffer);
        exchange.setRequestPath(decoded);
        exchange.setRelativePath(
            relative.equals(requestPath)
                ? decoded
                : URLUtils.decode(relative, charset, slash, false, buffer));
        if (!exchange.getResolvedPath().isEmpty()) {
          exchange.setResolvedPath(
              URLUtils.decode(exchange.getResolvedPath(), charset, slash, false, buffer));
        }
        decodePathParameters(exchange, charset, buffer);
      } catch (IllegalArgumentException e) {
        refuse(exchange, "the request path", exchange.getRequestURI(), null);
        return false;
      }
    }
    if (query) {
      String raw = exchange.getQueryString();
      Map<String, Deque<String>> parameters = exchange.getQueryParameters();
      parameters.clear();
      try {
        URLUtils.parseQueryString(
            raw,
            exchange,
            charset,
            true,
            options.get(UndertowOptions.MAX_PARAMETERS, UndertowOptions.DEFAULT_MAX_PARAMETERS));
      } catch (IllegalArgumentException e) {
        parameters.clear();
        refuse(exchange, "the query", raw, parameterOf(raw));
        return false;
      } catch (ParameterLimitException e) {
        // Not reached: the listener's parser counted the same parameters against the same limit.
        parameters.clear();
        problems.send(
            exchange,
            ProblemDetails.of(
                400,
                "Bad Request",
                "the query has too many parameters",
                ProblemResponses.instance(exchange)),
            Map.of());
        return false;
      }
    }
    return true;
  }

  private static void decodePathParameters(
      HttpServerExchange exchange, String charset, StringBuilder buffer) {
    Map<String, Deque<String>> raw = exchange.getPathParameters();
    if (raw.isEmpty()) {
      return;
    }
    Map<String, Deque<String>> decoded = new LinkedHashMap<>();
    for (Map.Entry<String, Deque<String>> e : raw.entrySet()) {
      Deque<String> values =
          decoded.computeIfAbsent(
              URLUtils.decode(e.getKey(), charset, true, true, buffer),
              k -> new ArrayDeque<>(e.getValue().size()));
      for (String value : e.getValue()) {
        values.add(URLUtils.decode(value, charset, true, true, buffer));
      }
    }
    raw.clear();
    raw.putAll(decoded);
  }

  private void refuse(HttpServerExchange exchange, String where, String raw, String parameter) {
    String escape = LogText.clean(firstMalformedEscape(raw), MAX_SHOWN_CHARS);
    String detail =
        (parameter == null ? where : "the query parameter '" + parameter + "'")
            + " has a malformed percent-escape '"
            + escape
            + "': '%' must be followed by two hexadecimal digits (a literal '%' is written %25)";
    ProblemDetails problem =
        ProblemDetails.of(400, "Bad Request", detail, ProblemResponses.instance(exchange))
            .withAttribute("escape", escape);
    if (parameter != null) {
      problem = problem.withAttribute("parameter", parameter);
    }
    problems.send(exchange, problem, Map.of());
  }

  /** The first {@code %} of {@code raw} not followed by two hex digits, with what follows it. */
  static String firstMalformedEscape(String raw) {
    int at = indexOfMalformed(raw);
    return at < 0 ? "%" : raw.substring(at, Math.min(raw.length(), at + 3));
  }

  /** The raw name of the query parameter holding the first malformed escape, cleaned. */
  static String parameterOf(String rawQuery) {
    int at = indexOfMalformed(rawQuery);
    if (at < 0) {
      return null;
    }
    int start = rawQuery.lastIndexOf('&', at) + 1;
    int end = rawQuery.indexOf('&', at);
    String pair = rawQuery.substring(start, end < 0 ? rawQuery.length() : end);
    int equals = pair.indexOf('=');
    return LogText.clean(equals < 0 ? pair : pair.substring(0, equals), MAX_SHOWN_CHARS);
  }

  private static int indexOfMalformed(String raw) {
    for (int i = 0, n = raw.length(); i < n; i++) {
      if (raw.charAt(i) == '%') {
        if (i + 2 < n && hex(raw.charAt(i + 1)) && hex(raw.charAt(i + 2))) {
          i += 2;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  private static boolean hex(char c) {
    return Character.digit(c, 16) >= 0 && c < 0x80;
  }
}
