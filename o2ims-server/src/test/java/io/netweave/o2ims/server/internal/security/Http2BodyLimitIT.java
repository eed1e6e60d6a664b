package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTP/2 request body without {@code content-length} above {@code server.max_body_bytes} gets
 * the readable 413 problem on its own stream, and only that stream ends: on one h2c connection to
 * the in-process gateway (demo inventory), a subscription create whose body passes the limit, a GET
 * sent alongside it, DATA frames sent to the refused stream after the server reset it (as frames a
 * client had in flight would arrive), then a POST whose body needs more connection window than the
 * refused stream left, and a GET. The refused stream is answered 413 (problem+json), then reset
 * with NO_ERROR (RFC 9113 8.1); the late DATA frames are dropped (no GOAWAY); every other stream
 * completes; nothing is stored; the access log and the request metrics record 413. A body only a
 * little over the limit, which the client ends while the gateway reads and drops the rest after its
 * answer, ends its stream without a reset.
 *
 * <p>The client keeps to flow control: it sends DATA only within the connection's and the stream's
 * windows, and reads the server's frames (WINDOW_UPDATE among them) when it has none left, so a
 * window the server never gives back shows as a stream that cannot send its body (the socket's read
 * timeout fails the test).
 */
class Http2BodyLimitIT {
  private static final String SUBSCRIPTIONS = "/o2ims-infrastructureInventory/v1/subscriptions";
  private static final String POOLS = "/o2ims-infrastructureInventory/v1/resourcePools";
  private static final int LIMIT = 24 * 1024;
  private static final int FRAME = 8 * 1024;
  private static final int NO_ERROR = 0;
  private static final String REFUSED_REQUEST = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";

  @TempDir Path dir;

  @RegisterExtension final LogCapture access = LogCapture.access();

