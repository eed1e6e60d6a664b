package io.netweave.o2ims.server.internal.tls;

import io.undertow.connector.ByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.AlpnOpenListener;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.http2.Http2OpenListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;
import org.xnio.ssl.SslConnection;

/**
 * The HTTPS listener (HTTP/2 over ALPN, HTTP/1.1 otherwise), opened on a running Undertow's worker
 * instead of through {@code Undertow.Builder.addHttpsListener}, for one reason: a connection that
 * has not completed its TLS handshake within {@code server.tls.handshake_timeout} is closed.
 * Undertow applies its request-parse and no-request timeouts only once a protocol has been chosen,
 * and the read timeout (installed at accept, before the handshake, by the caller's {@code
 * timeouts}) runs only while the server waits to read, so without this a client that connects and
 * never sends a ClientHello could hold a file descriptor for far longer than a handshake needs.
 * Before each accept it lets {@link ServerTls} look for a changed client CA bundle; after a change
 * the next connections get the new SSL context and the open connections whose client certificate
 * the new bundle no longer trusts are closed.
 *
 * <p>The SSLEngine's delegated tasks of a handshake (the key exchange, the signature with the
 * server key, the client certificate's verification: about 3 ms of CPU each with a P-256 key on the
 * benchmark machine) run on {@link #HANDSHAKE_QUEUE}-bounded handshake threads, not on the IO
 * thread that reads the connection, which is what Undertow does without a delegated-task executor:
 * there, every new connection stopped the IO thread, and with it the requests of every established
 * connection that thread serves, for the whole handshake. A handshake that finds the queue full is
 * refused (Undertow closes its connection) instead of queueing without bound.
 *
 * <p>Lifecycle: opened by the constructor, closed by {@link #close()} (before the worker stops).
 * Thread-safe.
 */
public final class TlsListener implements AutoCloseable {
  /** Handshake task batches that may wait for a handshake thread; more are refused. */
  static final int HANDSHAKE_QUEUE = 1_024;

  private final AcceptingChannel<SslConnection> server;
  private final ByteBufferPool buffers;
  private final ThreadPoolExecutor handshakes;

  /**
   * @param serverOptions the Undertow server options (limits, request-parse and no-request
   *     timeouts, HTTP/2 settings) for the protocols
   * @param socketOptions the listening socket's options (acceptors, backlog); the TLS protocols and
   *     suites are added from {@code tls}
   * @param timeouts installs the read and write timeouts on a connection's TLS channels (above the
   *     SSL conduit, so only application bytes count as progress), before a protocol is chosen
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public TlsListener(
      XnioWorker worker,
      ServerTls tls,
      String host,
      int port,
      HttpHandler root,
      OptionMap serverOptions,
      OptionMap socketOptions,
      Duration handshakeTimeout,
      OpenConnections connections,
      Consumer<StreamConnection> timeouts) {
    // 64 KiB read buffers (Undertow's default is 16 KiB): a header block a client splits into
    // HEADERS and CONTINUATION frames then usually arrives in one read, and Undertow parses the
    // CONTINUATION frames that are already buffered before it acts on the request.
    this.buffers = new DefaultByteBufferPool(true, 64 * 1024, -1, 4);
    HttpOpenListener http1 = new HttpOpenListener(buffers, serverOptions);
    http1.setRootHandler(root);
    AlpnOpenListener alpn = new AlpnOpenListener(buffers, serverOptions, http1);
    Http2OpenListener http2 = new Http2OpenListener(buffers, serverOptions);
    http2.setRootHandler(root);
    alpn.addProtocol(Http2OpenListener.HTTP2, http2, 10);
    this.handshakes = handshakeThreads(worker.getIoThreadCount());
    UndertowXnioSsl ssl =
        new UndertowXnioSsl(
            Xnio.getInstance(TlsListener.class.getClassLoader()),
            OptionMap.create(Options.USE_DIRECT_BUFFERS, true),
            tls.sslContext(),
            handshakes);
    long timeoutMillis = Math.max(1, handshakeTimeout.toMillis());
    ChannelListener<AcceptingChannel<SslConnection>> accept =
        channel -> {
          if (tls.reloadClientTrustIfChanged()) {
            ssl.updateSSLContext(tls.sslContext());
            worker.execute(() -> connections.closeIf(c -> !tls.admits(c.getSslSession())));
          }
          SslConnection connection;
          try {
            connection = channel.accept();
          } catch (IOException e) {
            return;
          }
          if (connection == null || !connections.admit(connection)) {
            return;
          }
          AtomicBoolean handshaken = new AtomicBoolean();
          ((ChannelListener.Setter<SslConnection>) connection.getHandshakeSetter())
              .set(c -> handshaken.set(true));
          connection
              .getIoThread()
              .executeAfter(
                  () -> {
                    if (!handshaken.get()) {
                      IoUtils.safeClose(connection);
                    }
                  },
                  timeoutMillis,
                  TimeUnit.MILLISECONDS);
          timeouts.accept(connection);
          alpn.handleEvent(connection);
        };
    OptionMap options =
        OptionMap.builder().addAll(socketOptions).addAll(tls.socketOptions()).getMap();
    try {
      this.server =
          (AcceptingChannel)
              ssl.createSslConnectionServer(
                  worker,
                  new InetSocketAddress(InetAddress.getByName(host), port),
                  (ChannelListener) accept,
                  options);
    } catch (IOException e) {
      buffers.close();
      handshakes.shutdownNow();
      throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
    }
    server.resumeAccepts();
  }

  /** The bound port. */
  public int port() {
    return ((InetSocketAddress) server.getLocalAddress()).getPort();
  }

  /** As many handshake threads as IO threads, started on demand and ended after a minute idle. */
  private static ThreadPoolExecutor handshakeThreads(int threads) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            1,
            TimeUnit.MINUTES,
            new ArrayBlockingQueue<>(HANDSHAKE_QUEUE),
            task -> {
              Thread thread = new Thread(task, "tls-handshake-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  @Override
  public void close() {
    IoUtils.safeClose(server);
    handshakes.shutdownNow();
    buffers.close();
  }

  /**
   * Closes the accepting socket only (new connections are refused); the connections already
   * accepted keep their buffers until {@link #close()}.
   */
  public void stopAccepting() {
    IoUtils.safeClose(server);
  }
}
