package io.netweave.o2ims.server.internal.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The listen port, bound first thing at start and held until the listener takes it over, so that a
 * port another process holds refuses the start before anything acts on the outside world (no Redis
 * connection, no lease, no notification, nothing written to the data directory); for port 0 it is
 * the free port the listener will have, so the published URI can name it. Lifecycle: bound by
 * {@link #bind}, released by {@link #close()} just before the listener binds the same address (the
 * listener still reports a port taken in that instant). Not thread-safe; owned by the composition
 * root.
 */
public final class PortReservation implements AutoCloseable {
  private final ServerSocket socket;

  private PortReservation(ServerSocket socket) {
    this.socket = socket;
  }

  /**
   * Binds {@code host:port} (0: a free port).
   *
   * @throws UncheckedIOException when the address cannot be bound, with the {@link
   *     java.net.BindException} as its cause when another process holds the port
   */
  public static PortReservation bind(String host, int port) {
    ServerSocket socket = null;
    try {
      socket = new ServerSocket();
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
      return new PortReservation(socket);
    } catch (IOException e) {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException closing) {
          e.addSuppressed(closing);
        }
      }
      throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
    }
  }

  /** The bound port (the free one chosen for 0). */
  public int port() {
    return socket.getLocalPort();
  }

  /** Releases the port for the listener; idempotent. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release port " + port(), e);
    }
  }
}
