package io.netweave.o2ims.server.internal.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** The id of one request: taken from a sane {@code X-Request-Id} header or generated. */
final class RequestId {
  static final AttachmentKey<String> KEY = AttachmentKey.create(String.class);
  static final String HEADER = "X-Request-Id";
  static final io.undertow.util.HttpString HEADER_NAME = new io.undertow.util.HttpString(HEADER);
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private RequestId() {}

  static String assign(HttpServerExchange exchange) {
    String given = exchange.getRequestHeaders().getFirst(HEADER_NAME);
    String id = given != null && SANE.matcher(given).matches() ? given : randomId();
    exchange.putAttachment(KEY, id);
    return id;
  }

  /**
   * A random (version 4) UUID from {@link ThreadLocalRandom}: a correlation id, not a secret, so it
   * does not need {@code UUID.randomUUID()}'s shared SecureRandom, which every IO thread would
   * otherwise contend on once per request.
   */
  static String randomId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(msb, lsb).toString();
  }

  static String of(HttpServerExchange exchange) {
    String id = exchange.getAttachment(KEY);
    return id == null ? "-" : id;
  }
}
