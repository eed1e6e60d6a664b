package io.netweave.o2ims.server.internal.security;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.RenegotiationRequiredException;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Where a request comes from: the client certificate and the client address. Headers that claim
 * either ({@code X-Forwarded-Client-Cert}, {@code X-SSL-Client-Cert}, {@code X-Forwarded-For}) are
 * believed only when the TCP peer of the connection is in the configured trusted-proxy blocks; from
 * anyone else they are ignored. The TCP peer is read from the connection, never from {@code
 * exchange.getSourceAddress()}, which a proxy-peer handler may have rewritten.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClientOrigin {
  private static final HttpString XFCC = new HttpString("X-Forwarded-Client-Cert");
  private static final HttpString SSL_CLIENT_CERT = new HttpString("X-SSL-Client-Cert");
  private static final HttpString FORWARDED_FOR = new HttpString("X-Forwarded-For");
  private static final String PEER_CERTIFICATE = "io.netweave.o2ims.peer-certificate";
  private static final Pattern XFCC_CERT = Pattern.compile("(?:^|;)\\s*Cert=\"?([^\";,]+)\"?");

  private final List<Cidr> trustedProxies;
  private final boolean tlsClientCertificates;

  /** Client certificates are looked up in the TLS session (when the connection has one). */
  public ClientOrigin(List<Cidr> trustedProxies) {
    this(trustedProxies, true);
  }

  /**
   * @param tlsClientCertificates false when the TLS listener never asks for client certificates
   *     ({@code server.tls.client_auth} none, or no TLS): a TLS session then never holds one, and
   *     it is not consulted (a trusted proxy's certificate header still is)
   */
  public ClientOrigin(List<Cidr> trustedProxies, boolean tlsClientCertificates) {
    this.trustedProxies = List.copyOf(trustedProxies);
    this.tlsClientCertificates = tlsClientCertificates;
  }

  /**
   * The verified client certificate: from the TLS session, or from a trusted proxy's header (none
   * when the request holds two lines of that header: the proxy did not replace the client's).
   */
  public Optional<X509Certificate> certificate(HttpServerExchange exchange) {
    Optional<X509Certificate> fromTls =
        tlsClientCertificates ? tlsPeerCertificate(exchange) : Optional.empty();
    if (fromTls.isPresent() || !fromTrustedProxy(exchange)) {
      return fromTls;
    }
    HeaderValues xfccLines = exchange.getRequestHeaders().get(XFCC);
    HeaderValues escapedLines = exchange.getRequestHeaders().get(SSL_CLIENT_CERT);
    if ((xfccLines != null && xfccLines.size() > 1)
        || (escapedLines != null && escapedLines.size() > 1)) {
      // A proxy that added its line beside the client's instead of replacing it: which line is
      // the proxy's cannot be told, and the first is the client's own. No certificate identity.
      return Optional.empty();
    }
    String xfcc = xfccLines == null ? null : xfccLines.getFirst();
    if (xfcc != null) {
      // With several proxies the first element is the one nearest to the client.
      String first = xfcc.split(",", 2)[0];
      Matcher matcher = XFCC_CERT.matcher(first);
      if (matcher.find()) {
        return parse(matcher.group(1));
      }
    }
    String escaped = escapedLines == null ? null : escapedLines.getFirst();
    return escaped == null ? Optional.empty() : parse(escaped);
  }

  /**
   * The client's address: the TCP peer, or, when the peer is a trusted proxy, the nearest address
   * in {@code X-Forwarded-For} (all its lines, in order) that is not itself a trusted proxy.
   */
  public InetAddress address(HttpServerExchange exchange) {
    InetAddress peer = peerAddress(exchange);
    if (peer == null || !trusted(peer)) {
      return peer == null ? InetAddress.getLoopbackAddress() : peer;
    }
    HeaderValues forwarded = exchange.getRequestHeaders().get(FORWARDED_FOR);
    if (forwarded == null || forwarded.isEmpty()) {
      return peer;
    }
    // Several header lines are one list, in order (RFC 9110 5.3): a proxy that adds its own line
    // (HAProxy's option forwardfor) puts the address it saw after the lines the client sent.
    String[] hops =
        (forwarded.size() == 1 ? forwarded.getFirst() : String.join(",", forwarded)).split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      Optional<InetAddress> hop = literal(hops[i].strip());
      if (hop.isEmpty()) {
        return peer;
      }
      if (!trusted(hop.get())) {
        return hop.get();
      }
    }
    return peer;
  }

  private boolean fromTrustedProxy(HttpServerExchange exchange) {
    if (trustedProxies.isEmpty()) {
      return false; // no peer can be trusted: the connection's address is not needed
    }
    InetAddress peer = peerAddress(exchange);
    return peer != null && trusted(peer);
  }

  private boolean trusted(InetAddress address) {
    for (Cidr block : trustedProxies) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static InetAddress peerAddress(HttpServerExchange exchange) {
    SocketAddress peer = exchange.getConnection().getPeerAddress();
    return peer instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }

  private static Optional<InetAddress> literal(String text) {
    if (text.isEmpty() || !text.matches("[0-9A-Fa-f:.]+")) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text));
    } catch (java.net.UnknownHostException e) {
      return Optional.empty();
    }
  }

  /**
   * The TLS client's leaf certificate, looked up once per TLS session and kept as a value of the
   * session ({@link SSLSession#putValue}): the peer certificates are a property of the session, and
   * asking for them when there are none throws (the JDK's {@code SSLPeerUnverifiedException}, and
   * Undertow's {@code RenegotiationRequiredException} when client certificates are not requested),
   * which over HTTP/2 happened on every request.
   */
  private static Optional<X509Certificate> tlsPeerCertificate(HttpServerExchange exchange) {
    SSLSessionInfo ssl = exchange.getConnection().getSslSessionInfo();
    if (ssl == null) {
      return Optional.empty();
    }
    SSLSession session = ssl.getSSLSession();
    if (session != null && session.getValue(PEER_CERTIFICATE) instanceof PeerCertificate known) {
      return known.leaf();
    }
    Optional<X509Certificate> leaf;
    try {
      Certificate[] chain = ssl.getPeerCertificates();
      leaf =
          chain.length > 0 && chain[0] instanceof X509Certificate x509
              ? Optional.of(x509)
              : Optional.empty();
    } catch (SSLPeerUnverifiedException | RenegotiationRequiredException e) {
      leaf = Optional.empty();
    }
    if (session != null) {
      session.putValue(PEER_CERTIFICATE, new PeerCertificate(leaf));
    }
    return leaf;
  }

  /**
   * A session's verified leaf certificate, or none (a session value of this gateway's own type).
   */
  private record PeerCertificate(Optional<X509Certificate> leaf) {}

  private static Optional<X509Certificate> parse(String urlEncodedPem) {
    String pem = URLDecoder.decode(urlEncodedPem, StandardCharsets.UTF_8);
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      return Optional.of(
          (X509Certificate)
              factory.generateCertificate(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
    } catch (CertificateException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
