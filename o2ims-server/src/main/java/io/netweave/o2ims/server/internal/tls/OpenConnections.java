package io.netweave.o2ims.server.internal.tls;

import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.xnio.IoUtils;
import org.xnio.ssl.SslConnection;

/**
 * The listener's open TLS connections by peer address, so that the admission layer can close a
 * connection that abuses HTTP/2 (Undertow gives handlers no way to close an HTTP/2 connection, only
 * a stream). Closed connections are forgotten lazily. Thread-safe; owned by the composition root,
 * filled by {@link TlsListener}.
 */
public final class OpenConnections {
  private static final int PURGE_AT = 10_000;

  private final Map<SocketAddress, SslConnection> byPeer = new ConcurrentHashMap<>();

  void add(SslConnection connection) {
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

  /** Closes the connection from this peer address; false when there is none (plain listener). */
  public boolean close(SocketAddress peer) {
    SslConnection connection = byPeer.remove(peer);
    if (connection == null) {
      return false;
    }
    IoUtils.safeClose(connection);
    return true;
  }

  /** Closes the open connections that match; returns how many. */
  int closeIf(Predicate<SslConnection> condemned) {
    int closed = 0;
    for (var entry : byPeer.entrySet()) {
      SslConnection connection = entry.getValue();
      if (connection.isOpen() && condemned.test(connection)) {
        byPeer.remove(entry.getKey(), connection);
        IoUtils.safeClose(connection);
        closed++;
      }
    }
    return closed;
  }
}
