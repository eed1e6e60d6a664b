package io.netweave.o2ims.server.internal.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import io.lettuce.core.RedisClient;
import io.netweave.o2ims.server.internal.config.ConfigException;
import io.netweave.o2ims.server.internal.tls.ClientAuth;
import io.netweave.o2ims.server.internal.tls.KeyMaterial;
import io.netweave.o2ims.server.internal.tls.TlsSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the security keys of the configuration ({@code profile}, {@code server.tls.*}, {@code
 * auth.*}, {@code rate_limit.*} and the admission limits of {@code server.*}), applies the profile
 * and builds the TLS settings and the {@link SecurityLayers}. The production profile refuses to
 * start, with a {@link ConfigException} listing every missing setting, when TLS, a token issuer or
 * rate limits cannot be set up. Immutable once read.
 */
public final class SecurityConfiguration {
  private final Map<String, Object> v;
  private final Profile profile;

  private SecurityConfiguration(Map<String, Object> values) {
    this.v = Map.copyOf(values);
    try {
      this.profile = Profile.parse(str("profile"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("bad value for configuration key profile: " + e.getMessage());
    }
  }

  /**
   * Reads the typed configuration values (every key present, as the config loader produces them).
   *
   * @throws ConfigException when the profile is unknown or production lacks what it needs
   */
  public static SecurityConfiguration from(Map<String, Object> values) {
    SecurityConfiguration configuration = new SecurityConfiguration(values);
    configuration.check();
    return configuration;
  }

  public Profile profile() {
    return profile;
  }

  public boolean authenticationEnabled() {
    return profile == Profile.PRODUCTION || bool("auth.enabled");
  }

  public boolean rateLimitsEnabled() {
    return profile == Profile.PRODUCTION || bool("rate_limit.enabled");
  }

  /** True when rate limits are on and shared through Redis (the root then lends a RedisClient). */
  public boolean sharedRateLimits() {
    return rateLimitsEnabled() && bool("rate_limit.shared");
  }

  /** The TLS settings, when a certificate is configured (always in production). */
  public Optional<TlsSettings> tls() {
    Optional<KeyMaterial> material = keyMaterial();
    if (material.isEmpty()) {
      return Optional.empty();
    }
    List<Path> clientCa =
        str("server.tls.client_ca").isEmpty()
            ? List.of()
            : List.of(Path.of(str("server.tls.client_ca")));
    try {
      return Optional.of(
          new TlsSettings(
              material.get(),
              clientAuth(!clientCa.isEmpty()),
              clientCa,
              list("server.tls.protocols"),
              list("server.tls.cipher_suites"),
              integer("server.tls.session_cache_size"),
              duration("server.tls.session_timeout"),
              bool("server.tls.session_tickets"),
              integer("server.max_concurrent_streams"),
              duration("server.tls.reload_interval")));
    } catch (RuntimeException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  /**
   * Builds the admission layers.
   *
   * @param http the client used to fetch the JWKS (borrowed)
   * @param redis the client shared rate limits use; required when {@link #sharedRateLimits()}
   * @param owned receives what this method creates and the caller must close (the rate limiter)
   */
  public SecurityLayers layers(
      Clock clock, HttpClient http, Optional<RedisClient> redis, List<AutoCloseable> owned) {
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
      Optional<RedisClient> redis,
      List<AutoCloseable> owned,
      io.netweave.o2ims.server.internal.tls.OpenConnections connections) {
    SecurityLayers.Builder builder =
        SecurityLayers.builder()
            .clock(clock)
            .limits(
                integer("server.max_concurrent_requests"),
                ((Number) v.get("server.max_body_bytes")).longValue(),
                integer("server.max_query_bytes"))
            .policy(new EndpointPolicy(list("auth.public_paths"), list("auth.admin_paths")))
            .trustedProxies(cidrs())
            .maxQueryParameters(integer("server.max_query_parameters"))
            .authFailuresPerMinute(integer("auth.failures_per_minute"))
            .logFormat(logFormat())
            .browserGuard(allowedHosts(), !authenticationEnabled())
            .perConnection(integer("server.max_concurrent_streams"), connections);
    if (authenticationEnabled()) {
      builder.authentication(verifier(clock, http), roleMapping());
    }
    if (rateLimitsEnabled()) {
      RateLimitSettings limits =
          new RateLimitSettings(
              true,
              sharedRateLimits(),
              RateLimitSettings.Limit.perMinute(integer("rate_limit.read_per_minute")),
              RateLimitSettings.Limit.perMinute(integer("rate_limit.write_per_minute")),
              RateLimitSettings.Limit.perMinute(integer("rate_limit.admin_per_minute")));
      RateLimiter limiter =
          sharedRateLimits()
              ? new RedisRateLimiter(
                  redis.orElseThrow(() -> new ConfigException("rate_limit.shared needs redis.url")),
                  limits,
                  clock,
                  duration("rate_limit.redis_timeout"))
              : new LocalRateLimiter(limits, clock);
      owned.add(limiter);
      builder.rateLimiter(limiter);
    }
    return builder.build();
  }

  /** The access and audit log format ({@code server.log_format}). */
  public LogText.Format logFormat() {
    try {
      return LogText.Format.parse(str("server.log_format"));
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
    list("server.allowed_hosts").forEach(h -> hosts.add(BrowserGuardHandler.hostName(h)));
    if (hosts.isEmpty() && !authenticationEnabled()) {
      hosts.add("localhost");
      String listen = str("server.host").toLowerCase(Locale.ROOT);
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
    String text = str("auth.jwks_url");
    if (text.isEmpty()) {
      return;
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(
          "bad value for configuration key auth.jwks_url: not a URL: " + text);
    }
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
      if (str("auth.jwks_url").isEmpty() && str("auth.static_keys_file").isEmpty()) {
        missing.add("token signing keys (auth.jwks_url or auth.static_keys_file)");
      }
      if (str("auth.issuer").isEmpty()) {
        missing.add("the token issuer (auth.issuer)");
      }
      if (list("auth.audience").isEmpty()) {
        missing.add("the token audience (auth.audience)");
      }
    } else if (bool("auth.enabled")) {
      if (str("auth.jwks_url").isEmpty() && str("auth.static_keys_file").isEmpty()) {
        missing.add("token signing keys (auth.jwks_url or auth.static_keys_file)");
      }
      if (str("auth.issuer").isEmpty() || list("auth.audience").isEmpty()) {
        missing.add("auth.issuer and auth.audience");
      }
    }
    if (sharedRateLimits() && str("redis.url").isEmpty()) {
      missing.add("a Redis server for shared rate limits (redis.url)");
    }
    String clientAuth = str("server.tls.client_auth").toLowerCase(Locale.ROOT);
    if (!Set.of("auto", "none", "optional", "required").contains(clientAuth)) {
      throw new ConfigException(
          "bad value for configuration key server.tls.client_auth: expected auto, none, optional"
              + " or required, got "
              + clientAuth);
    }
    if ((clientAuth.equals("optional") || clientAuth.equals("required"))
        && str("server.tls.client_ca").isEmpty()) {
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
    String cert = str("server.tls.cert_file");
    String key = str("server.tls.key_file");
    String p12 = str("server.tls.pkcs12_file");
    if (!p12.isEmpty()) {
      if (!cert.isEmpty() || !key.isEmpty()) {
        throw new ConfigException(
            "set either server.tls.pkcs12_file or server.tls.cert_file/key_file, not both");
      }
      return Optional.of(new KeyMaterial.Pkcs12(Path.of(p12), str("server.tls.pkcs12_password")));
    }
    if (cert.isEmpty() != key.isEmpty()) {
      throw new ConfigException(
          "TLS needs both a certificate and a key: --tls-cert FILE --tls-key FILE"
              + " (server.tls.cert_file, server.tls.key_file)");
    }
    return cert.isEmpty()
        ? Optional.empty()
        : Optional.of(new KeyMaterial.Pem(Path.of(cert), Path.of(key)));
  }

  private ClientAuth clientAuth(boolean caConfigured) {
    return switch (str("server.tls.client_auth").toLowerCase(Locale.ROOT)) {
      case "none" -> ClientAuth.NONE;
      case "optional" -> ClientAuth.OPTIONAL;
      case "required" -> ClientAuth.REQUIRED;
      default -> caConfigured ? ClientAuth.OPTIONAL : ClientAuth.NONE;
    };
  }

  private JwtVerifier verifier(Clock clock, HttpClient http) {
    VerificationKeys keys;
    if (!str("auth.static_keys_file").isEmpty()) {
      try {
        keys = VerificationKeys.fixed(JWKSet.load(Path.of(str("auth.static_keys_file")).toFile()));
      } catch (IOException | ParseException e) {
        throw new ConfigException(
            "auth.static_keys_file: cannot read a JWK set from "
                + str("auth.static_keys_file")
                + ": "
                + e.getMessage(),
            e);
      }
    } else {
      keys =
          new JwksKeys(
              URI.create(str("auth.jwks_url")).normalize(),
              http,
              clock,
              duration("auth.jwks_cache_ttl"),
              duration("auth.jwks_min_refresh_interval"));
    }
    Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
    list("auth.algorithms").forEach(a -> algorithms.add(JWSAlgorithm.parse(a)));
    try {
      return new JwtVerifier(
          keys,
          new JwtSettings(
              str("auth.issuer"),
              list("auth.audience"),
              duration("auth.clock_skew"),
              algorithms,
              bool("auth.certificate_bound_tokens"),
              integer("auth.max_token_bytes"),
              duration("auth.max_token_lifetime")),
          clock);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  private RoleMapping roleMapping() {
    Map<String, Role> values = new HashMap<>();
    list("auth.reader_values").forEach(x -> values.put(x, Role.READER));
    list("auth.subscriber_values").forEach(x -> values.put(x, Role.SUBSCRIBER));
    list("auth.admin_values").forEach(x -> values.put(x, Role.ADMIN));
    Map<String, Set<Role>> subjects = new HashMap<>();
    addSubjects(subjects, "auth.certificate_readers", Role.READER);
    addSubjects(subjects, "auth.certificate_subscribers", Role.SUBSCRIBER);
    addSubjects(subjects, "auth.certificate_admins", Role.ADMIN);
    try {
      return new RoleMapping(values, list("auth.role_claims"), subjects);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("auth.certificate_*: not a distinguished name: " + e.getMessage());
    }
  }

  private void addSubjects(Map<String, Set<Role>> subjects, String key, Role role) {
    for (String dn : list(key)) {
      subjects.computeIfAbsent(dn, d -> EnumSet.noneOf(Role.class)).add(role);
    }
  }

  private List<Cidr> cidrs() {
    List<Cidr> blocks = new ArrayList<>();
    for (String text : list("server.trusted_proxies")) {
      try {
        blocks.add(Cidr.parse(text));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "bad value for configuration key server.trusted_proxies: " + e.getMessage());
      }
    }
    return blocks;
  }

  private String str(String key) {
    return String.valueOf(v.getOrDefault(key, "")).strip();
  }

  private boolean bool(String key) {
    return Boolean.TRUE.equals(v.get(key));
  }

  private int integer(String key) {
    return ((Number) v.get(key)).intValue();
  }

  private Duration duration(String key) {
    return (Duration) v.get(key);
  }

  @SuppressWarnings("unchecked")
  private List<String> list(String key) {
    Object value = v.get(key);
    return value instanceof List<?> l
        ? ((List<Object>) l).stream().map(String::valueOf).filter(s -> !s.isBlank()).toList()
        : List.of();
  }
}
