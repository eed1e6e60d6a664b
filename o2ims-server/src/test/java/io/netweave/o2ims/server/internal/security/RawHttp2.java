package io.netweave.o2ims.server.internal.security;

import io.undertow.protocols.http2.HpackDecoder;
import io.undertow.protocols.http2.HpackException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A deliberately small HTTP/2 client for tests that need frames no well-behaved client sends: it
 * writes frames one by one (HEADERS without END_HEADERS, CONTINUATION, RST_STREAM in a loop) over
 * TLS with ALPN {@code h2} (or, {@link #connectPlain}, over a plain socket with prior knowledge:
 * h2c), encodes headers as HPACK literals without indexing (no Huffman), and decodes response
 * headers with Undertow's own HPACK decoder. Not thread-safe; one per connection.
 */
final class RawHttp2 implements AutoCloseable {
  static final int DATA = 0x0;
  static final int HEADERS = 0x1;
  static final int RST_STREAM = 0x3;
  static final int SETTINGS = 0x4;
  static final int PING = 0x6;
  static final int GOAWAY = 0x7;
  static final int WINDOW_UPDATE = 0x8;
  static final int CONTINUATION = 0x9;
  static final int END_STREAM = 0x1;
  static final int END_HEADERS = 0x4;
  static final int ACK = 0x1;
  static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
  static final int SETTINGS_MAX_FRAME_SIZE = 0x5;
  static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;

  /** One frame as read. */
  record Frame(int type, int flags, int streamId, byte[] payload) {}

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final HpackDecoder decoder = new HpackDecoder(4096);
  private final Map<Integer, Integer> serverSettings = new LinkedHashMap<>();

  private RawHttp2(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(socket.getInputStream());
  }

  /** Connects over TLS with ALPN h2, sends the preface and empty SETTINGS, reads the server's. */
  static RawHttp2 connect(SSLContext context, int port) throws IOException {
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    SSLParameters parameters = socket.getSSLParameters();
    parameters.setApplicationProtocols(new String[] {"h2"});
    socket.setSSLParameters(parameters);
    socket.setSoTimeout(30_000);
    socket.startHandshake();
    if (!"h2".equals(socket.getApplicationProtocol())) {
      socket.close();
      throw new IOException("the server did not choose h2 but " + socket.getApplicationProtocol());
    }
    return start(new RawHttp2(socket));
  }

  /**
   * Connects over plain TCP with prior knowledge (h2c, RFC 9113 3.3), sends the preface and empty
   * SETTINGS, reads the server's.
   */
  static RawHttp2 connectPlain(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    return start(new RawHttp2(socket));
  }

  private static RawHttp2 start(RawHttp2 client) throws IOException {
    client.out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    client.frame(SETTINGS, 0, 0, new byte[0]);
    client.out.flush();
    Frame settings = client.read().orElseThrow(() -> new EOFException("no SETTINGS"));
    if (settings.type() != SETTINGS) {
      throw new IOException("expected SETTINGS, got frame type " + settings.type());
    }
    ByteBuffer b = ByteBuffer.wrap(settings.payload());
    while (b.remaining() >= 6) {
      client.serverSettings.put(b.getShort() & 0xFFFF, b.getInt());
    }
    client.frame(SETTINGS, ACK, 0, new byte[0]);
    client.out.flush();
    return client;
  }

  /**
   * Sends each write at once (TCP_NODELAY): many streams one after the other, each a few small
   * writes, are otherwise held back by Nagle's algorithm until the server's delayed ACK.
   */
  void noDelay() throws IOException {
    socket.setTcpNoDelay(true);
  }

  void socketTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  /** The server's SETTINGS values by identifier. */
  Map<Integer, Integer> serverSettings() {
    return Map.copyOf(serverSettings);
  }

  /** HPACK literals without indexing, plain (not Huffman) strings. */
  static byte[] encode(List<Map.Entry<String, String>> headers) {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    for (Map.Entry<String, String> h : headers) {
      block.write(0x00);
      string(block, h.getKey());
      string(block, h.getValue());
    }
    return block.toByteArray();
  }

  private static void string(ByteArrayOutputStream out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    integer(out, bytes.length, 7, 0x00);
    out.writeBytes(bytes);
  }

  private static void integer(ByteArrayOutputStream out, int value, int prefixBits, int firstByte) {
    int max = (1 << prefixBits) - 1;
    if (value < max) {
      out.write(firstByte | value);
      return;
    }
    out.write(firstByte | max);
    value -= max;
    while (value >= 128) {
      out.write((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.write(value);
  }

  /**
   * Request headers for a GET of {@code path}, with {@code extra} headers after the pseudo ones.
   */
  static List<Map.Entry<String, String>> get(String path, Map<String, String> extra) {
    java.util.ArrayList<Map.Entry<String, String>> headers = new java.util.ArrayList<>();
    headers.add(Map.entry(":method", "GET"));
    headers.add(Map.entry(":scheme", "https"));
    headers.add(Map.entry(":authority", "localhost"));
    headers.add(Map.entry(":path", path));
    extra.forEach((k, v) -> headers.add(Map.entry(k, v)));
    return headers;
  }

  void frame(int type, int flags, int streamId, byte[] payload) throws IOException {
    int length = payload.length;
    out.write(new byte[] {(byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
    out.write(type);
    out.write(flags);
    out.write(ByteBuffer.allocate(4).putInt(streamId & 0x7FFFFFFF).array());
    out.write(payload);
  }

  void flush() throws IOException {
    out.flush();
  }

  /** A WINDOW_UPDATE of {@code increment} bytes for {@code streamId} (0: the connection). */
  void windowUpdate(int streamId, int increment) throws IOException {
    frame(WINDOW_UPDATE, 0, streamId, ByteBuffer.allocate(4).putInt(increment).array());
  }

  /** Request headers for a {@code method} of {@code path} over {@code scheme} (http for h2c). */
  static List<Map.Entry<String, String>> request(
      String method, String scheme, String path, Map<String, String> extra) {
    java.util.ArrayList<Map.Entry<String, String>> headers = new java.util.ArrayList<>();
    headers.add(Map.entry(":method", method));
    headers.add(Map.entry(":scheme", scheme));
    headers.add(Map.entry(":authority", "localhost"));
    headers.add(Map.entry(":path", path));
    extra.forEach((k, v) -> headers.add(Map.entry(k, v)));
    return headers;
  }

  void rstStream(int streamId, int errorCode) throws IOException {
    frame(RST_STREAM, 0, streamId, ByteBuffer.allocate(4).putInt(errorCode).array());
  }

  /** The next frame, or empty when the server closed the connection. */
  Optional<Frame> read() throws IOException {
    byte[] header = new byte[9];
    try {
      in.readFully(header);
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException closed) {
      return Optional.empty();
    }
    int length = ((header[0] & 0xFF) << 16) | ((header[1] & 0xFF) << 8) | (header[2] & 0xFF);
    int streamId = ByteBuffer.wrap(header, 5, 4).getInt() & 0x7FFFFFFF;
    byte[] payload = new byte[length];
    try {
      in.readFully(payload);
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException closed) {
      return Optional.empty();
    }
    return Optional.of(new Frame(header[3] & 0xFF, header[4] & 0xFF, streamId, payload));
  }

  /**
   * Reads frames until the response HEADERS of {@code streamId} (answering PINGs on the way) and
   * returns its decoded headers; empty when the connection ends or the stream is reset first.
   */
  Optional<Map<String, String>> responseHeaders(int streamId) throws IOException {
    while (true) {
      Optional<Frame> next = read();
      if (next.isEmpty()) {
        return Optional.empty();
      }
      Frame f = next.get();
      if (f.type() == GOAWAY) {
        return Optional.empty();
      }
      if (f.type() == RST_STREAM && f.streamId() == streamId) {
        return Optional.empty();
      }
      if (f.type() == HEADERS) {
        Map<String, String> headers = decode(f.payload(), f.flags());
        if (f.streamId() == streamId) {
          return Optional.of(headers);
        }
      }
    }
  }

  /** Reads and returns the body (DATA frames) of a stream whose HEADERS were read. */
  String body(int streamId) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      Optional<Frame> next = read();
      if (next.isEmpty()) {
        return body.toString(StandardCharsets.UTF_8);
      }
      Frame f = next.get();
      if (f.streamId() == streamId && f.type() == DATA) {
        body.writeBytes(f.payload());
        if ((f.flags() & END_STREAM) != 0) {
          return body.toString(StandardCharsets.UTF_8);
        }
      }
      if (f.type() == GOAWAY || (f.type() == RST_STREAM && f.streamId() == streamId)) {
        return body.toString(StandardCharsets.UTF_8);
      }
    }
  }

  /**
   * Decodes a HEADERS frame's header block (every one the server sends must be, in order: HPACK's
   * dynamic table follows them).
   */
  Map<String, String> decode(byte[] payload, int flags) throws IOException {
    int offset = 0;
    int padding = 0;
    if ((flags & 0x8) != 0) {
      padding = payload[0] & 0xFF;
      offset = 1;
    }
    if ((flags & 0x20) != 0) {
      offset += 5;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    decoder.setHeaderEmitter((name, value, neverIndex) -> headers.put(name.toString(), value));
    try {
      decoder.decode(ByteBuffer.wrap(payload, offset, payload.length - offset - padding), false);
    } catch (HpackException e) {
      throw new IOException("bad HPACK from the server", e);
    }
    return headers;
  }

  /**
   * Sends a SETTINGS frame with {@code values} (identifier to value, in order); the server's ACK is
   * skipped by the readers above like any other frame.
   */
  void settings(Map<Integer, Integer> values) throws IOException {
    ByteBuffer payload = ByteBuffer.allocate(6 * values.size());
    values.forEach((id, value) -> payload.putShort((short) (int) id).putInt(value));
    frame(SETTINGS, 0, 0, payload.array());
  }

  /**
   * Reads the DATA of {@code streamId}, whose HEADERS were read, until {@code bytes} of it came,
   * sending no WINDOW_UPDATE: with {@code bytes} the stream's flow-control window, the server has
   * then sent all it may and waits for window. Returns the bytes read (more than {@code bytes} only
   * if the server broke flow control); fails if the stream or the connection ends first.
   */
  int dataUntil(int streamId, int bytes) throws IOException {
    int read = 0;
    while (read < bytes) {
      Frame f = read().orElseThrow(() -> new EOFException("connection closed after DATA bytes"));
      if (f.type() == GOAWAY || (f.type() == RST_STREAM && f.streamId() == streamId)) {
        throw new IOException("stream " + streamId + " ended after " + read + " DATA bytes");
      }
      if (f.streamId() == streamId && f.type() == DATA) {
        read += f.payload().length;
        if ((f.flags() & END_STREAM) != 0) {
          throw new IOException("stream " + streamId + " ended after " + read + " DATA bytes");
        }
      }
    }
    return read;
  }

  /**
   * Reads until the server closes the connection or sends GOAWAY; true if it did before the socket
   * timeout.
   */
  boolean closedByServer() throws IOException {
    try {
      while (true) {
        Optional<Frame> next = read();
        if (next.isEmpty() || next.get().type() == GOAWAY) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  /**
   * Request headers for a POST of a JSON body of {@code length} bytes to {@code path} with a bearer
   * {@code token}.
   */
  static List<Map.Entry<String, String>> post(String path, String token, int length) {
    return List.of(
        Map.entry(":method", "POST"),
        Map.entry(":scheme", "https"),
        Map.entry(":authority", "localhost"),
        Map.entry(":path", path),
        Map.entry("authorization", "Bearer " + token),
        Map.entry("content-type", "application/json"),
        Map.entry("content-length", Integer.toString(length)));
  }

  /**
   * Sends a GET of {@code path} (with {@code extra} headers) as one HEADERS frame that ends the
   * stream, and flushes.
   */
  void sendGet(int streamId, String path, Map<String, String> extra) throws IOException {
    frame(HEADERS, END_HEADERS | END_STREAM, streamId, encode(get(path, extra)));
    flush();
  }

  /**
   * Queues (does not flush) a GET of {@code path} over {@code scheme}, with {@code extra} headers,
   * as one HEADERS frame that ends the stream: for several streams sent at once.
   */
  void queueGet(int streamId, String scheme, String path, Map<String, String> extra)
      throws IOException {
    frame(HEADERS, END_HEADERS | END_STREAM, streamId, encode(request("GET", scheme, path, extra)));
  }

  /** Reads frames until the server's PING acknowledgement; fails if the connection ends first. */
  void awaitPingAck() throws IOException {
    while (true) {
      Frame frame = read().orElseThrow(() -> new EOFException("connection closed before PING ACK"));
      if (frame.type() == PING && (frame.flags() & ACK) != 0) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
