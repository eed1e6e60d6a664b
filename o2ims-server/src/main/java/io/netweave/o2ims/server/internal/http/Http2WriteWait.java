package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.undertow.server.protocol.framed.AbstractFramedStreamSinkChannel;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undertow's write-wait timeout for an HTTP/2 stream whose response waits for flow-control window,
 * set from {@code server.write_timeout}. Undertow resets such a stream once one of its frames has
 * waited past the connection's {@code Options.WRITE_TIMEOUT} (which the gateway does not set: it
 * would bring back Undertow's per-request write-timeout conduit, replaced by {@link
 * TimeoutConduit}), else past the JVM-wide system property {@value #PROPERTY}, which {@code
 * AbstractFramedStreamSinkChannel} reads once, when it is initialised (Undertow 2.3: 10 minutes by
 * default; a value that is not a positive integer means the default). The gateway's own write limit
 * does not cover such a stream: the socket stays writable while one stream waits for its own
 * window, so without this a client could hold each response (its exchange, its concurrency slot,
 * its buffers) for 10 minutes.
 *
 * <p>{@link #apply} sets the property to the effective write limit (the shorter of {@code
 * server.write_timeout} and {@code server.idle_timeout}) before any HTTP/2 stream exists, unless
 * the operator set it (then theirs is kept, said once at INFO), and then reads back the value
 * Undertow holds (initialising the class if nobody has yet): if it is not the one set (the class
 * was initialised earlier in this JVM, as by a previous gateway with another limit), a WARN says
 * so, since the property can no longer change it. The value is JVM-wide: several gateways in one
 * JVM (tests) share the first one's. Thread-safe.
 */
public final class Http2WriteWait {
  private static final Logger LOG = LoggerFactory.getLogger(Http2WriteWait.class);

  /** Undertow's system property for its write-wait timeout, in milliseconds. */
  public static final String PROPERTY = "io.undertow.await_writable_timeout";

  /**
   * The value this class set, so that a later gateway in this JVM does not take it as an
   * operator's.
   */
  private static String ours;

  private static boolean operatorLogged;

  private Http2WriteWait() {}

  /**
   * Sets Undertow's write-wait timeout to {@code server}'s effective write limit, unless the
   * operator set {@value #PROPERTY}; logs what Undertow will use.
   */
  public static synchronized void apply(ServerConfig.Server server) {
    Duration idle = server.idleTimeout();
    Duration write = server.writeTimeout().compareTo(idle) <= 0 ? server.writeTimeout() : idle;
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, write.toMillis()));
    String set = System.getProperty(PROPERTY);
    if (set != null && !set.equals(ours)) {
      if (!operatorLogged) {
        operatorLogged = true;
        LOG.info(
            "{}={} set at start: kept, Undertow resets an HTTP/2 stream waiting for flow-control"
                + " window after {} (server.write_timeout's effective {} ms not applied to it)",
            PROPERTY,
            set,
            undertowValue().stream().mapToObj(v -> v + " ms").findFirst().orElse("(unknown)"),
            millis);
      }
      return;
    }
    ours = Integer.toString(millis);
    System.setProperty(PROPERTY, ours);
    OptionalInt held = undertowValue();
    if (held.isEmpty()) {
      LOG.warn(
          "{} set to {} ms (server.write_timeout), but Undertow's value could not be read back:"
              + " an HTTP/2 stream waiting for flow-control window may be held up to Undertow's"
              + " default (10 minutes) instead",
          PROPERTY,
          millis);
    } else if (held.getAsInt() != millis) {
      LOG.warn(
          "{} could not be set to {} ms (server.write_timeout): Undertow read it earlier in this"
              + " JVM and keeps {} ms, after which it resets an HTTP/2 stream waiting for"
              + " flow-control window",
          PROPERTY,
          millis,
          held.getAsInt());
    } else {
      LOG.debug(
          "Undertow resets an HTTP/2 stream waiting for flow-control window after {} ms ({})",
          millis,
          PROPERTY);
    }
  }

  /**
   * Undertow's write-wait timeout as its class holds it ({@code
   * AbstractFramedStreamSinkChannel.AWAIT_WRITABLE_TIMEOUT}, private; reading it initialises the
   * class), or empty if a later Undertow changed it.
   */
  static OptionalInt undertowValue() {
    try {
      VarHandle field =
          MethodHandles.privateLookupIn(
                  AbstractFramedStreamSinkChannel.class, MethodHandles.lookup())
              .findStaticVarHandle(
                  AbstractFramedStreamSinkChannel.class, "AWAIT_WRITABLE_TIMEOUT", int.class);
      return OptionalInt.of((int) field.get());
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("cannot read Undertow's write-wait timeout", e);
      return OptionalInt.empty();
    }
  }
}
