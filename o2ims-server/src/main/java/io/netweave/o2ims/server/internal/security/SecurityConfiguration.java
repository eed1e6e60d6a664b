package io.netweave.o2ims.server.internal.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import io.netweave.o2ims.cache.RedisConnector;
import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import io.netweave.o2ims.server.internal.tls.ClientAuth;
import io.netweave.o2ims.server.internal.tls.KeyMaterial;
import io.netweave.o2ims.server.internal.tls.OpenConnections;
import io.netweave.o2ims.server.internal.tls.TlsSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the security keys of the configuration ({@code profile}, {@code server.tls.*}, {@code
 * auth.*}, {@code rate_limit.*} and the admission limits of {@code server.*}), applies the profile
 * and builds the TLS settings and the {@link SecurityLayers}. The production profile refuses to
 * start, with a {@link ConfigException} listing every missing setting, when TLS, a token issuer or
 * rate limits cannot be set up. Immutable once read.
 */
public final class SecurityConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

  private final Profile profile;
  private final ServerConfig.Server server;
  private final ServerConfig.Tls tls;
  private final ServerConfig.Auth auth;
  private final ServerConfig.RateLimit rateLimit;
  private final boolean redisConfigured;

  private SecurityConfiguration(ServerConfig config) {
    this.profile = config.security().profile();
    this.server = config.server();
    this.tls = config.tls();
    this.auth = config.security().auth();
    this.rateLimit = config.security().rateLimit();
    this.redisConfigured = config.redis().url().isPresent();
  }

  /**
   * Reads the security sections of the configuration.
   *
   * @throws ConfigException when production (or an explicitly enabled feature) lacks what it needs
   */
  public static SecurityConfiguration from(ServerConfig config) {
    SecurityConfiguration configuration = new SecurityConfiguration(config);
    configuration.check();
    return configuration;
  }

  public Profile profile() {
    return profile;
  }

  public boolean authenticationEnabled() {
    return profile == Profile.PRODUCTION || auth.enabled();
  }

  public boolean rateLimitsEnabled() {
    return profile == Profile.PRODUCTION || rateLimit.enabled();
  }

  /** True when rate limits are on and shared through Redis (the root then lends a RedisClient). */
  public boolean sharedRateLimits() {
    return rateLimitsEnabled() && rateLimit.shared();
  }

  /**
   * Says once, as a WARN naming them, that {@code server.tls.*} keys set without a certificate have
   * no effect: the listener is plain HTTP (as {@code SharedRedis} does for {@code redis.*} keys
   * without {@code redis.url}); a configuration written for TLS then still starts, but not
   * silently. Called by the composition root at start-up.
   */
  public void warnAboutTlsKeysWithoutEffect() {
    if (!tls.keysSet().isEmpty() && keyMaterial().isEmpty()) {
      LOG.warn(
          "{} set but no certificate is configured (server.tls.cert_file and key_file, or"
              + " pkcs12_file): the listener serves plain HTTP, so these keys have no effect"
              + " (docs/configuration.md)",
          String.join(", ", tls.keysSet()));
    }
  }

  /** The TLS settings, when a certificate is configured (always in production). */
  public Optional<TlsSettings> tls() {
    Optional<KeyMaterial> material = keyMaterial();
    if (material.isEmpty()) {
      return Optional.empty();
    }
    List<Path> clientCa = tls.clientCa().map(List::of).orElse(List.of());
    try {
      return Optional.of(
          new TlsSettings(
              material.get(),
              clientAuth(!clientCa.isEmpty()),
              clientCa,
              tls.protocols(),
              tls.cipherSuites(),
              tls.sessionCacheSize(),
              tls.sessionTimeout(),
              tls.sessionTickets(),
              server.maxConcurrentStreams(),
              tls.reloadInterval(),
              tls.handshakeTimeout()));
    } catch (RuntimeException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  /**
   * Builds the admission layers.
   *
   * @param http the client used to fetch the JWKS (borrowed)
   * @param redis the connector shared rate limits borrow; required when {@link #sharedRateLimits()}
   * @param owned receives what this method creates and the caller must close (the rate limiter)
   */
  public SecurityLayers layers(
      Clock clock, HttpClient http, Optional<RedisConnector> redis, List<AutoCloseable> owned) {
    return layers(
        clock, http, redis, owned, new io.netweave.o2ims.server.internal.tls.OpenConnections());
  }

  /**
   * Builds the admission layers as above; {@code connections} (filled by the TLS listener) is where
   * an HTTP/2 connection holding more requests than {@code server.max_concurrent_streams} is
   * closed.
   */
  public SecurityLayers layers(
      Clock clock,
      HttpClient http,
      Optional<RedisConnector> redis,
      List<AutoCloseable> owned,
      io.netweave.o2ims.server.internal.tls.OpenConnections connections) {
    SecurityLayers.Builder builder =
        SecurityLayers.builder()
            .clock(clock)
            .limits(server.maxConcurrentRequests(), server.maxBodyBytes(), server.maxQueryBytes())
            .policy(new EndpointPolicy(auth.publicPaths(), auth.adminPaths()))
            .trustedProxies(cidrs())
            .tlsClientCertificates(tlsClientCertificates())
            .maxQueryParameters(server.maxQueryParameters())
            .authFailuresPerMinute(auth.failuresPerMinute())
            .logFormat(logFormat())
            .browserGuard(allowedHosts(), !authenticationEnabled())
            .perConnection(server.maxConcurrentStreams(), connections);
    if (authenticationEnabled()) {
      builder.authentication(verifier(clock, http), roleMapping());
    }
    if (rateLimitsEnabled()) {
      RateLimitSettings limits =
          new RateLimitSettings(
              true,
              sharedRateLimits(),
              RateLimitSettings.Limit.perMinute(rateLimit.readPerMinute()),
              RateLimitSettings.Limit.perMinute(rateLimit.writePerMinute()),
              RateLimitSettings.Limit.perMinute(rateLimit.adminPerMinute()));
      RateLimiter limiter =
          sharedRateLimits()
              ? new RedisRateLimiter(
                  redis.orElseThrow(() -> new ConfigException("rate_limit.shared needs redis.url")),
                  limits,
                  clock,
                  rateLimit.redisTimeout(),
                  rateLimit.redisPrefix())
              : new LocalRateLimiter(limits, clock);
      owned.add(limiter);
      builder.rateLimiter(limiter);
    }
    return builder.build();
  }

  /** The access and audit log format ({@code server.log_format}). */
  public LogText.Format logFormat() {
    try {
      return LogText.Format.parse(server.logFormat());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "bad value for configuration key server.log_format: " + e.getMessage());
    }
  }

  /**
   * The Host names served ({@code server.allowed_hosts}); without authentication and without a
   * list, {@code localhost} and the listen address (IP literals always pass), so that a page on a
   * rebound DNS name cannot reach the demo gateway. With authentication and no list: any host.
   */
  private Set<String> allowedHosts() {
    Set<String> hosts = new LinkedHashSet<>();
    server.allowedHosts().forEach(h -> hosts.add(BrowserGuardHandler.hostName(h)));
    if (hosts.isEmpty() && !authenticationEnabled()) {
      hosts.add("localhost");
      String listen = server.host().toLowerCase(Locale.ROOT);
      if (!listen.isEmpty() && !listen.equals("0.0.0.0") && !listen.equals("::")) {
        hosts.add(BrowserGuardHandler.hostName(listen.contains(":") ? "[" + listen + "]" : listen));
      }
    }
    return hosts;
  }

  /**
   * Checks {@code auth.jwks_url}: an absolute URL whose scheme, compared case-insensitively, is
   * {@code https}, or {@code http} outside the production profile.
   */
  private void checkJwksUrl(List<String> missing) {
    if (auth.jwksUrl().isEmpty()) {
      return;
    }
    URI uri = auth.jwksUrl().get();
    String text = uri.toString();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean https = scheme.equals("https");
    boolean http = scheme.equals("http");
    if ((!https && !http) || uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new ConfigException(
          "bad value for configuration key auth.jwks_url: expected an https URL with a host, got "
              + text);
    }
    if (http && profile == Profile.PRODUCTION) {
      missing.add("an https auth.jwks_url (token keys must not travel unauthenticated)");
    }
  }

  private void check() {
    List<String> missing = new ArrayList<>();
    checkJwksUrl(missing);
    if (profile == Profile.PRODUCTION) {
      if (keyMaterial().isEmpty()) {
        missing.add(
            "a TLS certificate and key (--tls-cert FILE --tls-key FILE, or server.tls.cert_file"
                + " and server.tls.key_file, or server.tls.pkcs12_file)");
      }
      if (auth.jwksUrl().isEmpty() && auth.staticKeysFile().isEmpty()) {
        missing.add("token signing keys (auth.jwks_url or auth.static_keys_file)");
      }
      if (auth.issuer().isEmpty()) {
        missing.add("the token issuer (auth.issuer)");
      }
      if (auth.audience().isEmpty()) {
        missing.add("the token audience (auth.audience)");
      }
    } else if (auth.enabled()) {
      if (auth.jwksUrl().isEmpty() && auth.staticKeysFile().isEmpty()) {
        missing.add("token signing keys (auth.jwks_url or auth.static_keys_file)");
      }
      if (auth.issuer().isEmpty() || auth.audience().isEmpty()) {
        missing.add("auth.issuer and auth.audience");
      }
    }
    if (sharedRateLimits() && !redisConfigured) {
      missing.add("a Redis server for shared rate limits (redis.url)");
    }
    String clientAuth = tls.clientAuth();
    if ((clientAuth.equals("optional") || clientAuth.equals("required"))
        && tls.clientCa().isEmpty()) {
      missing.add("the client CA bundle for server.tls.client_auth (--tls-client-ca FILE)");
    }
    if (!missing.isEmpty()) {
      throw new ConfigException(
          "the "
              + profile.name().toLowerCase(Locale.ROOT)
              + " profile cannot start without: "
              + String.join("; ", missing));
    }
  }

  private Optional<KeyMaterial> keyMaterial() {
    Optional<Path> cert = tls.certFile();
    Optional<Path> key = tls.keyFile();
    if (tls.pkcs12File().isPresent()) {
      if (cert.isPresent() || key.isPresent()) {
        throw new ConfigException(
            "set either server.tls.pkcs12_file or server.tls.cert_file/key_file, not both");
      }
      return Optional.of(new KeyMaterial.Pkcs12(tls.pkcs12File().get(), tls.pkcs12Password()));
    }
    if (cert.isEmpty() != key.isEmpty()) {
      throw new ConfigException(
          "TLS needs both a certificate and a key: --tls-cert FILE --tls-key FILE"
              + " (server.tls.cert_file, server.tls.key_file)");
    }
    return cert.isEmpty()
        ? Optional.empty()
        : Optional.of(new KeyMaterial.Pem(cert.get(), key.get()));
  }

  /** Whether the TLS listener asks clients for certificates (TLS on, client_auth not none). */
  private boolean tlsClientCertificates() {
    return keyMaterial().isPresent() && clientAuth(tls.clientCa().isPresent()) != ClientAuth.NONE;
  }

  private ClientAuth clientAuth(boolean caConfigured) {
    return switch (tls.clientAuth()) {
      case "none" -> ClientAuth.NONE;
      case "optional" -> ClientAuth.OPTIONAL;
      case "required" -> ClientAuth.REQUIRED;
      default -> caConfigured ? ClientAuth.OPTIONAL : ClientAuth.NONE;
    };
  }

  private JwtVerifier verifier(Clock clock, HttpClient http) {
    VerificationKeys keys;
    if (auth.staticKeysFile().isPresent()) {
      Path file = auth.staticKeysFile().get();
      try {
        keys = VerificationKeys.fixed(JWKSet.load(file.toFile()));
      } catch (IOException | ParseException e) {
        throw new ConfigException(
            "auth.static_keys_file: cannot read a JWK set from " + file + ": " + e.getMessage(), e);
      }
    } else {
      keys =
          new JwksKeys(
              auth.jwksUrl().orElseThrow().normalize(),
              http,
              clock,
              auth.jwksCacheTtl(),
              auth.jwksMinRefreshInterval());
    }
    Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
    auth.algorithms().forEach(a -> algorithms.add(JWSAlgorithm.parse(a)));
    try {
      return new JwtVerifier(
          keys,
          new JwtSettings(
              auth.issuer(),
              auth.audience(),
              auth.clockSkew(),
              algorithms,
              auth.certificateBoundTokens(),
              auth.maxTokenBytes(),
              auth.maxTokenLifetime()),
          clock);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  private RoleMapping roleMapping() {
    Map<String, Role> values = new HashMap<>();
    auth.readerValues().forEach(x -> values.put(x, Role.READER));
    auth.subscriberValues().forEach(x -> values.put(x, Role.SUBSCRIBER));
    auth.adminValues().forEach(x -> values.put(x, Role.ADMIN));
    Map<String, Set<Role>> subjects = new HashMap<>();
    addSubjects(subjects, auth.certificateReaders(), Role.READER);
    addSubjects(subjects, auth.certificateSubscribers(), Role.SUBSCRIBER);
    addSubjects(subjects, auth.certificateAdmins(), Role.ADMIN);
    try {
      return new RoleMapping(values, auth.roleClaims(), subjects);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("auth.certificate_*: not a distinguished name: " + e.getMessage());
    }
  }

  private static void addSubjects(Map<String, Set<Role>> subjects, List<String> dns, Role role) {
    for (String dn : dns) {
      subjects.computeIfAbsent(dn, d -> EnumSet.noneOf(Role.class)).add(role);
    }
  }

  /**
   * The registry of the listener's open connections, with {@code server.max_connections_per_client}
   * per client address (an IPv6 /64, as for failed authentications); the trusted proxies, which
   * carry many clients' connections, have no such limit.
   */
  public OpenConnections openConnections() {
    List<Cidr> proxies = cidrs();
    return new OpenConnections(
        server.maxConnectionsPerClient(),
        AuthFailureBudget::clientOf,
        address -> proxies.stream().anyMatch(proxy -> proxy.contains(address)));
  }

  private List<Cidr> cidrs() {
    List<Cidr> blocks = new ArrayList<>();
    for (String text : server.trustedProxies()) {
      try {
        blocks.add(Cidr.parse(text));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "bad value for configuration key server.trusted_proxies: " + e.getMessage());
      }
    }
    return blocks;
  }
}
