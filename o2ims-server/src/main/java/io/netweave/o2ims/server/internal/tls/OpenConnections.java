package io.netweave.o2ims.server.internal.tls;

import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.ssl.SslConnection;

/**
 * The listener's open connections (plain or TLS) by peer address, registered once at accept: the
 * graceful stop waits for their count to reach zero, and the admission layer can close a connection
 * that abuses HTTP/2 (Undertow gives handlers no way to close an HTTP/2 connection, only a stream).
 * Nothing is done per request. Closed connections are forgotten lazily. Thread-safe; owned by the
 * composition root, filled by {@link TlsListener} and the plain listener of {@code UndertowServer}.
 */
public final class OpenConnections {
  private static final int PURGE_AT = 10_000;

  private final Map<SocketAddress, StreamConnection> byPeer = new ConcurrentHashMap<>();

  /** Registers a connection just accepted. */
  public void add(StreamConnection connection) {
    if (byPeer.size() >= PURGE_AT) {
      byPeer.values().removeIf(c -> !c.isOpen());
    }
    byPeer.put(connection.getPeerAddress(), connection);
  }

  /** How many of the registered connections are still open (graceful shutdown waits for 0). */
  public long open() {
    byPeer.values().removeIf(c -> !c.isOpen());
    return byPeer.size();
  }

  /** Closes the connection from this peer address; false when there is none. */
  public boolean close(SocketAddress peer) {
    StreamConnection connection = byPeer.remove(peer);
    if (connection == null) {
      return false;
    }
    IoUtils.safeClose(connection);
    return true;
  }

  /** Closes the open TLS connections that match; returns how many. */
  int closeIf(Predicate<SslConnection> condemned) {
    int closed = 0;
    for (var entry : byPeer.entrySet()) {
      if (!(entry.getValue() instanceof SslConnection connection)) {
        continue;
      }
      if (connection.isOpen() && condemned.test(connection)) {
        byPeer.remove(entry.getKey(), connection);
        IoUtils.safeClose(connection);
        closed++;
      }
    }
    return closed;
  }
}
