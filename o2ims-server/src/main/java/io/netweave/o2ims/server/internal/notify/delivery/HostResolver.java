package io.netweave.o2ims.server.internal.notify.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a host name to its addresses. The system resolver in production; tests inject one whose
 * answers they control (e.g. to change the answer between create and delivery). Implementations are
 * thread-safe.
 */
@FunctionalInterface
public interface HostResolver {
  /**
   * @throws UnknownHostException if the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;

  /** The JVM's resolver ({@link InetAddress#getAllByName}). */
  static HostResolver system() {
    return host -> List.of(InetAddress.getAllByName(host));
  }
}
