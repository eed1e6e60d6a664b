package io.netweave.o2ims.server.internal.security;

import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per write and per denied request on the {@code netweave.audit} logger: {@code
 * event=<write|denied> subject=<who> auth=<method> client=<address> method=<verb> path=<path>
 * status=<code> reason=<why>}. The path is logged without its query string, and never a header, a
 * token or a certificate; values are stripped of control characters and quotes so a client cannot
 * forge lines. With {@code server.log_format: json} each line is instead one JSON object with the
 * same members ({@link LogText}). Thread-safe.
 */
public final class AuditLog {
  /** The logger name operators route to their audit sink. */
  public static final String LOGGER_NAME = "netweave.audit";

  private final Logger logger;
  private final ClientOrigin origin;
  private final LogText.Format format;

  public AuditLog(ClientOrigin origin) {
    this(origin, LogText.Format.TEXT);
  }

  public AuditLog(ClientOrigin origin, LogText.Format format) {
    this(LoggerFactory.getLogger(LOGGER_NAME), origin, format);
  }

  AuditLog(Logger logger, ClientOrigin origin, LogText.Format format) {
    this.logger = logger;
    this.origin = origin;
    this.format = format;
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
        writeReason(status));
  }

  /**
   * What a write's status says happened: {@code ok}, {@code failed}, or, for the two statuses the
   * gateway records without answering when the client went away during the request body, {@code
   * client closed} (499, as nginx records it) and {@code read timeout} (408): nothing was written.
   */
  static String writeReason(int status) {
    if (status < 400) {
      return "ok";
    }
    return switch (status) {
      case 499 -> "client closed";
      case 408 -> "read timeout";
      default -> "failed";
    };
  }

  private void line(
      String event,
      HttpServerExchange exchange,
      String subject,
      String auth,
      int status,
      String reason) {
    if (!logger.isInfoEnabled()) {
      return;
    }
    if (format == LogText.Format.JSON) {
      java.util.Map<String, Object> fields = new java.util.LinkedHashMap<>();
      fields.put("event", event);
      fields.put("subject", clean(subject));
      fields.put("auth", auth);
      fields.put("client", origin.address(exchange).getHostAddress());
      fields.put("method", clean(exchange.getRequestMethod().toString()));
      fields.put("path", clean(exchange.getRequestPath()));
      fields.put("status", status);
      fields.put("reason", clean(reason));
      logger.info(LogText.json(fields));
      return;
    }
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
    return LogText.clean(value, 256);
  }
}
