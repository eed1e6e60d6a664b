package io.netweave.o2ims.server.internal.security;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Protocols;
import io.undertow.util.StatusCodes;
import java.util.Locale;
import java.util.Objects;

/**
 * Refuses a request whose {@code Transfer-Encoding} is anything but the single coding {@code
 * chunked}, and closes its connection. Undertow 2.3's HTTP/1.1 parser reads the body of such a
 * request as chunked (seen with {@code xchunked}, {@code chunked;x}, {@code gzip}, {@code chunked,
 * identity}, {@code identity, chunked}) and then serves the next request on the connection, while a
 * proxy in front may frame the same bytes differently: a request smuggling shape. RFC 9112 (6.1,
 * 6.3) has a server answer 400 and close when {@code chunked} is not the final coding, and 501 for
 * a coding it does not implement (anything before {@code chunked}: the gateway decodes none); an
 * HTTP/1.0 request with the header at all is refused too (HTTP/1.0 has no transfer codings, RFC
 * 9112 6.1, yet Undertow reads it as chunked and keeps a keep-alive connection open). Runs
 * outermost among the admission layers, so no other refusal answers such a request on a connection
 * that stays open.
 *
 * <p>Costs one header lookup on requests without the header (every HTTP/2 request: the header is
 * not allowed there). Thread-safe.
 */
public final class TransferCodingHandler implements HttpHandler {
  private static final int MAX_SHOWN_CHARS = 64;

  private final HttpHandler next;
  private final ProblemResponses problems;

  public TransferCodingHandler(HttpHandler next, ProblemResponses problems) {
    this.next = Objects.requireNonNull(next, "next");
    this.problems = Objects.requireNonNull(problems, "problems");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    HeaderValues codings = exchange.getRequestHeaders().get(Headers.TRANSFER_ENCODING);
    if (codings == null || codings.isEmpty()) {
      next.handleRequest(exchange);
      return;
    }
    String value = String.join(", ", codings);
    String[] listed = value.split(",", -1);
    if (exchange.getProtocol().equals(Protocols.HTTP_1_0)) {
      // HTTP/1.0 has no transfer codings: RFC 9112 (6.1) has the framing treated as faulty.
      exchange.setPersistent(false);
      problems.send(
          exchange,
          StatusCodes.BAD_REQUEST,
          "Transfer-Encoding in an HTTP/1.0 request: its body's length cannot be determined");
      return;
    }
    if (listed.length == 1 && listed[0].strip().equalsIgnoreCase("chunked")) {
      next.handleRequest(exchange);
      return;
    }
    exchange.setPersistent(false);
    boolean chunkedLastOnly =
        listed[listed.length - 1].strip().toLowerCase(Locale.ROOT).equals("chunked")
            && value.toLowerCase(Locale.ROOT).indexOf("chunked")
                == value.toLowerCase(Locale.ROOT).lastIndexOf("chunked");
    String shown = LogText.clean(value, MAX_SHOWN_CHARS);
    if (chunkedLastOnly) {
      problems.send(
          exchange,
          StatusCodes.NOT_IMPLEMENTED,
          "Transfer-Encoding '" + shown + "': only 'chunked' alone is implemented");
    } else {
      problems.send(
          exchange,
          StatusCodes.BAD_REQUEST,
          "Transfer-Encoding '"
              + shown
              + "' is not 'chunked' alone, so the body's length cannot be determined");
    }
  }
}
