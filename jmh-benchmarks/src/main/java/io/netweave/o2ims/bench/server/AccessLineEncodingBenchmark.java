package io.netweave.o2ims.bench.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.netweave.o2ims.server.internal.logging.LineEncoder;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One access-log line of the small cached pools list encoded by the jar's {@link LineEncoder}
 * straight into the log buffer, as {@code BufferedStderrAppender} does for every request: the
 * {@code HH:mm:ss.SSS LEVEL [thread] logger - } head from kept bytes, then the message's
 * characters. The encoder's buffer method is package-private; it is called through a private lookup
 * (the build's own class, so the same benchmark runs against an older server jar put first on the
 * class path). One thread, no lock, no write: the encoding's CPU alone.
 *
 * <p>Run: {@code java -jar jmh-benchmarks/target/benchmarks.jar AccessLineEncodingBenchmark};
 * against another build's encoder: {@code java -cp
 * OLD/o2ims-server.jar:jmh-benchmarks/target/benchmarks.jar org.openjdk.jmh.Main
 * AccessLineEncodingBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AccessLineEncodingBenchmark {
  /** The access line of {@code bench/http-load.sh}'s pools request (303 bytes, a fresh id). */
  private static final String LINE =
      "d1597d10-9fbb-4a77-9d7c-0ef95ad42ab4 GET /o2ims-infrastructureInventory/v1/resourcePools"
          + " 200 303B 0ms";

  private static final MethodHandle ENCODE_INTO;

  static {
    try {
      ENCODE_INTO =
          MethodHandles.privateLookupIn(LineEncoder.class, MethodHandles.lookup())
              .findVirtual(
                  LineEncoder.class,
                  "encodeInto",
                  MethodType.methodType(int.class, ILoggingEvent.class, byte[].class, int.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final byte[] buffer = new byte[64 * 1024];
  private LineEncoder encoder;
  private LoggingEvent event;

  @Setup
  public void setUp() {
    LoggerContext context = new LoggerContext();
    encoder = new LineEncoder();
    encoder.setContext(context);
    encoder.setPattern(LineEncoder.PATTERN);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    Logger access = context.getLogger("netweave.access");
    event = new LoggingEvent(Logger.class.getName(), access, Level.INFO, LINE, null, null);
    event.setThreadName("XNIO-1 I/O-1");
    event.setTimeStamp(System.currentTimeMillis());
  }

  /** Returns where the line ends (about 160 bytes), so the encoding is not dead code. */
  @Benchmark
  public int encodeAccessLine() throws Throwable {
    int end = (int) ENCODE_INTO.invokeExact(encoder, (ILoggingEvent) event, buffer, 0);
    if (end < 0) {
      throw new IllegalStateException("the line was not encoded directly");
    }
    return end;
  }
}
