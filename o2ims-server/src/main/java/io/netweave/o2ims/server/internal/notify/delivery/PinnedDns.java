package io.netweave.o2ims.server.internal.notify.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * Answers only for the vetted host, with the vetted addresses: the connection goes where the policy
 * looked, whatever DNS says a moment later. A record, so equal pins share pooled connections.
 */
record PinnedDns(String host, List<InetAddress> addresses) implements Dns {
  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    if (!hostname.equalsIgnoreCase(host)) {
      throw new UnknownHostException("not the vetted callback host: " + hostname);
    }
    return addresses;
  }
}