  /**
   * A body far over the limit (the client sends as long as its windows allow): 413, then the reset;
   * late DATA dropped; the streams alongside and after complete.
   */
  @Test
  void anOverLimitBodyWithoutLengthGetsA413AndOnlyItsStreamEnds() throws Exception {
    try (Gateway gateway = InProcessGateways.start(dir.resolve("data"), settings());
        RawHttp2 raw = RawHttp2.connectPlain(gateway.port())) {
      raw.noDelay();
      Client h2 = new Client(raw);

      // stream 1: a create whose body passes the limit, no content-length
      h2.create(1, REFUSED_REQUEST);
      h2.data(1, FRAME, false);
      // stream 3: a GET alongside it
      h2.getPools(3);
      raw.flush();
      // the rest of a body far larger than the limit and its drain, sent as the windows allow
      // until the server resets the stream
      for (int sent = FRAME; h2.data(1, FRAME, false); sent += FRAME) {
        assertThat(sent).as("bytes sent before the reset").isLessThan(16 * LIMIT);
      }

      h2.readUntil(() -> h2.endedStreams.contains(1) && h2.ended(3));
      assertThat(h2.status(3)).as("the GET alongside").isEqualTo("200");
      assertThat(h2.body(3)).startsWith("[");
      assertThat(h2.status(1)).as(h2.body(1)).isEqualTo("413");
      assertThat(h2.headers.get(1)).containsEntry("content-type", "application/problem+json");
      assertThat(h2.body(1))
          .contains("\"title\":\"Payload Too Large\"")
          .contains("the limit of " + LIMIT + " bytes");
      assertThat(h2.resets.get(1)).as("RST_STREAM after the answer: NO_ERROR").isEqualTo(NO_ERROR);

      // DATA the client had in flight when the reset came: dropped, the connection serves on
      h2.lateData(1);
      raw.frame(RawHttp2.PING, 0, 0, new byte[8]);
      raw.flush();
      h2.readUntil(() -> h2.pingAcked);
      assertThat(h2.goAway).as("no GOAWAY for the late DATA").isFalse();

      // stream 5: a create whose body (below the limit) needs more window than the client had
      // left, refused by the handler's own validation once whole (unknown member)
      byte[] body = paddedCreate(LIMIT - 1024);
      h2.create(5, null);
      h2.body(5, body);
      // stream 7: a GET after
      h2.getPools(7);
      raw.flush();
      h2.readUntil(() -> h2.ended(5) && h2.ended(7));
      assertThat(h2.status(5)).as(h2.body(5)).isEqualTo("400");
      assertThat(h2.body(5)).contains("padding");
      assertThat(h2.status(7)).as("the GET after").isEqualTo("200");
      assertThat(h2.goAway).isFalse();

      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + gateway.port();
      HttpResponse<String> list =
          http.send(
              HttpRequest.newBuilder(URI.create(base + SUBSCRIPTIONS)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(list.body()).as("nothing stored").isEqualTo("[]");
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> access.lines().stream().anyMatch(l -> l.startsWith(REFUSED_REQUEST + " ")));
      assertThat(access.lines())
          .filteredOn(l -> l.startsWith(REFUSED_REQUEST + " "))
          .singleElement()
          .satisfies(l -> assertThat(l).contains(" POST " + SUBSCRIPTIONS + " 413 "));
      List<String> posts =
          http.send(
                  HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body()
              .lines()
              .filter(
                  l ->
                      l.startsWith("netweave_http_requests_total{")
                          && l.contains("method=\"POST\"")
                          && l.contains("status=\"413\""))
              .toList();
      assertThat(posts).singleElement().satisfies(l -> assertThat(l).endsWith("} 1"));
    }
  }

  /**
   * A body a little over the limit that the client ends (END_STREAM) within what the gateway reads
   * and drops after its 413: the stream ends as the client ended it, with no reset (a reset would
   * be queued when the answer's last frame is written, before anything the client sends after
   * reading that answer is answered), and the connection's window is all given back: a create after
   * it needing most of the window is answered.
   */
  @Test
  void anOverLimitBodyEndedWithinTheDrainEndsItsStreamWithoutReset() throws Exception {
    try (Gateway gateway = InProcessGateways.start(dir.resolve("data"), settings());
        RawHttp2 raw = RawHttp2.connectPlain(gateway.port())) {
      raw.noDelay();
      Client h2 = new Client(raw);
      h2.create(1, REFUSED_REQUEST);
      for (int sent = 0; sent < LIMIT + 2 * FRAME; sent += FRAME) {
        assertThat(h2.data(1, FRAME, false)).isTrue();
      }
      assertThat(h2.data(1, 0, true)).isTrue();
      h2.readUntil(() -> h2.endedStreams.contains(1));
      assertThat(h2.status(1)).as(h2.body(1)).isEqualTo("413");
      assertThat(h2.body(1)).contains("\"title\":\"Payload Too Large\"");

      h2.create(3, null);
      h2.body(3, paddedCreate(LIMIT - 1024));
      h2.getPools(5);
      raw.flush();
      h2.readUntil(() -> h2.ended(3) && h2.ended(5));
      assertThat(h2.status(3)).as(h2.body(3)).isEqualTo("400");
      assertThat(h2.status(5)).isEqualTo("200");
      assertThat(h2.resets).as("no stream reset").isEmpty();
      assertThat(h2.goAway).isFalse();
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> access.lines().stream().anyMatch(l -> l.startsWith(REFUSED_REQUEST + " ")));
      assertThat(access.lines())
          .filteredOn(l -> l.startsWith(REFUSED_REQUEST + " "))
          .singleElement()
          .satisfies(l -> assertThat(l).contains(" POST " + SUBSCRIPTIONS + " 413 "));
    }
  }

  /** The demo gateway with the test's body limit, and timeouts beyond the test. */
  private static Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    settings.put("backend", "demo");
    settings.put("server.max_body_bytes", String.valueOf(LIMIT));
    settings.put("server.read_timeout", "10m");
    settings.put("server.write_timeout", "10m");
    settings.put("server.idle_timeout", "10m");
    return settings;
  }

