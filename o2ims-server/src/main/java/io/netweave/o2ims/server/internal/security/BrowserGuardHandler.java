package io.netweave.o2ims.server.internal.security;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Keeps web pages away from a gateway a browser can reach (the demo profile, which has no
 * authentication):
 *
 * <ul>
 *   <li>DNS rebinding: the {@code Host} (or HTTP/2 {@code :authority}) must name this server: an IP
 *       literal, or one of the allowed names ({@code server.allowed_hosts}; by default {@code
 *       localhost} and the listen address). A rebound name of the attacker's is answered 421.
 *   <li>Cross-site forms: a browser sends a cross-origin POST without a preflight only with a form
 *       or text content type. A POST must carry a JSON content type ({@code application/json} or
 *       {@code application/...+json}) or an {@code X-Requested-With} header, else 415. (PUT, PATCH
 *       and DELETE always need a preflight, which the gateway never grants.)
 * </ul>
 *
 * The probes ({@code /healthz}, {@code /livez}, {@code /readyz}) answer whatever the host: load
 * balancers probe with names of their own, and the probes reveal nothing. Either check can be off
 * (an empty name set allows every host). Immutable and thread-safe.
 */
public final class BrowserGuardHandler implements HttpHandler {
  private static final HttpString REQUESTED_WITH = new HttpString("X-Requested-With");

  private final HttpHandler next;
  private final Set<String> allowedHosts;
  private final boolean refuseSimplePosts;
  private final ProblemResponses problems;

  /**
   * @param allowedHosts lower-case host names served besides IP literals; empty: any host
   * @param refuseSimplePosts whether POSTs a form could send are refused
   */
  public BrowserGuardHandler(
      HttpHandler next,
      Set<String> allowedHosts,
      boolean refuseSimplePosts,
      ProblemResponses problems) {
    this.next = Objects.requireNonNull(next, "next");
    this.allowedHosts = Set.copyOf(allowedHosts);
    this.refuseSimplePosts = refuseSimplePosts;
    this.problems = Objects.requireNonNull(problems, "problems");
  }

  /**
   * The last {@code Host} value found allowed, as the client sent it: clients send the same value
   * on every request, so an equal value is allowed without taking it apart again (a new string per
   * request). A value only gets here after passing the check, and an equal one passes it too.
   */
  private volatile String lastAllowedHost = "";

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (!allowedHosts.isEmpty() && !isProbe(exchange.getRequestPath())) {
      String header = exchange.getRequestHeaders().getFirst(Headers.HOST);
      if (header != null && !header.equals(lastAllowedHost)) {
        String host = hostName(header);
        if (!host.isEmpty() && !allowedHosts.contains(host) && !isIpLiteral(host)) {
          exchange.setPersistent(false);
          problems.send(
              exchange,
              421,
              "this server does not answer for host '"
                  + LogText.clean(host, 100)
                  + "' (server.allowed_hosts)");
          return;
        }
        lastAllowedHost = header;
      }
    }
    if (refuseSimplePosts
        && exchange.getRequestMethod().equals(Methods.POST)
        && !isJson(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE))
        && !exchange.getRequestHeaders().contains(REQUESTED_WITH)) {
      problems.send(
          exchange,
          415,
          "a POST must carry Content-Type: application/json (or an X-Requested-With header);"
              + " cross-site form posts are refused");
      return;
    }
    next.handleRequest(exchange);
  }

  private static boolean isProbe(String path) {
    return path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz");
  }

  static String hostName(String header) {
    if (header == null) {
      return "";
    }
    String h = header.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.lastIndexOf(':');
    h = colon < 0 ? h : h.substring(0, colon);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  static boolean isIpLiteral(String host) {
    return host.startsWith("[") || isIpv4(host);
  }

  /**
   * Four dot-separated decimal numbers of 0 to 255, each of one or two digits (leading zero
   * allowed) or three digits starting with 1 or 2: what {@code
   * (25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}} matches, checked
   * without a regular expression (it runs on every request whose host is not a configured name).
   */
  static boolean isIpv4(String host) {
    int parts = 0;
    int i = 0;
    int n = host.length();
    while (parts < 4) {
      int start = i;
      int value = 0;
      while (i < n && i - start < 3 && host.charAt(i) >= '0' && host.charAt(i) <= '9') {
        value = value * 10 + (host.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || value > 255 || (digits == 3 && host.charAt(start) == '0')) {
        return false;
      }
      parts++;
      if (parts < 4) {
        if (i >= n || host.charAt(i) != '.') {
          return false;
        }
        i++;
      }
    }
    return i == n;
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return media.equals("application/json")
        || (media.startsWith("application/") && media.endsWith("+json"));
  }
}
