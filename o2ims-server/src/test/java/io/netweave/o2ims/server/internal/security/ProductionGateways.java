package io.netweave.o2ims.server.internal.security;

import com.nimbusds.jose.jwk.RSAKey;
import io.netweave.o2ims.server.Main;
import io.netweave.o2ims.server.internal.Gateway;
import io.netweave.o2ims.server.internal.config.ConfigLoader;
import io.netweave.o2ims.server.internal.tls.TestPki;
import io.netweave.o2ims.server.it.GatewayHttp;
import io.netweave.o2ims.server.it.InProcessGateways;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real gateway ({@link Main#start}) under {@code --profile production} on a loopback port: a
 * TLS certificate from a test CA, a static JWK set, issuer and audience of {@link TestTokens}.
 * Tests add or override settings. One instance per test class or test.
 */
final class ProductionGateways {
  static final String INV = "/o2ims-infrastructureInventory/v1";

  final TestPki pki = TestPki.newCa("hardening CA");
  final RSAKey key = TestTokens.rsa("hardening-1");
  private final Path dir;

  ProductionGateways(Path dir) {
    this.dir = dir;
  }

  /** The production settings (TLS, static keys, issuer, audience) without extras. */
  Map<String, String> settings() {
    try {
      Path cert = dir.resolve("tls.crt");
      Path tlsKey = dir.resolve("tls.key");
      TestPki.writePem(pki.server("localhost"), cert, tlsKey);
      Path jwks = dir.resolve("jwks.json");
      Files.writeString(jwks, TestTokens.jwks(key));
      Map<String, String> settings = new HashMap<>();
      settings.put("profile", "production");
      settings.put("server.host", "127.0.0.1");
      settings.put("server.tls.cert_file", cert.toString());
      settings.put("server.tls.key_file", tlsKey.toString());
      settings.put("auth.static_keys_file", jwks.toString());
      settings.put("auth.issuer", TestTokens.ISSUER);
      settings.put("auth.audience", TestTokens.AUDIENCE);
      // ServerConfig.defaults() carries the demo profile's values explicitly: restore production's.
      settings.put("notifications.callback_allow_list", "");
      settings.put("subscriptions.allow_http_callbacks", "false");
      return settings;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a production gateway with the settings plus {@code extra}. */
  Gateway start(Map<String, String> extra) {
    Map<String, String> all = new HashMap<>(settings());
    all.putAll(extra);
    return InProcessGateways.start(dir.resolve("data"), all);
  }

  /**
   * Starts a production gateway that also admits client certificates from the test CA, each role
   * list ({@code certificate_readers}, {@code certificate_subscribers}...) holding the DNs given
   * for it. DNs hold commas, so the lists are written as a configuration file writes them (a YAML
   * list), not as flags. Writes may come 1,000 a minute; {@code extra} adds or overrides settings.
   */
  Gateway startWithCertificates(
      Map<String, List<String>> certificateRoles, Map<String, String> extra) {
    try {
      Path ca = dir.resolve("clients-ca.pem");
      pki.writeCaBundle(ca);
      StringBuilder yaml = new StringBuilder("auth:\n");
      certificateRoles.forEach(
          (list, dns) -> {
            yaml.append("  ").append(list).append(":\n");
            dns.forEach(dn -> yaml.append("    - \"").append(dn).append("\"\n"));
          });
      Path file = dir.resolve("netweave.yaml");
      Files.writeString(file, yaml);
      Map<String, String> flags = new HashMap<>(settings());
      flags.put("server.port", "0");
      flags.put("storage.data_dir", dir.resolve("data").toString());
      flags.put("server.tls.client_ca", ca.toString());
      flags.put("rate_limit.write_per_minute", "1000");
      flags.putAll(extra);
      return InProcessGateways.start(new ConfigLoader(Map.of()).load(Optional.of(file), flags));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client presenting the test CA's certificate for {@code dn}. */
  HttpClient certificateClient(String dn) {
    return HttpClient.newBuilder()
        .sslContext(pki.clientContext(pki.client(dn)))
        .connectTimeout(Duration.ofSeconds(20))
        .build();
  }

  HttpClient client() {
    return HttpClient.newBuilder()
        .sslContext(pki.clientContext(null))
        .connectTimeout(Duration.ofSeconds(20))
        .build();
  }

  HttpClient http1Client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(pki.clientContext(null))
        .connectTimeout(Duration.ofSeconds(20))
        .build();
  }

  /** The {@code netweave_http_requests_total} lines of POST requests in a {@code /metrics} body. */
  static List<String> postRequestCounts(String metrics) {
    return metrics
        .lines()
        .filter(
            line ->
                line.startsWith("netweave_http_requests_total{")
                    && line.contains("method=\"POST\""))
        .toList();
  }

  String token(String subject, String scope) {
    return TestTokens.sign(key, TestTokens.claims(Instant.now(), subject, scope).build());
  }

  /**
   * {@code method} on {@code url} with a bearer {@code token} (none when null) and {@code body} as
   * JSON (none when null), 30 s at the most.
   */
  static HttpResponse<String> send(
      HttpClient http, String method, String url, String token, String body) {
    HttpRequest.Builder request =
        new GatewayHttp(http, Duration.ofSeconds(30)).request(method, url, body);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return GatewayHttp.send(http, request.build());
  }
}
