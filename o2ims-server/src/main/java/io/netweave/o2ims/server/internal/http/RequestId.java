package io.netweave.o2ims.server.internal.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.regex.Pattern;

/** The id of one request: taken from a sane {@code X-Request-Id} header or generated. */
final class RequestId {
  static final AttachmentKey<String> KEY = AttachmentKey.create(String.class);
  static final String HEADER = "X-Request-Id";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private RequestId() {}

  static String assign(HttpServerExchange exchange) {
    String given = exchange.getRequestHeaders().getFirst(HEADER);
    String id =
        given != null && SANE.matcher(given).matches()
            ? given
            : java.util.UUID.randomUUID().toString();
    exchange.putAttachment(KEY, id);
    return id;
  }

  static String of(HttpServerExchange exchange) {
    String id = exchange.getAttachment(KEY);
    return id == null ? "-" : id;
  }
}
