package io.netweave.o2ims.server.internal.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ConcurrentHashMap;

/**
 * logback's {@link PatternLayoutEncoder} with a direct path for the jar's one line pattern, {@value
 * #PATTERN}: the same bytes, written without the pattern layout's converter chain (a formatter, a
 * padding pass and a builder per converter, and a date formatted through {@code java.time} each
 * millisecond). Every access-log line goes through it, so that chain was a visible share of a
 * cached request's CPU time (docs/performance.md, "The per-request path").
 *
 * <p>Any other pattern, and any event that carries a throwable (the layout appends its stack
 * trace), is encoded by the base class, unchanged. {@code LineEncoderTest} checks that both paths
 * give the same bytes. Thread-safe.
 */
public final class LineEncoder extends PatternLayoutEncoder {
  /** The pattern of the jar's logback.xml, the one encoded directly. */
  public static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";

  private static final int MAX_CACHED_LOGGER_NAMES = 1024;

  /** The second a {@link Second} prefix was made for, and its {@code HH:mm:ss.} text. */
  private record Second(long epochSecond, String prefix) {}

  private final TargetLengthBasedClassNameAbbreviator abbreviator =
      new TargetLengthBasedClassNameAbbreviator(24);
  private final ConcurrentHashMap<String, String> abbreviated = new ConcurrentHashMap<>();
  private DateTimeFormatter secondFormat;
  private volatile Second second = new Second(Long.MIN_VALUE, "");

  private record Abbreviated(String name, String abbreviated) {}

  /** The last logger name looked up (most lines are the access log's). */
  private volatile Abbreviated lastLogger = new Abbreviated(null, null);

  private final Charset defaultCharset = Charset.defaultCharset();
  private boolean direct;

  @Override
  public void start() {
    super.start();
    // The zone as logback's date converter takes it: the default zone when the encoder starts.
    secondFormat = DateTimeFormatter.ofPattern("HH:mm:ss.").withZone(ZoneId.systemDefault());
    direct = PATTERN.equals(getPattern());
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    if (!direct || event.getThrowableProxy() != null) {
      return super.encode(event);
    }
    String message = event.getFormattedMessage();
    String thread = event.getThreadName();
    String logger = logger(event.getLoggerName());
    String level = event.getLevel().toString();
    StringBuilder line =
        new StringBuilder(
            32 + thread.length() + logger.length() + (message == null ? 4 : message.length()));
    long millis = event.getTimeStamp();
    line.append(prefix(Math.floorDiv(millis, 1000L)));
    int ms = (int) Math.floorMod(millis, 1000L);
    line.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10));
    line.append((char) ('0' + ms % 10)).append(' ').append(level);
    for (int pad = level.length(); pad < 5; pad++) {
      line.append(' ');
    }
    line.append(" [").append(thread).append("] ").append(logger).append(" - ").append(message);
    line.append(CoreConstants.LINE_SEPARATOR);
    Charset charset = getCharset();
    return line.toString().getBytes(charset == null ? defaultCharset : charset);
  }

  private String prefix(long epochSecond) {
    Second s = second;
    if (s.epochSecond() != epochSecond) {
      s = new Second(epochSecond, secondFormat.format(Instant.ofEpochSecond(epochSecond)));
      second = s;
    }
    return s.prefix();
  }

  private String logger(String name) {
    Abbreviated last = lastLogger;
    if (last.name() == name) { // the same logger's name is the same String instance every time
      return last.abbreviated();
    }
    String known = abbreviated.get(name);
    if (known != null) {
      lastLogger = new Abbreviated(name, known);
      return known;
    }
    String shortened = abbreviator.abbreviate(name);
    if (abbreviated.size() < MAX_CACHED_LOGGER_NAMES) {
      abbreviated.putIfAbsent(name, shortened);
    }
    return shortened;
  }
}
