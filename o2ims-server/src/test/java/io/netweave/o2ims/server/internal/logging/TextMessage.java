package io.netweave.o2ims.server.internal.logging;

/** An {@link AsciiMessage} of a given text, as the access log's line is one, for tests. */
record TextMessage(String text) implements AsciiMessage {
  @Override
  public int length() {
    return text.length();
  }

  @Override
  public int writeAscii(byte[] buffer, int at) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return -1;
      }
      buffer[at++] = (byte) text.charAt(i);
    }
    return at;
  }

  @Override
  public String toString() {
    return text;
  }
}
