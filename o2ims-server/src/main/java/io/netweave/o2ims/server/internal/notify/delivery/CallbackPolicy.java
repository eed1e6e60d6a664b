package io.netweave.o2ims.server.internal.notify.delivery;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Which callback URLs notifications may be sent to (DECISIONS.md "Callback policy"). A callback
 * must be an absolute {@code https} URL ({@code http} only when allowed). Its host is resolved and
 * every address checked: link-local, multicast, unspecified and cloud-metadata addresses are always
 * refused; loopback and private ranges are refused unless the host name or a CIDR block of the
 * allow-list admits them. The vetted addresses are returned so that the connection goes to exactly
 * them (a second resolution could answer differently).
 *
 * <p>Immutable and thread-safe. {@link #vet} throws {@link CallbackRefusedException}.
 */
public final class CallbackPolicy {
  private static final Set<String> METADATA_HOSTS =
      Set.of("metadata.google.internal", "metadata.goog", "metadata");
  private static final List<AddressRange> ALWAYS_REFUSED =
      List.of(
          AddressRange.parse("0.0.0.0/8"),
          AddressRange.parse("169.254.0.0/16"),
          AddressRange.parse("224.0.0.0/4"),
          AddressRange.parse("255.255.255.255/32"),
          AddressRange.parse("::/128"),
          AddressRange.parse("fe80::/10"),
          AddressRange.parse("ff00::/8"),
          AddressRange.parse("fd00:ec2::254/128"));
  private static final List<AddressRange> REFUSED_UNLESS_ALLOWED =
      List.of(
          AddressRange.parse("127.0.0.0/8"),
          AddressRange.parse("10.0.0.0/8"),
          AddressRange.parse("172.16.0.0/12"),
          AddressRange.parse("192.168.0.0/16"),
          AddressRange.parse("::1/128"),
          AddressRange.parse("fc00::/7"),
          // shared address space (carrier-grade NAT) and the benchmarking range: not the Internet
          AddressRange.parse("100.64.0.0/10"),
          AddressRange.parse("198.18.0.0/15"),
          // IETF protocol assignments (DS-Lite, NAT64 discovery), the reserved class E block that
          // some clouds route as private pod space, and IPv6 site-local (deprecated, still routed
          // inside sites)
          AddressRange.parse("192.0.0.0/24"),
          AddressRange.parse("240.0.0.0/4"),
          AddressRange.parse("fec0::/10"));

  /**
   * IPv6 ranges that carry an IPv4 address: NAT64 (well-known and local-use prefixes, the address
   * in the last 32 bits), IPv4-compatible, and 6to4 (the address in bits 16-48). The embedded
   * address is checked like any other.
   */
  private static final AddressRange NAT64 = AddressRange.parse("64:ff9b::/96");

  private static final AddressRange NAT64_LOCAL = AddressRange.parse("64:ff9b:1::/48");
  private static final AddressRange IPV4_COMPATIBLE = AddressRange.parse("::/96");
  private static final AddressRange SIX_TO_FOUR = AddressRange.parse("2002::/16");
  // IPv4-translated (SIIT, RFC 2765): ::ffff:0:a.b.c.d, i.e. 0:0:0:0:ffff:0:a.b.c.d
  private static final AddressRange IPV4_TRANSLATED = AddressRange.parse("::ffff:0:0:0/96");

  /**
   * The longest callback URL accepted, in characters (UTF-16 code units, as {@link String#length}
   * counts them): 2,048, the length the sitemaps protocol and most HTTP tooling treat as the safe
   * maximum of a URL, and a quarter of the 8 KB request line that common servers and proxies accept
   * (nginx's {@code large_client_header_buffers}, Apache's {@code LimitRequestLine}), which a
   * notification's request line must fit in. Without it a callback was bounded only by the 1 MiB
   * body: a 100 KB one was stored and sent in the request line of every notification.
   */
  public static final int MAX_LENGTH = 2048;

  /** A callback that passed the policy: its URL and the addresses to connect to. */
  public record Vetted(URI uri, String host, List<InetAddress> addresses) {
    public Vetted {
      addresses = List.copyOf(addresses);
    }
  }

  private final boolean allowHttp;
  private final Set<String> allowedHosts;
  private final List<AddressRange> allowedRanges;
  private final HostResolver resolver;

  /**
   * Callback URLs that passed the checks of their text, parsed once: the URI, the bare host and,
   * for an IP literal, its address (a literal's checks and parsing depend on the text alone; the
   * regular expressions and {@code InetAddress.getByName} were 3 % of the engine's CPU samples at
   * 1,000 subscriptions). A host name is still resolved, and every address still checked, on every
   * call. Bounded: cleared when it grows past {@link #MAX_PARSED}.
   */
  private final java.util.Map<String, Parsed> parsed =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param literal the address of an IP-literal host, or null for a host name (a literal that does
   *     not parse is refused by {@link #parse})
   */
  private record Parsed(URI uri, String bare, List<InetAddress> literal, String unsendable) {}

  private static final int MAX_PARSED = 4096;

  /**
   * @param allowHttp whether plain {@code http} callbacks are accepted
   * @param allowList host names and CIDR blocks admitted although loopback or private
   * @throws IllegalArgumentException naming an allow-list entry that is neither
   */
  // Compiled once: vet runs before every delivery.
  private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

  private static final Pattern NUMERIC =
      Pattern.compile("(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+)){0,3}");
  private static final Pattern DOTTED_QUAD =
      Pattern.compile(
          "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

  public CallbackPolicy(boolean allowHttp, List<String> allowList, HostResolver resolver) {
    this.allowHttp = allowHttp;
    this.resolver = resolver;
    List<String> hosts = new ArrayList<>();
    List<AddressRange> ranges = new ArrayList<>();
    for (String entry : allowList) {
      String e = entry.trim().toLowerCase(Locale.ROOT);
      if (e.matches("[0-9a-f:.]+(/[0-9]+)?") && (e.contains(":") || e.matches("[0-9./]+"))) {
        ranges.add(AddressRange.parse(e));
      } else {
        hosts.add(e);
      }
    }
    this.allowedHosts = Set.copyOf(hosts);
    this.allowedRanges = List.copyOf(ranges);
  }

  /**
   * Checks a callback URL and resolves its host once.
   *
   * @throws CallbackRefusedException saying why the callback is refused
   */
  public Vetted vet(String callback) {
    return vet(callback, true);
  }

  /**
   * Checks a callback URL of a subscription being created: like {@link #vet}, except that a host
   * that does not resolve (yet) is accepted, since it cannot point anywhere refused now and every
   * delivery vets it again.
   *
   * @throws CallbackRefusedException saying why the callback is refused
   */
  public Vetted vetAtCreate(String callback) {
    return vet(callback, false);
  }

  private Vetted vet(String callback, boolean requireResolution) {
    Parsed p = parsed.get(callback);
    if (p == null) {
      p = parse(callback);
      if (parsed.size() >= MAX_PARSED) {
        parsed.clear();
      }
      parsed.put(callback, p);
    }
    URI uri = p.uri();
    String bare = p.bare();
    List<InetAddress> addresses;
    try {
      addresses = p.literal() != null ? p.literal() : resolve(bare);
    } catch (CallbackRefusedException e) {
      if (requireResolution) {
        throw e;
      }
      refuseUnsendable(p);
      return new Vetted(uri, bare, List.of());
    }
    if (addresses.isEmpty() && requireResolution) {
      throw new CallbackRefusedException("callback host " + bare + " does not resolve");
    }
    for (InetAddress a : addresses) {
      check(bare, a);
    }
    refuseUnsendable(p);
    return new Vetted(uri, bare, addresses);
  }

  /** The checks of the callback's text alone; throws {@link CallbackRefusedException}. */
  private Parsed parse(String callback) {
    if (callback.length() > MAX_LENGTH) {
      throw new CallbackRefusedException(
          "callback is "
              + callback.length()
              + " characters long; the longest accepted is "
              + MAX_LENGTH);
    }
    URI uri;
    try {
      uri = new URI(callback);
    } catch (URISyntaxException e) {
      throw new CallbackRefusedException("callback is not a URL: " + e.getMessage());
    }
    if (!uri.isAbsolute() || uri.getScheme() == null) {
      throw new CallbackRefusedException("callback must be an absolute URL");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
      throw new CallbackRefusedException(
          allowHttp ? "callback must be an http or https URL" : "callback must be an https URL");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new CallbackRefusedException("callback has no host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new CallbackRefusedException("callback must not carry user information");
    }
    checkSendable(callback, uri);
    host = host.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String bare = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (!allowedHosts.contains(bare)) {
      refuseNonCanonicalNumeric(bare);
    }
    if (METADATA_HOSTS.contains(bare)) {
      throw new CallbackRefusedException("callback host " + bare + " is a cloud metadata service");
    }
    List<InetAddress> literal = null;
    if (isLiteral(bare)) {
      try {
        literal = List.of(InetAddress.getByName(bare));
      } catch (UnknownHostException e) {
        // An address that does not parse (e.g. an IPv6 zone this host lacks, [fe80::1%25x]) never
        // will: refused at create too, not only at every delivery.
        throw new CallbackRefusedException("callback host " + bare + " is not a usable IP address");
      }
    }
    return new Parsed(uri, bare, literal, httpClientRefusal(callback));
  }

  /**
   * Refuses a URL that {@link java.net.URI} reads but notifications could never be sent to: a port
   * outside 1..65535 ({@code URI} takes any number that fits an int), text that is not Unicode (an
   * unpaired surrogate, which the sender would replace by {@code ?} and so post elsewhere); what
   * else the HTTP client's own parser refuses is {@link #httpClientRefusal}. Accepted at create,
   * such a callback made every delivery throw, and the subscription's queue was retried at every
   * poll without ever counting an attempt.
   */
  private static void checkSendable(String callback, URI uri) {
    int port = uri.getPort();
    if (port == 0 || port > 65535) {
      throw new CallbackRefusedException(
          "callback port " + port + " is not a TCP port (1 to 65535)");
    }
    for (int i = 0; i < callback.length(); i++) {
      char c = callback.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < callback.length()
          && Character.isLowSurrogate(callback.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new CallbackRefusedException(
            "callback is not valid Unicode: an unpaired surrogate (\\u"
                + Integer.toHexString(c).toUpperCase(Locale.ROOT)
                + ") at index "
                + i);
      }
    }
  }

  /**
   * Why the HTTP client's own parser refuses the URL (a host label over 63 characters, a host name
   * over 253), or null. Reported after the address checks, so that a refused address keeps its own
   * reason ({@code [fe80::1%25x]} is an address that does not parse before it is a host OkHttp
   * refuses).
   */
  private static String httpClientRefusal(String callback) {
    try {
      HttpUrl.get(callback);
      return null;
    } catch (IllegalArgumentException e) {
      // OkHttp's reason, e.g. 'Invalid URL host: "..."'
      return "callback cannot be sent to: " + e.getMessage();
    }
  }

  private static void refuseUnsendable(Parsed p) {
    if (p.unsendable() != null) {
      throw new CallbackRefusedException(p.unsendable());
    }
  }

  private static boolean isLiteral(String host) {
    return host.contains(":") || DIGITS_AND_DOTS.matcher(host).matches();
  }

  /** The IPv4 address a NAT64, IPv4-compatible or 6to4 IPv6 address carries, if it is one. */
  static Optional<InetAddress> embeddedIpv4(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != 16) {
      return Optional.empty();
    }
    int from;
    if (NAT64.contains(address)
        || NAT64_LOCAL.contains(address)
        || IPV4_TRANSLATED.contains(address)) {
      from = 12;
    } else if (SIX_TO_FOUR.contains(address)) {
      from = 2;
    } else if (IPV4_COMPATIBLE.contains(address) && !isZeroOrLoopback(a)) {
      from = 12;
    } else {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(java.util.Arrays.copyOfRange(a, from, from + 4)));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }

  private static boolean isZeroOrLoopback(byte[] a) {
    for (int i = 0; i < 15; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[15] == 0 || a[15] == 1;
  }

  private List<InetAddress> resolve(String host) {
    try {
      if (isLiteral(host)) {
        return List.of(InetAddress.getByName(host));
      }
      return resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new CallbackRefusedException("callback host " + host + " does not resolve");
    }
  }

  /**
   * Refuses a host that is a number in a spelling other than the dotted decimal quad ({@code
   * 0x7f000001}, {@code 017700000001}, {@code 2130706433}, {@code 127.1}, {@code 0177.0.0.1}):
   * resolvers built on {@code inet_aton} (glibc) read these as addresses, others as names.
   */
  private static void refuseNonCanonicalNumeric(String host) {
    if (!NUMERIC.matcher(host).matches()) {
      return;
    }
    if (DOTTED_QUAD.matcher(host).matches()) {
      return;
    }
    throw new CallbackRefusedException(
        "callback host "
            + host
            + " is a number in a non-canonical spelling (some resolvers read it as an address);"
            + " write the address as a dotted decimal quad");
  }

  private void check(String host, InetAddress address) {
    Optional<InetAddress> embedded = embeddedIpv4(address);
    if (embedded.isPresent()) {
      check(host, embedded.get());
    }
    for (AddressRange r : ALWAYS_REFUSED) {
      if (r.contains(address)) {
        throw new CallbackRefusedException(
            "callback host "
                + host
                + " resolves to "
                + address.getHostAddress()
                + ", a link-local, multicast, unspecified or metadata address");
      }
    }
    if (allowedHosts.contains(host) || inAllowedRange(address)) {
      return;
    }
    for (AddressRange r : REFUSED_UNLESS_ALLOWED) {
      if (r.contains(address)) {
        throw new CallbackRefusedException(
            "callback host "
                + host
                + " resolves to "
                + address.getHostAddress()
                + ", a loopback or private address not in notifications.callback_allow_list");
      }
    }
  }

  private boolean inAllowedRange(InetAddress address) {
    for (AddressRange r : allowedRanges) {
      if (r.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
