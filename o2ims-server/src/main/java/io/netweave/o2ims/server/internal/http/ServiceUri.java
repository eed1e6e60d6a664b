package io.netweave.o2ims.server.internal.http;

import io.netweave.o2ims.server.internal.config.ConfigException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;

/**
 * The O-Cloud's {@code serviceUri}: the root URI of the O2ims services as SMOs reach them, {@code
 * scheme://host[:port]} with no path (DECISIONS, "O-Cloud"). Either configured ({@code
 * ocloud.service_uri}, for a gateway behind a load balancer) or built from the listener: https when
 * TLS is on, the real port (a port 0 listener is given a free port first, so the URI never says
 * {@code :0}), and the listen host, or the machine's host name when listening on every interface.
 * Stateless.
 */
public final class ServiceUri {
  private ServiceUri() {}

  /**
   * Checks a configured URI: absolute http(s), a host, no path beyond {@code /}, no query.
   *
   * @throws ConfigException naming {@code ocloud.service_uri}
   */
  public static String configured(String text) {
    try {
      URI uri = new URI(text);
      boolean ok =
          ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
              && uri.getHost() != null
              && (uri.getRawPath() == null
                  || uri.getRawPath().isEmpty()
                  || uri.getRawPath().equals("/"))
              && uri.getRawQuery() == null
              && uri.getRawFragment() == null;
      if (!ok) {
        throw new ConfigException(
            "ocloud.service_uri must be scheme://host[:port] with no path, not '" + text + "'");
      }
      String s = uri.toString();
      return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    } catch (URISyntaxException e) {
      throw new ConfigException("ocloud.service_uri is not a URI: '" + text + "'", e);
    }
  }

  /** The URI of a listener on {@code host}:{@code port}. */
  public static String of(boolean tls, String host, int port) {
    String shown = host;
    if (host.equals("0.0.0.0") || host.equals("::") || host.isEmpty()) {
      try {
        shown = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        shown = "localhost";
      }
    }
    if (shown.contains(":") && !shown.startsWith("[")) {
      shown = "[" + shown + "]";
    }
    String scheme = tls ? "https" : "http";
    boolean defaultPort = (tls && port == 443) || (!tls && port == 80);
    return scheme + "://" + shown + (defaultPort ? "" : ":" + port);
  }
}
