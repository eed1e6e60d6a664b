package io.netweave.o2ims.server.internal.logging;

/**
 * A log message's argument that {@link LineEncoder} may write straight into the log buffer as ASCII
 * bytes, without the message's text being built first: logged as the one argument of the message
 * {@value #FORMAT}, so that every other encoder or layout (an operator's own logback configuration)
 * formats it as logback formats any argument, by its {@code toString()}, which must be the same
 * text. The access log's line is one (docs/performance.md, "Fourteenth pass, sixteenth session").
 */
public interface AsciiMessage {
  /** The message pattern an {@code AsciiMessage} is logged with, its one argument. */
  String FORMAT = "{}";

  /** The length of {@code toString()}: at most that many bytes are written. */
  int length();

  /**
   * Writes {@code toString()}'s characters as one byte each into {@code buffer} from {@code at},
   * which has room for {@link #length()} bytes, and returns where they end; or returns -1 when the
   * text holds a character past ASCII (the caller then encodes {@code toString()} in the line's
   * charset, over whatever was written).
   */
  int writeAscii(byte[] buffer, int at);
}
