package io.netweave.o2ims.server.internal.notify.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * Answers only for the vetted host, with the vetted addresses: the connection goes where the policy
 * looked, whatever DNS says a moment later. A record, so equal pins share pooled connections.
 *
 * <p>{@code host} is the name the policy vetted, without the final dot of an absolute DNS name; the
 * HTTP client looks up the URL's host as written, so {@code hooks.smo.test.} is the same host as
 * {@code hooks.smo.test} here.
 */
record PinnedDns(String host, List<InetAddress> addresses) implements Dns {
  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    String name = hostname.endsWith(".") ? hostname.substring(0, hostname.length() - 1) : hostname;
    if (!name.equalsIgnoreCase(host)) {
      throw new UnknownHostException("not the vetted callback host: " + hostname);
    }
    return addresses;
  }
}
