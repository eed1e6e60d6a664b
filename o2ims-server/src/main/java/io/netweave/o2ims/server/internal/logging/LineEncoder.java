package io.netweave.o2ims.server.internal.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
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
  private record Second(long epochSecond, String prefix, byte[] bytes) {}

  /** {@code %-5level}: each level's name padded to five characters, as bytes. */
  private static final java.util.Map<String, byte[]> LEVELS =
      java.util.Map.of(
          "TRACE", ascii("TRACE"),
          "DEBUG", ascii("DEBUG"),
          "INFO", ascii("INFO "),
          "WARN", ascii("WARN "),
          "ERROR", ascii("ERROR"));

  private static final byte[] LINE_END = ascii(CoreConstants.LINE_SEPARATOR);

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private final TargetLengthBasedClassNameAbbreviator abbreviator =
      new TargetLengthBasedClassNameAbbreviator(24);
  private final ConcurrentHashMap<String, String> abbreviated = new ConcurrentHashMap<>();
  private DateTimeFormatter secondFormat;
  private volatile Second second = new Second(Long.MIN_VALUE, "", new byte[0]);

  private record Abbreviated(String name, String abbreviated) {}

  /** The last logger name looked up (most lines are the access log's). */
  private volatile Abbreviated lastLogger = new Abbreviated(null, null);

  private final Charset defaultCharset = Charset.defaultCharset();
  private boolean direct;
  private Charset lineCharset; // null: the line is built as text and encoded whole
  private int maxBytesPerChar; // of lineCharset: 3 for UTF-8, 1 for the two others
  private final ConcurrentHashMap<String, byte[]> threadNames = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, byte[]> loggerNames = new ConcurrentHashMap<>();

  @Override
  public void start() {
    super.start();
    // The zone as logback's date converter takes it: the default zone when the encoder starts.
    secondFormat = DateTimeFormatter.ofPattern("HH:mm:ss.").withZone(ZoneId.systemDefault());
    direct = PATTERN.equals(getPattern());
    Charset charset = getCharset() == null ? defaultCharset : getCharset();
    // Pieces encoded apart and joined are the line's encoding only in a charset that encodes
    // ASCII as itself, one byte per char, and each char on its own (no byte-order mark).
    lineCharset =
        charset.equals(StandardCharsets.UTF_8)
                || charset.equals(StandardCharsets.US_ASCII)
                || charset.equals(StandardCharsets.ISO_8859_1)
            ? charset
            : null;
    maxBytesPerChar =
        lineCharset == null ? 0 : (int) Math.ceil(lineCharset.newEncoder().maxBytesPerChar());
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    if (!direct || event.getThrowableProxy() != null) {
      return super.encode(event);
    }
    if (lineCharset == null) {
      return textLine(event);
    }
    byte[] level = LEVELS.get(event.getLevel().toString());
    if (level == null) {
      return textLine(event);
    }
    // The line's bytes assembled in one array: the second's prefix, the thread's and the logger's
    // names encoded once and kept, only the message encoded per line.
    byte[] message = String.valueOf(event.getFormattedMessage()).getBytes(lineCharset);
    byte[] thread = encoded(threadNames, event.getThreadName());
    byte[] logger = encoded(loggerNames, logger(event.getLoggerName()));
    long millis = event.getTimeStamp();
    byte[] prefix = prefixBytes(Math.floorDiv(millis, 1000L));
    byte[] line =
        new byte[headLength(prefix, level, thread, logger) + message.length + LINE_END.length];
    int at = putHead(prefix, millis, level, thread, logger, line, 0);
    at = put(message, line, at);
    put(LINE_END, line, at);
    return line;
  }

  /**
   * Writes the line {@link #encode} would make for {@code event} straight into {@code buffer} from
   * {@code at}, the message's characters encoded in place: no array of the line's own, no array of
   * the message's bytes (for the access log, two arrays per request); an {@link AsciiMessage}
   * writes its own bytes, without its text being made (the access log's line). Returns where the
   * line ends in {@code buffer}, or -1 with nothing written when the line is not one this encoder
   * writes directly (another pattern, a throwable, a charset that does not encode ASCII as itself)
   * or might not fit in {@code buffer} after {@code at}; the caller then writes {@link #encode}'s
   * array.
   */
  int encodeInto(ILoggingEvent event, byte[] buffer, int at) {
    if (!direct || lineCharset == null || event.getThrowableProxy() != null) {
      return -1;
    }
    byte[] level = LEVELS.get(event.getLevel().toString());
    if (level == null) {
      return -1;
    }
    AsciiMessage ascii = asciiMessage(event);
    String message = ascii == null ? String.valueOf(event.getFormattedMessage()) : null;
    byte[] thread = encoded(threadNames, event.getThreadName());
    byte[] logger = encoded(loggerNames, logger(event.getLoggerName()));
    long millis = event.getTimeStamp();
    byte[] prefix = prefixBytes(Math.floorDiv(millis, 1000L));
    // Room for the message in the line's charset, whether or not it turns out to be ASCII.
    long most =
        headLength(prefix, level, thread, logger)
            + (long) maxBytesPerChar * (ascii == null ? message.length() : ascii.length())
            + LINE_END.length;
    if (at < 0 || most > buffer.length - at) {
      return -1;
    }
    at = putHead(prefix, millis, level, thread, logger, buffer, at);
    int end = ascii == null ? -1 : ascii.writeAscii(buffer, at);
    if (end < 0) {
      end = putMessage(message == null ? ascii.toString() : message, buffer, at);
    }
    return put(LINE_END, buffer, end);
  }

  /**
   * The event's {@link AsciiMessage}, when its message is {@link AsciiMessage#FORMAT} with that one
   * argument (logback formats such a message as the argument's {@code toString()}); else null.
   */
  private static AsciiMessage asciiMessage(ILoggingEvent event) {
    Object[] arguments = event.getArgumentArray();
    if (arguments != null
        && arguments.length == 1
        && arguments[0] instanceof AsciiMessage ascii
        && AsciiMessage.FORMAT.equals(event.getMessage())) {
      return ascii;
    }
    return null;
  }

  /** The length of everything before the message: {@code HH:mm:ss.SSS LEVEL [thread] logger - }. */
  private static int headLength(byte[] prefix, byte[] level, byte[] thread, byte[] logger) {
    return prefix.length + 4 + level.length + 2 + thread.length + 2 + logger.length + 3;
  }

  private static int putHead(
      byte[] prefix, long millis, byte[] level, byte[] thread, byte[] logger, byte[] line, int at) {
    at = put(prefix, line, at);
    int ms = (int) Math.floorMod(millis, 1000L);
    line[at++] = (byte) ('0' + ms / 100);
    line[at++] = (byte) ('0' + ms / 10 % 10);
    line[at++] = (byte) ('0' + ms % 10);
    line[at++] = ' ';
    at = put(level, line, at);
    line[at++] = ' ';
    line[at++] = '[';
    at = put(thread, line, at);
    line[at++] = ']';
    line[at++] = ' ';
    at = put(logger, line, at);
    line[at++] = ' ';
    line[at++] = '-';
    line[at++] = ' ';
    return at;
  }

  /**
   * The message in the line's charset: ASCII characters are their own bytes in each of the three. A
   * message of ASCII characters only (every access-log line: its text is cleaned, {@code LogText})
   * is checked in one pass without stores and copied whole by {@link String#getBytes(int, int,
   * byte[], int)}, which keeps each character's low byte (exact for ASCII) and is one array copy
   * for a string of Latin-1 characters, less CPU than a copy character by character
   * (docs/performance.md, "Thirteenth pass, fifteenth session"). Otherwise the ASCII start is
   * copied and, from the first other character on, the rest is encoded by the charset (it starts on
   * a whole character: everything before it was ASCII). The caller made room for {@link
   * #maxBytesPerChar} bytes per character.
   */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): exact for ASCII, checked
  private int putMessage(String message, byte[] buffer, int at) {
    int n = message.length();
    int high = 0;
    for (int i = 0; i < n; i++) {
      high |= message.charAt(i);
    }
    if (high < 0x80) {
      message.getBytes(0, n, buffer, at);
      return at + n;
    }
    int ascii = 0;
    while (message.charAt(ascii) < 0x80) {
      ascii++;
    }
    message.getBytes(0, ascii, buffer, at);
    return put(message.substring(ascii).getBytes(lineCharset), buffer, at + ascii);
  }

  private static int put(byte[] piece, byte[] line, int at) {
    System.arraycopy(piece, 0, line, at, piece.length);
    return at + piece.length;
  }

  /** A name's bytes in the line's charset, kept for the first names seen. */
  private byte[] encoded(ConcurrentHashMap<String, byte[]> known, String name) {
    byte[] bytes = known.get(name);
    if (bytes != null) {
      return bytes;
    }
    bytes = name.getBytes(lineCharset);
    if (known.size() < MAX_CACHED_LOGGER_NAMES) {
      known.putIfAbsent(name, bytes);
    }
    return bytes;
  }

  /** The line built as text, then encoded (a charset whose pieces do not simply join). */
  private byte[] textLine(ILoggingEvent event) {
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

  private byte[] prefixBytes(long epochSecond) {
    Second s = second;
    if (s.epochSecond() != epochSecond) {
      s = second(epochSecond);
    }
    return s.bytes();
  }

  private String prefix(long epochSecond) {
    Second s = second;
    if (s.epochSecond() != epochSecond) {
      s = second(epochSecond);
    }
    return s.prefix();
  }

  private Second second(long epochSecond) {
    String prefix = secondFormat.format(Instant.ofEpochSecond(epochSecond));
    Second s = new Second(epochSecond, prefix, prefix.getBytes(StandardCharsets.US_ASCII));
    second = s;
    return s;
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
