package io.netweave.o2ims.server.internal.tls;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.ssl.SslConnection;

/**
 * The listener's open connections (plain or TLS) by peer address, registered once at accept: the
 * graceful stop waits for their count to reach zero, and the admission layer can close a connection
 * that abuses HTTP/2 (Undertow gives handlers no way to close an HTTP/2 connection, only a stream).
 * Nothing is done per request. Closed connections are forgotten lazily. Thread-safe; owned by the
 * composition root, filled by {@link TlsListener} and the plain listener of {@code UndertowServer}.
 *
 * <p>It also keeps one client from holding every connection the process can open ({@code
 * server.max_connections_per_client}): a connection from a client (an address, an IPv6 /64) that
 * already holds that many open ones is closed at accept, before anything is read from it, unless
 * the client is exempt (a trusted proxy, which carries many clients). The count of a client is
 * checked against its connections' state only when it reaches the limit, so closed connections need
 * no close listener (Undertow owns each connection's) and an accept costs a map lookup.
 */
public final class OpenConnections {
  private static final Logger LOG = LoggerFactory.getLogger(OpenConnections.class);
  private static final int PURGE_AT = 10_000;

  private final Map<SocketAddress, StreamConnection> byPeer = new ConcurrentHashMap<>();
  private final int perClient;
  private final Function<InetAddress, String> clientOf;
  private final Predicate<InetAddress> exempt;
  private final Map<String, List<StreamConnection>> byClient = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> nextWarning = new AtomicReference<>(Instant.MIN);

  /** No limit per client (tests, embedded servers). */
  public OpenConnections() {
    this(Integer.MAX_VALUE, InetAddress::getHostAddress, address -> true);
  }

  /**
   * @param perClient the most connections one client may hold open ({@code
   *     server.max_connections_per_client})
   * @param clientOf the client an address belongs to (an IPv6 address's /64)
   * @param exempt addresses without the limit (trusted proxies)
   */
  public OpenConnections(
      int perClient, Function<InetAddress, String> clientOf, Predicate<InetAddress> exempt) {
    if (perClient < 1) {
      throw new IllegalArgumentException("perClient must be positive: " + perClient);
    }
    this.perClient = perClient;
    this.clientOf = clientOf;
    this.exempt = exempt;
  }

  /**
   * Registers a connection just accepted, or closes it when its client already holds {@code
   * server.max_connections_per_client} open connections.
   *
   * @return whether the connection was admitted (false: it is closed)
   */
  public boolean admit(StreamConnection connection) {
    if (byPeer.size() >= PURGE_AT) {
      byPeer.values().removeIf(c -> !c.isOpen());
      for (String client : byClient.keySet()) {
        byClient.computeIfPresent(client, (k, held) -> purgeClosed(held) ? null : held);
      }
    }
    SocketAddress peer = connection.getPeerAddress();
    if (perClient != Integer.MAX_VALUE
        && peer instanceof InetSocketAddress inet
        && inet.getAddress() != null
        && !exempt.test(inet.getAddress())) {
      String client = clientOf.apply(inet.getAddress());
      boolean[] admitted = {true};
      // compute is atomic per client: a purge cannot drop the list a connection is being added to
      byClient.compute(
          client,
          (k, held) -> {
            List<StreamConnection> list = held == null ? new ArrayList<>() : held;
            if (list.size() >= perClient) {
              purgeClosed(list);
            }
            if (list.size() >= perClient) {
              admitted[0] = false;
            } else {
              list.add(connection);
            }
            return list;
          });
      if (!admitted[0]) {
        IoUtils.safeClose(connection);
        warn(client);
        return false;
      }
    }
    byPeer.put(peer, connection);
    return true;
  }

  /** Drops a client's closed connections; true when none is left (the client can be forgotten). */
  private static boolean purgeClosed(List<StreamConnection> held) {
    held.removeIf(c -> !c.isOpen());
    return held.isEmpty();
  }

  private void warn(String client) {
    Instant now = Instant.now();
    Instant due = nextWarning.get();
    if (!now.isBefore(due) && nextWarning.compareAndSet(due, now.plus(Duration.ofMinutes(1)))) {
      LOG.warn(
          "closed a connection from {} at accept: it holds {} open connections"
              + " (server.max_connections_per_client); at most one such line a minute",
          client,
          perClient);
    }
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
