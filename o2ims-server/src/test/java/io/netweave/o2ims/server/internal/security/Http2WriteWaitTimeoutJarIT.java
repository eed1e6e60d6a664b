package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.netweave.o2ims.server.it.GatewayProcesses;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTP/2 response that waits for flow-control window longer than Undertow's own write-wait
 * timeout for a held frame ({@code AbstractFramedStreamSinkChannel}: the connection's {@code
 * Options.WRITE_TIMEOUT}, which the gateway does not set, else the JVM-wide {@code
 * io.undertow.await_writable_timeout}, 10 minutes by default) has its stream reset by Undertow, is
 * recorded as 499 (a response the client did not take), and leaves nothing on its connection kept
 * open. Undertow breaks the held frame without closing it (a closed one, as a client's reset
 * leaves, stays held until the connection closes unless {@code Http2Resets} removes it), and its
 * frame priority lets a broken one go: no exchange is left, before the 499 was recorded as after.
 * Both ways such a response is being written: a small body all handed over, whose last frame waits
 * (the pools list: this was recorded as the 200 its status line said), and a body larger than
 * Undertow's write buffer, whose writer itself waits (a pool's resources list with {@value
 * LargeLists#NODES} nodes).
 *
 * <p>The real jar in a JVM of its own, since Undertow reads that property once per JVM: started
 * with the timeout at {@value #WAIT_MILLIS} ms ({@code JAVA_TOOL_OPTIONS}), the demo inventory,
 * plain HTTP (h2c with prior knowledge), the gateway's own timeouts at 10 minutes. The client
 * announces a stream window of {@value #WINDOW} bytes and never opens it, giving the connection's
 * window back, and keeps its connection open while Undertow resets {@value #STREAMS} such streams
 * of each list ({@value #AT_ONCE} at a time); the gateway's live {@code HttpServerExchange} objects
 * are counted by its class histogram ({@code jcmd PID GC.class_histogram}, a full GC first). {@code
 * -Dnetweave.held_streams=N} changes the count; the figures are printed for docs/performance.md.
 * The operator's property is kept (said at INFO); without it, the gateway sets it from {@code
 * server.write_timeout} ({@link io.netweave.o2ims.server.internal.http.Http2WriteWait}), the second
 * case, which needs no property.
 */
class Http2WriteWaitTimeoutJarIT {
  private static final int STREAMS = Integer.getInteger("netweave.held_streams", 200);
  private static final int AT_ONCE = 50;
  private static final int WINDOW = 16;
  private static final int WAIT_MILLIS = 500;
  private static final int WRITE_TIMEOUT_MILLIS = 1000;
  private static final String POOLS = "/o2ims-infrastructureInventory/v1/resourcePools";
  private static final String EXCHANGE = "io.undertow.server.HttpServerExchange";

  /**
   * Live exchanges allowed once the streams are over, beyond those live before them (the gateway's
   * own requests in progress, none expected).
   */
  private static final int LEFT_AT_MOST = 10;

  private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

  @TempDir Path dir;
  private final GatewayProcesses processes = new GatewayProcesses();

  @AfterEach
  void stopProcesses() throws InterruptedException {
    processes.close();
  }

  @Test
  void responsesPastUndertowsWriteWaitTimeoutAreRecordedAndLeaveNothingOnTheConnectionKeptOpen()
      throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("JAVA_TOOL_OPTIONS", "-Dio.undertow.await_writable_timeout=" + WAIT_MILLIS);
    env.put("NETWEAVE_SERVER_WRITE_TIMEOUT", "10m");
    String log = heldStreamsResetByUndertow(env, STREAMS);
    assertThat(log)
        .as("the operator's property is kept and said so")
        .contains("io.undertow.await_writable_timeout=" + WAIT_MILLIS + " set at start: kept")
        .contains("more than " + WAIT_MILLIS + " miliseconds");
  }

  /**
   * Without the property, {@code server.write_timeout} (here {@value #WRITE_TIMEOUT_MILLIS} ms, the
   * read and idle timeouts at 10 minutes) becomes Undertow's write-wait timeout: the held streams
   * are reset by Undertow at that bound (its own log line names it) and recorded as 499, the
   * connection kept open (the socket stays writable, so the gateway's write limit does not close
   * it).
   */
  @Test
  void serverWriteTimeoutBoundsAStreamWaitingForWindow() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("JAVA_TOOL_OPTIONS", "");
    env.put("NETWEAVE_SERVER_WRITE_TIMEOUT", WRITE_TIMEOUT_MILLIS + "ms");
    String log = heldStreamsResetByUndertow(env, AT_ONCE);
    assertThat(log)
        .as("Undertow's write-wait timeout is server.write_timeout")
        .contains("more than " + WRITE_TIMEOUT_MILLIS + " miliseconds")
        .doesNotContain("more than 600000 miliseconds")
        .doesNotContain("could not be set")
        .doesNotContain("set at start: kept");
  }

  /**
   * Starts the jar with {@code env} (plus the demo inventory, read and idle timeouts at 10
   * minutes), holds {@code streams} streams of each list until Undertow resets them, checks they
   * are recorded as 499 and leave no exchange on the connection kept open; returns the gateway's
   * log.
   */
  private String heldStreamsResetByUndertow(Map<String, String> settings, int streams)
      throws Exception {
    Path log = dir.resolve("gateway.log");
    Map<String, String> env = new HashMap<>(settings);
    env.put("NETWEAVE_BACKEND", "demo");
    env.put("NETWEAVE_SERVER_READ_TIMEOUT", "10m");
    env.put("NETWEAVE_SERVER_IDLE_TIMEOUT", "10m");
    env.put("NETWEAVE_RATE_LIMIT_READ_PER_MINUTE", "" + 10 * streams);
    // Undertow counts the resets it sends against the same guard as those it receives.
    env.put("NETWEAVE_SERVER_HTTP2_MAX_RESETS_PER_WINDOW", "" + 10 * streams);
    Process gateway =
        processes.launch(env, log, "--port", "0", "--data-dir", dir.resolve("data").toString());
    String url = GatewayProcesses.awaitUrl(gateway);
    int port = URI.create(url).getPort();
    String resources = LargeLists.resourcesOfFirstPool(url);

    try (RawHttp2 h2 = RawHttp2.connectPlain(port)) {
      h2.noDelay();
      h2.settings(Map.of(RawHttp2.SETTINGS_INITIAL_WINDOW_SIZE, WINDOW));
      int stream = head(h2, 1); // warm-up: the first request's lazy set-up; the connection serves
      long before = instances(gateway, EXCHANGE);
      String sent = Files.readString(log);
      for (String path : List.of(POOLS, resources)) {
        for (int done = 0; done < streams; done += AT_ONCE) {
          stream = heldUntilUndertowResets(h2, path, stream, Math.min(AT_ONCE, streams - done));
        }
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    assertThat(count(Files.readString(log), " GET " + path + " 499 "))
                        .as("access lines of %s: %s", path, statuses(Files.readString(log), path))
                        .isEqualTo(streams));
        assertThat(count(sent, " GET " + path + " 499 ")).isZero();
      }
      // A frame received: the gateway's list of responses being written drops completed ones then.
      stream = head(h2, stream);
      long after = instances(gateway, EXCHANGE);
      System.out.printf(
          "live %s in the gateway: %d before, %d after 2 x %d streams reset by Undertow's"
              + " write-wait timeout on one connection kept open%n",
          EXCHANGE, before, after, streams);
      assertThat(after - before)
          .as("exchanges left after 2 x %d streams reset by Undertow's write-wait timeout", streams)
          .isLessThanOrEqualTo(LEFT_AT_MOST);
    }
    return Files.readString(log);
  }

  /**
   * On {@code count} streams from {@code stream} on: GETs of the pools list, each of whose first
   * {@value #WINDOW} DATA bytes are read and given back to the connection's window (never to the
   * stream's), so the rest of each waits for window until Undertow resets the stream; reads until
   * every one was reset. Returns the next stream id.
   */
  private static int heldUntilUndertowResets(RawHttp2 h2, String path, int stream, int count)
      throws Exception {
    Set<Integer> open = new HashSet<>();
    for (int i = 0; i < count; i++) {
      int id = stream + 2 * i;
      h2.queueGet(id, "http", path, Map.of());
      open.add(id);
    }
    h2.flush();
    while (!open.isEmpty()) {
      RawHttp2.Frame f = h2.read().orElseThrow(() -> new EOFException("connection closed"));
      assertThat(f.type()).as("no GOAWAY").isNotEqualTo(RawHttp2.GOAWAY);
      if (f.type() == RawHttp2.HEADERS) {
        assertThat(h2.decode(f.payload(), f.flags())).containsEntry(":status", "200");
      } else if (f.type() == RawHttp2.DATA && f.payload().length > 0) {
        assertThat(f.flags() & RawHttp2.END_STREAM).as("a response waits for window").isZero();
        h2.windowUpdate(0, f.payload().length);
        h2.flush();
      } else if (f.type() == RawHttp2.RST_STREAM) {
        open.remove(f.streamId());
      }
    }
    return stream + 2 * count;
  }

  /** On {@code stream}: a HEAD of the pools list, answered 200. Returns the next stream id. */
  private static int head(RawHttp2 h2, int stream) throws Exception {
    h2.frame(
        RawHttp2.HEADERS,
        RawHttp2.END_HEADERS | RawHttp2.END_STREAM,
        stream,
        RawHttp2.encode(RawHttp2.request("HEAD", "http", POOLS, Map.of())));
    h2.flush();
    assertThat(h2.responseHeaders(stream))
        .hasValueSatisfying(headers -> assertThat(headers).containsEntry(":status", "200"));
    return stream + 2;
  }

  /** Live instances of {@code type} in {@code gateway}'s heap ({@code jcmd}, after a full GC). */
  private static long instances(Process gateway, String type) throws Exception {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(gateway.pid()),
                "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    jcmd.getInputStream().transferTo(out);
    assertThat(jcmd.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(jcmd.exitValue()).as(text).isZero();
    for (String line : text.split("\n")) {
      Matcher row = ROW.matcher(line);
      if (row.find() && row.group(3).equals(type)) {
        return Long.parseLong(row.group(1));
      }
    }
    return 0;
  }

  /** The access lines of GETs of {@code path} by status (for a failure's message). */
  private static Map<String, Long> statuses(String log, String path) {
    String get = " GET " + path + " ";
    Map<String, Long> by = new TreeMap<>();
    log.lines()
        .filter(line -> line.contains(get))
        .forEach(line -> by.merge(line.split(get)[1].split(" ")[0], 1L, Long::sum));
    by.put("other lines", log.lines().filter(line -> !line.contains(get)).count());
    return by;
  }

  private static long count(String text, String part) {
    return text.lines().filter(line -> line.contains(part)).count();
  }
}
