package io.netweave.o2ims.bench.server;

import io.netweave.o2ims.bench.http.BaselineServer;
import io.netweave.o2ims.server.Main;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.config.ConfigLoader;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One cached {@code GET /o2ims-infrastructureInventory/v1/resourcePools} (303 bytes) through the
 * gateway's real handler chain, against a bare Undertow handler that writes the same bytes: run
 * with {@code -prof gc}, the difference of the two {@code gc.alloc.rate.norm} figures (bytes
 * allocated per request) is what the handler chain allocates on the cache-hit path.
 *
 * <p>{@code target=gateway} starts the whole gateway in this JVM with {@link Main#start}, exactly
 * as {@code java -jar o2ims-server.jar --backend demo} does with the default configuration (demo
 * profile, access log on, in-process response cache, one demo pool of 1,000 resources), on a free
 * loopback port: request id and access log, problem mapper, the security layers, routing, the
 * response cache. {@code target=baseline} is {@code BaselineServer}'s handler sending what the
 * gateway answered: its body and its header fields (the gateway's response head is read once and
 * replayed, as {@code bench/http-load.sh}'s bare server does; before the tenth session this
 * baseline sent {@code Content-Type} only, a 133-byte head against the gateway's 334). The client
 * is one keep-alive connection on a plain socket that sends a fixed request and reads the response
 * into a reused buffer, so it allocates nothing per request itself; Undertow's own per-request
 * objects (the exchange, its header maps) appear in both targets. After each iteration the
 * benchmark also prints what the server's IO threads allocated per request, which leaves out the
 * client and the gateway's background threads (cache warmer, metrics), and their CPU time per
 * request (thread CPU time: less sensitive to a loaded machine than the round trip, though not
 * immune to it).
 *
 * <p>The access log goes where it goes in production: logback's stderr appender on the process's
 * file descriptor 2 (JMH replaces {@code System.err} in the forked JVM with a pipe to the host,
 * which this benchmark undoes in {@code @Setup}; JMH keeps the forked JVM's raw stderr in a
 * temporary file). The time per operation is a round trip on loopback with one connection, not
 * throughput: see {@code bench/http-load.sh} for that.
 *
 * <p>Run: {@code mvn -B -q -pl jmh-benchmarks -am -DskipTests package && java -jar
 * jmh-benchmarks/target/benchmarks.jar HandlerChainBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseG1GC"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class HandlerChainBenchmark {
  private static final String POOLS = "/o2ims-infrastructureInventory/v1/resourcePools";

  @Param({"gateway", "baseline"})
  public String target;

  private Path dataDir;
  private Gateway gateway;
  private Undertow baseline;
  private Socket socket;
  private OutputStream out;
  private InputStream in;
  private byte[] request;
  private final byte[] buffer = new byte[64 * 1024];
  private int expectedBytes;
  private long requests;
  private long ioBytesBefore;
  private long ioCpuBefore;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    dataDir = Files.createTempDirectory("netweave-chain-bench");
    gateway =
        Main.start(
            new ConfigLoader(Map.of())
                .load(
                    Optional.empty(),
                    Map.of(
                        "server.port", "0",
                        "backend", "demo",
                        "storage.data_dir", dataDir.toString(),
                        "demo.resource_pools", "1",
                        "demo.resources", "1000")),
            Clock.systemUTC());
    int port = gateway.port();
    byte[] body = fetchWhenReady(port);
    connect(port);
    if (roundTrip() != body.length) {
      throw new IllegalStateException("unexpected response body length from the gateway");
    }
    if ("baseline".equals(target)) {
      // The gateway's response head as it went on the wire, for the bare handler to send the same
      // header fields (values and lengths), as bench/http-load.sh's bare server does.
      List<String> head =
          List.of(
              new String(buffer, 0, indexOfBlankLine(buffer.length), StandardCharsets.ISO_8859_1)
                  .split("\r\n"));
      socket.close();
      gateway.close();
      gateway = null;
      baseline =
          Undertow.builder()
              .addHttpListener(0, "127.0.0.1")
              .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
              .setHandler(BaselineServer.handler(body, BaselineServer.replayedHeaders(head)))
              .build();
      baseline.start();
      connect(((InetSocketAddress) baseline.getListenerInfo().get(0).getAddress()).getPort());
    }
    expectedBytes = body.length;
    if (roundTrip() != expectedBytes) {
      throw new IllegalStateException("unexpected response body length from " + target);
    }
  }

  private void connect(int port) throws IOException {
    request =
        ("GET "
                + POOLS
                + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nUser-Agent: jmh\r\nAccept: */*\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = socket.getInputStream();
  }

  /** Waits for readiness and returns the pools list's body (the request that fills the cache). */
  private static byte[] fetchWhenReady(int port) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    URI uri = URI.create("http://127.0.0.1:" + port + POOLS);
    for (int attempt = 0; attempt < 600; attempt++) {
      HttpResponse<byte[]> response =
          client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 200) {
        return response.body();
      }
      // Readiness is a state of the demo source with nothing to wait on but time.
      TimeUnit.MILLISECONDS.sleep(100);
    }
    throw new IllegalStateException("the gateway did not become ready");
  }

  @Benchmark
  public int cachedGet() throws IOException {
    requests++;
    return roundTrip();
  }

  @Setup(Level.Iteration)
  public void startCounting() {
    requests = 0;
    ioBytesBefore = ioThreadsAllocatedBytes();
    ioCpuBefore = ioThreadsCpuNanos();
  }

  /**
   * Prints what the server's IO threads (Undertow's {@code XNIO-* I/O-*}, where a cache hit is
   * answered, logged and timed) allocated and spent in CPU time per request in the iteration:
   * unlike {@code gc.alloc.rate.norm} it leaves out the client and the gateway's background
   * threads.
   */
  @TearDown(Level.Iteration)
  public void reportIoThreads() {
    long bytes = ioThreadsAllocatedBytes() - ioBytesBefore;
    long cpu = ioThreadsCpuNanos() - ioCpuBefore;
    long n = Math.max(1, requests);
    System.out.printf(
        "%n  server IO threads: %.0f B/request, %.2f us CPU/request over %d requests%n",
        (double) bytes / n, cpu / 1000.0 / n, requests);
  }

  /** CPU time of the server's IO threads (user and system), in nanoseconds. */
  private static long ioThreadsCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null
          && info.getThreadName().startsWith("XNIO-")
          && info.getThreadName().contains("I/O-")) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }

  private static long ioThreadsAllocatedBytes() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null
          && info.getThreadName().startsWith("XNIO-")
          && info.getThreadName().contains("I/O-")) {
        total += Math.max(0, threads.getThreadAllocatedBytes(info.getThreadId()));
      }
    }
    return total;
  }

  /** Sends the request and reads one whole response; returns its body length. */
  private int roundTrip() throws IOException {
    out.write(request);
    int filled = 0;
    int headerEnd = -1;
    int contentLength = -1;
    while (true) {
      int n = in.read(buffer, filled, buffer.length - filled);
      if (n < 0) {
        throw new IOException("connection closed by " + target);
      }
      filled += n;
      if (headerEnd < 0) {
        headerEnd = indexOfBlankLine(filled);
        if (headerEnd >= 0) {
          contentLength = contentLength(headerEnd);
        }
      }
      if (headerEnd >= 0 && filled >= headerEnd + contentLength) {
        return contentLength;
      }
    }
  }

  private int indexOfBlankLine(int filled) {
    for (int i = 3; i < filled; i++) {
      if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n') {
        return i + 1;
      }
    }
    return -1;
  }

  /** The Content-Length header's value (case-insensitive name), parsed without allocating. */
  private int contentLength(int headerEnd) throws IOException {
    byte[] name = CONTENT_LENGTH;
    for (int i = 0; i + name.length < headerEnd; i++) {
      if (buffer[i] != '\n') {
        continue;
      }
      int j = 0;
      while (j < name.length && Character.toLowerCase(buffer[i + 1 + j]) == name[j]) {
        j++;
      }
      if (j == name.length) {
        int k = i + 1 + j;
        while (buffer[k] == ' ') {
          k++;
        }
        int value = 0;
        while (buffer[k] >= '0' && buffer[k] <= '9') {
          value = value * 10 + (buffer[k++] - '0');
        }
        return value;
      }
    }
    throw new IOException("no Content-Length in the response of " + target);
  }

  private static final byte[] CONTENT_LENGTH =
      "content-length:".getBytes(StandardCharsets.US_ASCII);

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    socket.close();
    if (gateway != null) {
      gateway.close();
    }
    if (baseline != null) {
      baseline.stop();
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
