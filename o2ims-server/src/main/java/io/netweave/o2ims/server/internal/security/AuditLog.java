package io.netweave.o2ims.server.internal.security;

import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per write and per denied request on the {@code netweave.audit} logger: {@code
 * event=<write|denied> subject=<who> auth=<method> client=<address> method=<verb> path=<path>
 * status=<code> reason=<why>}. The path is logged without its query string, and never a header, a
 * token or a certificate; values are stripped of control characters and quotes so a client cannot
 * forge lines. Thread-safe.
 */
public final class AuditLog {
  /** The logger name operators route to their audit sink. */
  public static final String LOGGER_NAME = "netweave.audit";

  private final Logger logger;
  private final ClientOrigin origin;

  public AuditLog(ClientOrigin origin) {
    this(LoggerFactory.getLogger(LOGGER_NAME), origin);
  }

  AuditLog(Logger logger, ClientOrigin origin) {
    this.logger = logger;
    this.origin = origin;
  }

  /** A request refused by the admission layer. */
  public void denied(HttpServerExchange exchange, String subject, int status, String reason) {
    AuthenticatedPrincipal principal = exchange.getAttachment(AuthenticatedPrincipal.KEY);
    String method = principal == null ? "none" : principal.method().name().toLowerCase();
    line("denied", exchange, subject, method, status, reason);
  }

  /** A write that was admitted, with the status it ended with. */
  public void write(HttpServerExchange exchange, AuthenticatedPrincipal principal, int status) {
    line(
        "write",
        exchange,
        principal.subject(),
        principal.method().name().toLowerCase(),
        status,
        status < 400 ? "ok" : "failed");
  }

  private void line(
      String event,
      HttpServerExchange exchange,
      String subject,
      String auth,
      int status,
      String reason) {
    logger.info(
        "event={} subject=\"{}\" auth={} client={} method={} path=\"{}\" status={} reason=\"{}\"",
        event,
        clean(subject),
        auth,
        origin.address(exchange).getHostAddress(),
        clean(exchange.getRequestMethod().toString()),
        clean(exchange.getRequestPath()),
        status,
        clean(reason));
  }

  static String clean(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), 256));
    for (int i = 0; i < value.length() && out.length() < 256; i++) {
      char c = value.charAt(i);
      out.append(c < 0x20 || c == 0x7F || c == '"' || c == '\\' ? '_' : c);
    }
    return out.toString();
  }
}
