package io.netweave.o2ims.bench.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.netweave.o2ims.server.internal.security.JwtSettings;
import io.netweave.o2ims.server.internal.security.JwtVerifier;
import io.netweave.o2ims.server.internal.security.RoleMapping;
import io.netweave.o2ims.server.internal.security.VerificationKeys;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The production profile's per-request bearer-token work on a token seen before (the verified-token
 * cache's hit path), as the authentication layer does it: verify the RS256 token (cache lookup, key
 * still in the key set, every claim check against the clock, certificate binding) and map its
 * claims to roles. {@code verifyThenMapRoles} is the two calls the layer made before issue 13's TLS
 * work ({@link JwtVerifier#verify} then {@link RoleMapping#roles}); {@code authenticate} is what it
 * calls now ({@link JwtVerifier#authenticate}, roles mapped once per token). Run with {@code -prof
 * gc}: bytes per operation do not depend on the machine's load, the time per operation does.
 *
 * <p>Run: {@code java -jar jmh-benchmarks/target/benchmarks.jar TokenAuthenticationBenchmark -prof
 * gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TokenAuthenticationBenchmark {
  private static final String ISSUER = "https://issuer.bench.invalid";
  private static final String AUDIENCE = "o2ims";

  private JwtVerifier verifier;
  private RoleMapping roles;
  private String token;
  private final Optional<X509Certificate> noCertificate = Optional.empty();

  @Setup
  public void setUp() throws JOSEException {
    RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
    verifier =
        new JwtVerifier(
            VerificationKeys.fixed(new JWKSet(key.toPublicJWK())),
            new JwtSettings(
                ISSUER,
                List.of(AUDIENCE),
                Duration.ofSeconds(60),
                JwtSettings.DEFAULT_ALGORITHMS,
                false),
            Clock.systemUTC());
    roles = RoleMapping.defaults();
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .subject("smo-1")
            .claim("scope", "role:o2ims-reader role:o2ims-subscriber")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofHours(6))))
            .build();
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("bench").build(), claims);
    jwt.sign(new RSASSASigner(key));
    token = jwt.serialize();
    verifier.verify(token, noCertificate); // fills the verified-token cache
  }

  @Benchmark
  public Object verifyThenMapRoles() {
    return roles.roles(verifier.verify(token, noCertificate));
  }

  @Benchmark
  public Object authenticate() {
    return verifier.authenticate(token, noCertificate, roles);
  }
}