  /**
   * A subscription create of {@code size} bytes: a valid callback and an unknown member {@code
   * padding} the handler's validation refuses (400) once it has the whole body.
   */
  private static byte[] paddedCreate(int size) {
    String head = "{\"callback\":\"https://smo.example.net/notifications\",\"padding\":\"";
    String tail = "\"}";
    return (head + "a".repeat(size - head.length() - tail.length()) + tail)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The frames read so far, and the client's flow-control windows. Not thread-safe. */
  private static final class Client {
    private final RawHttp2 raw;
    final Map<Integer, Map<String, String>> headers = new HashMap<>();
    final Map<Integer, ByteArrayOutputStream> bodies = new HashMap<>();
    final Map<Integer, Integer> resets = new HashMap<>();
    final List<Integer> endedStreams = new ArrayList<>();
    final Map<Integer, Long> streamWindows = new HashMap<>();
    long connectionWindow = 65_535;
    final int initialStreamWindow;
    boolean goAway;
    boolean pingAcked;

    Client(RawHttp2 raw) {
      this.raw = raw;
      this.initialStreamWindow =
          raw.serverSettings().getOrDefault(RawHttp2.SETTINGS_INITIAL_WINDOW_SIZE, 65_535);
    }

    /**
     * Opens {@code stream} as a subscription create (JSON, no content-length), its body to follow;
     * with {@code requestId} as its X-Request-Id unless null.
     */
    void create(int stream, String requestId) throws IOException {
      Map<String, String> headers =
          requestId == null
              ? Map.of("content-type", "application/json")
              : Map.of("content-type", "application/json", "x-request-id", requestId);
      raw.frame(
          RawHttp2.HEADERS,
          RawHttp2.END_HEADERS,
          stream,
          RawHttp2.encode(RawHttp2.request("POST", "http", SUBSCRIPTIONS, headers)));
    }

    /** Sends a GET of the pools list on {@code stream} (not flushed). */
    void getPools(int stream) throws IOException {
      raw.frame(
          RawHttp2.HEADERS,
          RawHttp2.END_HEADERS | RawHttp2.END_STREAM,
          stream,
          RawHttp2.encode(RawHttp2.request("GET", "http", POOLS, Map.of())));
    }

    /**
     * A DATA frame of {@code length} bytes on {@code stream} once the windows admit it (reading the
     * server's frames meanwhile), flushed.
     */
    boolean data(int stream, int length, boolean end) throws IOException {
      while (Math.min(connectionWindow, streamWindow(stream)) < length) {
        if (resets.containsKey(stream)) {
          return false;
        }
        readOne();
      }
      byte[] payload = new byte[length];
      Arrays.fill(payload, (byte) 'a');
      raw.frame(RawHttp2.DATA, end ? RawHttp2.END_STREAM : 0, stream, payload);
      raw.flush();
      connectionWindow -= length;
      streamWindows.put(stream, streamWindow(stream) - length);
      return true;
    }

    /**
     * After the server reset {@code stream}: as much DATA as the windows still admit (at most
     * {@value #FRAME} bytes), then an empty frame that ends the stream, as a client that had not
     * read the reset yet would send.
     */
    void lateData(int stream) throws IOException {
      int length = (int) Math.min(FRAME, Math.min(connectionWindow, streamWindow(stream)));
      if (length > 0) {
        data(stream, length, false);
      }
      data(stream, 0, true);
    }

    /** {@code body} as DATA frames of at most {@value #FRAME} bytes on {@code stream}, ended. */
    void body(int stream, byte[] body) throws IOException {
      for (int at = 0; at < body.length; at += FRAME) {
        int n = Math.min(FRAME, body.length - at);
        while (Math.min(connectionWindow, streamWindow(stream)) < n) {
          readOne();
        }
        boolean last = at + n == body.length;
        raw.frame(
            RawHttp2.DATA,
            last ? RawHttp2.END_STREAM : 0,
            stream,
            Arrays.copyOfRange(body, at, at + n));
        raw.flush();
        connectionWindow -= n;
        streamWindows.put(stream, streamWindow(stream) - n);
      }
    }

    private long streamWindow(int stream) {
      return streamWindows.getOrDefault(stream, (long) initialStreamWindow);
    }

    interface Condition {
      boolean holds();
    }

    void readUntil(Condition condition) throws IOException {
      while (!condition.holds()) {
        readOne();
      }
    }

    boolean ended(int stream) {
      return endedStreams.contains(stream) || resets.containsKey(stream);
    }

    String status(int stream) {
      return headers.getOrDefault(stream, Map.of()).get(":status");
    }

    String body(int stream) {
      return bodies
          .getOrDefault(stream, new ByteArrayOutputStream())
          .toString(StandardCharsets.UTF_8);
    }

    private void readOne() throws IOException {
      RawHttp2.Frame f =
          raw.read().orElseThrow(() -> new EOFException("the server closed the connection"));
      switch (f.type()) {
        case RawHttp2.HEADERS -> {
          headers.put(f.streamId(), raw.decode(f.payload(), f.flags()));
          if ((f.flags() & RawHttp2.END_STREAM) != 0) {
            endedStreams.add(f.streamId());
          }
        }
        case RawHttp2.DATA -> {
          bodies
              .computeIfAbsent(f.streamId(), s -> new ByteArrayOutputStream())
              .writeBytes(f.payload());
          if ((f.flags() & RawHttp2.END_STREAM) != 0) {
            endedStreams.add(f.streamId());
          }
          if (f.payload().length > 0) { // the client reads it at once: window back to the server
            raw.windowUpdate(0, f.payload().length);
            raw.windowUpdate(f.streamId(), f.payload().length);
            raw.flush();
          }
        }
        case RawHttp2.RST_STREAM -> resets.put(f.streamId(), ByteBuffer.wrap(f.payload()).getInt());
        case RawHttp2.GOAWAY -> {
          goAway = true;
          throw new IOException("GOAWAY, error " + ByteBuffer.wrap(f.payload(), 4, 4).getInt());
        }
        case RawHttp2.WINDOW_UPDATE -> {
          int increment = ByteBuffer.wrap(f.payload()).getInt() & 0x7FFFFFFF;
          if (f.streamId() == 0) {
            connectionWindow += increment;
          } else {
            streamWindows.put(f.streamId(), streamWindow(f.streamId()) + increment);
          }
        }
        case RawHttp2.PING -> pingAcked |= (f.flags() & RawHttp2.ACK) != 0;
        default -> {}
      }
    }
  }
}
