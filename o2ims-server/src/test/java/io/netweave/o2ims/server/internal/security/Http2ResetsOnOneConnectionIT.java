package io.netweave.o2ims.server.internal.security;

import static io.netweave.o2ims.server.internal.security.ProductionGateways.INV;
import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.io.EOFException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTP/2 connection kept open while its client resets, one after the other, many streams whose
 * responses wait for flow-control window (an SMO or load balancer that cancels list reads it
 * stopped reading) keeps nothing of them once Undertow's own cache of reset streams (one minute)
 * has let them go: against the real production gateway (TLS) with its demo inventory, the heap's
 * live {@code HttpServerExchange} objects, counted by a class histogram of this JVM (the gateway
 * runs in it), fall back to a handful. Before {@code Http2Resets} removed a reset stream's closed
 * frame from Undertow's queue of frames held for window, every reset stream stayed there, with its
 * exchange, until the connection closed. And over h2c (the plain listener, HTTP/2 with prior
 * knowledge), as over TLS ({@code ClientGoneMidResponseIT}), such a reset is recorded as 499 at
 * once and the connection serves on. Nor does such a connection keep responses that completed after
 * the last frame it received, once it falls silent (h2c).
 *
 * <p>The stream window is {@value #WINDOW} bytes, so any response longer than that (the pools list)
 * waits for window after its first {@value #WINDOW} bytes. The reset-loop guard ({@code
 * server.http2.max_resets_per_window}) and the read rate limit are raised beyond the test's count,
 * so the connection is not closed for the resets; that guard bounds how fast a client may reset,
 * not how many resets a connection kept open for hours accumulates. {@code -Dnetweave.resets=N}
 * changes the count (default {@value #RESETS}); the histogram figures are printed for
 * docs/performance.md.
 */
class Http2ResetsOnOneConnectionIT {
  private static final int RESETS = Integer.getInteger("netweave.resets", 1_000);

  /** The stream flow-control window the client announces. */
  private static final int WINDOW = 16;

  /**
   * Live exchanges allowed once the resets are over, beyond those live before the test's streams:
   * the histogram counts the whole test JVM, so a few may belong to requests in progress elsewhere;
   * each reset stream kept one.
   */
  private static final int LEFT_AT_MOST = 20;

  private static final String EXCHANGE = "io.undertow.server.HttpServerExchange";

  /** Responses completed after the connection's last received frame. */
  private static final int COMPLETING = 40;

  /** The classes a reset stream's leftovers are counted by, printed whatever their growth. */
  private static final List<String> WATCHED =
      List.of(
          EXCHANGE,
          "io.undertow.protocols.http2.Http2HeadersStreamSinkChannel",
          "io.undertow.protocols.http2.Http2StreamSourceChannel",
          "io.undertow.server.protocol.http2.Http2ServerConnection",
          "io.undertow.io.AsyncSenderImpl");

  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
  private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)");

  @TempDir Path dir;

  @RegisterExtension final LogCapture access = LogCapture.access();

  @Test
  void streamsResetWhileTheirResponsesWaitForWindowLeaveNothingOnTheConnectionKeptOpen()
      throws Exception {
    ProductionGateways gateways = new ProductionGateways(dir);
    Map<String, String> settings = new HashMap<>(limitsBeyondTheTest());
    try (Gateway gateway = gateways.start(settings)) {
      Map<String, String> auth =
          Map.of("authorization", "Bearer " + gateways.token("alice", "role:o2ims-reader"));
      try (RawHttp2 h2 = RawHttp2.connect(gateways.pki.clientContext(null), gateway.port());
          RawHttp2 completing =
              RawHttp2.connect(gateways.pki.clientContext(null), gateway.port())) {
        h2.noDelay();
        completing.noDelay();
        h2.settings(Map.of(RawHttp2.SETTINGS_INITIAL_WINDOW_SIZE, WINDOW));
        int stream = 1;
        stream = get(h2, stream, "https", auth); // warm-up: the first request's lazy set-up
        int other = completed(completing, 1, auth);
        access.clear();
        Map<String, long[]> before = histogram();
        // The comparison: as many streams completed normally on another connection kept open.
        for (int i = 0; i < RESETS; i++) {
          other = completed(completing, other, auth);
        }
        access.clear();
        print("after " + RESETS + " streams completed", before, histogram());
        for (int i = 0; i < RESETS; i++) {
          stream = resetWhileWaitingForWindow(h2, stream, "https", auth);
        }
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> count(access.lines(), " GET " + INV + "/resourcePools 499 ") == RESETS);
        access.clear(); // the captured access lines are the test's, not the gateway's
        print("after " + RESETS + " resets", before, histogram());

        // Undertow keeps a reset stream for a minute (Http2Channel's reset-stream cache), and lets
        // the old ones go when a new stream opens: open one every few seconds until then.
        int[] next = {stream};
        try {
          Awaitility.await()
              .atMost(Duration.ofMinutes(3))
              .pollInterval(Duration.ofSeconds(5))
              .until(
                  () -> {
                    next[0] = get(h2, next[0], "https", auth);
                    access.clear();
                    return instances(histogram(), EXCHANGE) - instances(before, EXCHANGE)
                        <= LEFT_AT_MOST;
                  });
        } finally {
          print("after Undertow's reset-stream cache let them go", before, histogram());
        }
      }
    }
  }

  /**
   * h2c: a stream reset while its response waits for window is recorded as 499 when the reset
   * arrives (the gateway's timeouts are 10 minutes and it admits one request at a time), and the
   * same connection serves its next stream.
   */
  @Test
  void anH2cStreamResetWhileItsResponseWaitsForWindowIsRecordedAsClientClosedRequestAtOnce()
      throws Exception {
    Map<String, String> settings = new HashMap<>(limitsBeyondTheTest());
    settings.put("server.max_concurrent_requests", "1");
    try (Gateway gateway = InProcessGateways.start(dir.resolve("data"), settings);
        RawHttp2 h2 = RawHttp2.connectPlain(gateway.port())) {
      h2.settings(Map.of(RawHttp2.SETTINGS_INITIAL_WINDOW_SIZE, WINDOW));
      int next = resetWhileWaitingForWindow(h2, 1, "http", Map.of());
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> count(access.lines(), " GET " + INV + "/resourcePools 499 ") == 1);

      h2.settings(Map.of(RawHttp2.SETTINGS_INITIAL_WINDOW_SIZE, 65_535));
      h2.frame(
          RawHttp2.HEADERS,
          RawHttp2.END_HEADERS | RawHttp2.END_STREAM,
          next,
          RawHttp2.encode(RawHttp2.request("GET", "http", INV + "/resourcePools", Map.of())));
      h2.flush();
      assertThat(h2.responseHeaders(next))
          .as("the next stream on the same connection, the one request slot free")
          .hasValueSatisfying(headers -> assertThat(headers).containsEntry(":status", "200"));
      assertThat(h2.body(next)).startsWith("[");
    }
  }

  /**
   * h2c: responses still being written when their writers returned (each a page larger than
   * Undertow's write buffer, so {@code Http2Resets} watches it), all of them open at the
   * connection's last received frame and completed after it, leave nothing once the connection
   * falls silent: the live {@code HttpServerExchange} objects fall back to those before the
   * streams, with no other frame received. Before the watch dropped a completed response at its
   * completion, it dropped it only at the connection's next received frame, so an idle connection
   * kept every one of them (with its request and response headers) until that frame or its close.
   *
   * <p>The client announces a stream window of {@value #WINDOW} bytes and sends {@value
   * #COMPLETING} GETs of the list at once; each writer waits for window (Undertow's write buffer is
   * full); then one SETTINGS frame, the last frame the client sends, opens every stream's window,
   * and the client reads every response to its end.
   */
  @Test
  void responsesCompletedAfterTheLastFrameReceivedLeaveNothingOnASilentConnection()
      throws Exception {
    Map<String, String> settings = new HashMap<>(limitsBeyondTheTest());
    try (Gateway gateway = InProcessGateways.start(dir.resolve("data"), settings);
        RawHttp2 h2 = RawHttp2.connectPlain(gateway.port())) {
      h2.noDelay();
      String list = LargeLists.resourcesOfFirstPool("http://127.0.0.1:" + gateway.port());
      access.clear();
      h2.settings(Map.of(RawHttp2.SETTINGS_INITIAL_WINDOW_SIZE, WINDOW));
      h2.windowUpdate(0, 1 << 30); // the connection's window: never the one waited for
      int first = get(h2, 1, "http", Map.of()); // warm-up, and the SETTINGS acknowledged
      Map<String, long[]> before = histogram();

      List<Integer> streams = new ArrayList<>();
      for (int i = 0, stream = first; i < COMPLETING; i++, stream += 2) {
        h2.queueGet(stream, "http", list, Map.of());
        streams.add(stream);
      }
      h2.flush();
      Map<Integer, Integer> read = readUntil(h2, streams, WINDOW); // each writer now waits
      h2.settings(Map.of(RawHttp2.SETTINGS_INITIAL_WINDOW_SIZE, 1 << 30)); // the last frame sent
      h2.flush();
      readUntil(h2, streams, Integer.MAX_VALUE)
          .forEach((stream, bytes) -> read.merge(stream, bytes, Integer::sum));
      assertThat(read.values()).allSatisfy(bytes -> assertThat(bytes).isGreaterThan(64 * 1024));
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> count(access.lines(), " GET " + list + " 200 ") == COMPLETING);
      access.clear();

      Map<String, long[]> after = histogram();
      print("after " + COMPLETING + " responses completed after the last frame", before, after);
      assertThat(instances(after, EXCHANGE) - instances(before, EXCHANGE))
          .as("live exchanges beyond those before the streams, no frame received since")
          .isLessThanOrEqualTo(COMPLETING / 10);
    }
  }

  /**
   * Reads frames until each of {@code streams} has had {@code bytes} of DATA (none may end before),
   * or, with {@link Integer#MAX_VALUE}, until each has ended; HEADERS are decoded (HPACK) and must
   * say 200. Returns the DATA bytes read per stream.
   */
  private static Map<Integer, Integer> readUntil(RawHttp2 h2, List<Integer> streams, int bytes)
      throws Exception {
    boolean toTheEnd = bytes == Integer.MAX_VALUE;
    Map<Integer, Integer> read = new HashMap<>();
    Set<Integer> waiting = new HashSet<>(streams);
    while (!waiting.isEmpty()) {
      RawHttp2.Frame f = h2.read().orElseThrow(() -> new EOFException("connection closed"));
      assertThat(f.type()).as("frame type").isNotIn(RawHttp2.GOAWAY, RawHttp2.RST_STREAM);
      if (f.type() == RawHttp2.HEADERS) {
        assertThat(h2.decode(f.payload(), f.flags())).containsEntry(":status", "200");
      } else if (f.type() == RawHttp2.DATA && waiting.contains(f.streamId())) {
        int total = read.merge(f.streamId(), f.payload().length, Integer::sum);
        boolean end = (f.flags() & RawHttp2.END_STREAM) != 0;
        assertThat(end && !toTheEnd)
            .as("stream %d ended within its window", f.streamId())
            .isFalse();
        if (toTheEnd ? end : total >= bytes) {
          waiting.remove(f.streamId());
        }
      }
    }
    return read;
  }

  /** Timeouts of 10 minutes; the reset guard and the read rate limit beyond the test's count. */
  private static Map<String, String> limitsBeyondTheTest() {
    return Map.of(
        "backend", "demo",
        "server.http2.max_resets_per_window", "" + 10 * RESETS,
        "rate_limit.read_per_minute", "" + 10 * RESETS,
        "server.read_timeout", "10m",
        "server.write_timeout", "10m",
        "server.idle_timeout", "10m");
  }

  /**
   * On {@code stream}: a GET of the pools list, whose HEADERS and first {@value #WINDOW} bytes are
   * read; then, the rest waiting for window, a reset (CANCEL), and the {@value #WINDOW} bytes given
   * back to the connection's window. Returns the next stream id.
   */
  private static int resetWhileWaitingForWindow(
      RawHttp2 h2, int stream, String scheme, Map<String, String> auth) throws Exception {
    h2.frame(
        RawHttp2.HEADERS,
        RawHttp2.END_HEADERS | RawHttp2.END_STREAM,
        stream,
        RawHttp2.encode(RawHttp2.request("GET", scheme, INV + "/resourcePools", auth)));
    h2.flush();
    assertThat(h2.responseHeaders(stream))
        .hasValueSatisfying(headers -> assertThat(headers).containsEntry(":status", "200"));
    assertThat(h2.dataUntil(stream, WINDOW)).isEqualTo(WINDOW);
    h2.rstStream(stream, 0x8); // CANCEL
    h2.windowUpdate(0, WINDOW);
    h2.flush();
    return stream + 2;
  }

  /**
   * On {@code stream}: a GET of the pools list read to its end (the connection's window given
   * back). Returns the next stream id.
   */
  private static int completed(RawHttp2 h2, int stream, Map<String, String> auth) throws Exception {
    h2.frame(
        RawHttp2.HEADERS,
        RawHttp2.END_HEADERS | RawHttp2.END_STREAM,
        stream,
        RawHttp2.encode(RawHttp2.request("GET", "https", INV + "/resourcePools", auth)));
    h2.flush();
    assertThat(h2.responseHeaders(stream))
        .hasValueSatisfying(headers -> assertThat(headers).containsEntry(":status", "200"));
    int bytes = h2.body(stream).getBytes(StandardCharsets.UTF_8).length;
    assertThat(bytes).isPositive();
    h2.windowUpdate(0, bytes);
    h2.flush();
    return stream + 2;
  }

  /** On {@code stream}: a HEAD of the pools list, answered 200 without a body. */
  private static int get(RawHttp2 h2, int stream, String scheme, Map<String, String> auth)
      throws Exception {
    h2.frame(
        RawHttp2.HEADERS,
        RawHttp2.END_HEADERS | RawHttp2.END_STREAM,
        stream,
        RawHttp2.encode(RawHttp2.request("HEAD", scheme, INV + "/resourcePools", auth)));
    h2.flush();
    assertThat(h2.responseHeaders(stream))
        .hasValueSatisfying(headers -> assertThat(headers).containsEntry(":status", "200"));
    return stream + 2;
  }

  private static long count(List<String> lines, String part) {
    return lines.stream().filter(line -> line.contains(part)).count();
  }

  /**
   * The live objects of this JVM by class name: instances and bytes ({@code jcmd PID
   * GC.class_histogram}, which runs a full GC first), plus "Total".
   */
  static Map<String, long[]> histogram() throws Exception {
    String text =
        (String)
            ManagementFactory.getPlatformMBeanServer()
                .invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram",
                    new Object[] {new String[0]},
                    new String[] {String[].class.getName()});
    Map<String, long[]> rows = new HashMap<>();
    for (String line : text.split("\n")) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        rows.merge(
            row.group(3),
            new long[] {Long.parseLong(row.group(1)), Long.parseLong(row.group(2))},
            (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
      }
      Matcher total = TOTAL.matcher(line);
      if (total.find()) {
        rows.put(
            "Total", new long[] {Long.parseLong(total.group(1)), Long.parseLong(total.group(2))});
      }
    }
    return rows;
  }

  private static long instances(Map<String, long[]> histogram, String type) {
    return histogram.getOrDefault(type, new long[2])[0];
  }

  /** Prints the classes that grew the most from {@code from} to {@code to}, and the total. */
  private static void print(String when, Map<String, long[]> from, Map<String, long[]> to) {
    StringBuilder out = new StringBuilder("heap " + when + " (instances, bytes; change):\n");
    to.entrySet().stream()
        .filter(e -> !e.getKey().equals("Total"))
        .sorted(
            (a, b) ->
                Long.compare(
                    b.getValue()[1] - from.getOrDefault(b.getKey(), new long[2])[1],
                    a.getValue()[1] - from.getOrDefault(a.getKey(), new long[2])[1]))
        .limit(25)
        .forEach(e -> row(out, e.getKey(), from, to));
    out.append(" of which:\n");
    for (String type : WATCHED) {
      row(out, type, from, to);
    }
    row(out, "Total", from, to);
    System.out.print(out);
  }

  private static void row(
      StringBuilder out, String type, Map<String, long[]> from, Map<String, long[]> to) {
    long[] a = from.getOrDefault(type, new long[2]);
    long[] b = to.getOrDefault(type, new long[2]);
    out.append(
        String.format(
            "  %-90s %8d %10d   %+8d %+10d%n", type, b[0], b[1], b[0] - a[0], b[1] - a[1]));
  }
}
