package io.netweave.o2ims.server.internal.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.util.Map;

/**
 * The conditional headers of a request that changes state (RFC 9110, section 13), for a server that
 * gives its representations no entity tag and no modification date. {@code If-Match} naming entity
 * tags can never match: the request is refused with 412 before it changes anything ({@code
 * If-Match: *} holds). {@code If-None-Match: *} fails, since it is evaluated only where the target
 * exists. {@code If-None-Match} naming entity tags holds, and the date conditions are ignored, as
 * RFC 9110 says for a resource without a modification date.
 *
 * <p>When: every write route is handed {@link #check} by {@link Router#addEvaluatingPreconditions}
 * and runs it itself. RFC 9110 section 13.2.1 has a server ignore the preconditions where its
 * answer without them would not be 2xx or 412, so the O2 writes run it through their service once
 * the target is found and the body is valid, just before the change: a DELETE of a missing
 * subscription with {@code If-None-Match: *} is 404 (it was 412 while every route was guarded up
 * front), a body of the wrong type 415, an invalid one 400. The admin API's writes run it first,
 * before they look at anything (their targets are found inside the one step that changes them: the
 * outbox's replay, the demo source's change), as they did when a guard ran it before every write
 * route. Stateless.
 */
final class Preconditions {
  private Preconditions() {}

  /**
   * Throws the 412 problem when the request's preconditions fail on a target that exists; an O2
   * write calls it just before the change, after every other check, an admin write first.
   */
  static void check(HttpServerExchange exchange) {
    HeaderValues ifMatch = exchange.getRequestHeaders().get(Headers.IF_MATCH);
    if (ifMatch != null && !onlyAnyTag(ifMatch)) {
      throw failed(
          "If-Match names entity tags, and this server gives its representations none, so none"
              + " can match: nothing was changed (send the request without If-Match, or with"
              + " If-Match: *)");
    }
    HeaderValues ifNoneMatch = exchange.getRequestHeaders().get(Headers.IF_NONE_MATCH);
    if (ifNoneMatch != null && hasAnyTag(ifNoneMatch)) {
      throw failed(
          "If-None-Match: * holds only where the target does not exist, and it does: nothing was"
              + " changed");
    }
  }

  /** Whether every element of every line is {@code *} (and there is at least one). */
  private static boolean onlyAnyTag(HeaderValues values) {
    boolean any = false;
    for (String line : values) {
      for (String element : line.split(",", -1)) {
        if (!element.strip().equals("*")) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  private static boolean hasAnyTag(HeaderValues values) {
    for (String line : values) {
      for (String element : line.split(",", -1)) {
        if (element.strip().equals("*")) {
          return true;
        }
      }
    }
    return false;
  }

  private static HttpProblem failed(String detail) {
    return new HttpProblem(412, "Precondition Failed", detail, Map.of());
  }
}
