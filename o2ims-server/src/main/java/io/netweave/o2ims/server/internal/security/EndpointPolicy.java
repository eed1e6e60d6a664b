package io.netweave.o2ims.server.internal.security;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Methods;
import java.util.List;
import java.util.Set;

/**
 * Classifies requests into {@link EndpointClass}es and decides which roles a request needs (its
 * {@link Requirement}).
 *
 * <ul>
 *   <li>Exact public paths (default {@code /healthz}, {@code /readyz}, {@code /livez}): no role.
 *   <li>Paths under an admin prefix (default {@code /admin}, {@code /metrics}): {@link Role#ADMIN}.
 *   <li>Subscription paths (a {@code subscriptions} or {@code alarmSubscriptions} segment): GET,
 *       HEAD, OPTIONS and DELETE need {@link Role#SUBSCRIBER}; any other method (a create, or a
 *       change should one ever be routed) needs {@link Role#SUBSCRIBER} and {@link Role#READER},
 *       since the subscription will deliver what it selects. Which subscriptions a caller sees is
 *       {@link SubscriptionAccess}.
 *   <li>Other GET/HEAD: {@link Role#READER}; other writes (alarm acknowledgement, service
 *       configuration): {@link Role#ADMIN}.
 * </ul>
 *
 * {@link Role#ADMIN} satisfies every requirement. Immutable and thread-safe.
 */
public final class EndpointPolicy {
  public static final List<String> DEFAULT_PUBLIC_PATHS = List.of("/healthz", "/readyz", "/livez");
  public static final List<String> DEFAULT_ADMIN_PREFIXES = List.of("/admin", "/metrics");
  // An array, not a Set: iterating it on every request allocates nothing.
  private static final String[] SUBSCRIPTION_SEGMENTS = {"subscriptions", "alarmsubscriptions"};
  private static final int ALARM_SUBSCRIPTIONS = 1;

  private final Set<String> publicPaths;
  private final List<String> adminPrefixes;

  public EndpointPolicy(List<String> publicPaths, List<String> adminPrefixes) {
    this.publicPaths = Set.copyOf(publicPaths.stream().map(EndpointPolicy::trim).toList());
    this.adminPrefixes = adminPrefixes.stream().map(EndpointPolicy::trim).toList();
  }

  public static EndpointPolicy defaults() {
    return new EndpointPolicy(DEFAULT_PUBLIC_PATHS, DEFAULT_ADMIN_PREFIXES);
  }

  public EndpointClass classify(HttpServerExchange exchange) {
    String path = trim(exchange.getRequestPath());
    if (publicPaths.contains(path)) {
      return EndpointClass.PUBLIC;
    }
    if (isAdmin(path)) {
      return EndpointClass.ADMIN;
    }
    return isRead(exchange) ? EndpointClass.READ : EndpointClass.WRITE;
  }

  /** The roles the request needs. */
  public Requirement requirement(HttpServerExchange exchange) {
    String path = trim(exchange.getRequestPath());
    if (isAdmin(path)) {
      return Requirement.ADMIN;
    }
    int segment = subscriptionSegment(path);
    if (segment >= 0) {
      if (isRead(exchange) || exchange.getRequestMethod().equals(Methods.DELETE)) {
        return Requirement.OWN_SUBSCRIPTIONS;
      }
      return segment == ALARM_SUBSCRIPTIONS
          ? Requirement.ALARM_SUBSCRIPTION_WRITE
          : Requirement.INVENTORY_SUBSCRIPTION_WRITE;
    }
    return isRead(exchange) ? Requirement.READ : Requirement.ADMIN;
  }

  private boolean isAdmin(String path) {
    for (String prefix : adminPrefixes) {
      if (path.startsWith(prefix)
          && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
        return true;
      }
    }
    return false;
  }

  /**
   * The index in {@link #SUBSCRIPTION_SEGMENTS} of the first segment that, lower-cased, is a
   * subscription segment; -1 when none is. Runs on every request, so it scans the path in place
   * instead of splitting and lower-casing copies. Only ASCII letters are folded: for these
   * all-ASCII segment names that decides exactly as {@code toLowerCase(Locale.ROOT)} and {@code
   * equals} would (no other char lower-cases to a single one of their letters).
   */
  private static int subscriptionSegment(String path) {
    int start = 0;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      for (int i = 0; i < SUBSCRIPTION_SEGMENTS.length; i++) {
        if (equalsLowerCased(path, start, end, SUBSCRIPTION_SEGMENTS[i])) {
          return i;
        }
      }
      start = end + 1;
    }
    return -1;
  }

  private static boolean equalsLowerCased(String path, int from, int to, String lowerAscii) {
    if (to - from != lowerAscii.length()) {
      return false;
    }
    for (int i = 0; i < lowerAscii.length(); i++) {
      char c = path.charAt(from + i);
      if ((c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c) != lowerAscii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isRead(HttpServerExchange exchange) {
    return exchange.getRequestMethod().equals(Methods.GET)
        || exchange.getRequestMethod().equals(Methods.HEAD)
        || exchange.getRequestMethod().equals(Methods.OPTIONS);
  }

  private static String trim(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
