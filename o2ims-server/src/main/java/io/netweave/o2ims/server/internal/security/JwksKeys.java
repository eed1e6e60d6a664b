package io.netweave.o2ims.server.internal.security;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys from a JWKS URL, cached. The set is fetched on first use, again when the cache is older than
 * {@code ttl}, and again when a token names a key id the cached set does not have (the issuer
 * rotated its keys) - but never more often than once per {@code minRefreshInterval}, so that tokens
 * with made-up key ids cannot turn the gateway into a load generator against the issuer. A failed
 * fetch keeps the previous set; while no set was ever fetched, {@link #unavailable()} says why (the
 * authentication layer then answers 503, {@code /readyz} reports it, {@code /metrics} counts the
 * failures). Only {@code https} URLs (and {@code http} where the profile allows it) are accepted,
 * checked at start-up by the configuration. Times come from the injected clock.
 *
 * <p>Thread-safe; fetches are serialized. The {@link HttpClient} is borrowed: its owner closes it.
 */
public final class JwksKeys implements VerificationKeys {
  private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);
  private static final int MAX_JWKS_BYTES = 512 * 1024;

  private final URI url;
  private final HttpClient http;
  private final Clock clock;
  private final Duration ttl;
  private final Duration minRefreshInterval;
  private final Object fetchLock = new Object();
  private volatile JWKSet cached = new JWKSet();
  private volatile Instant fetchedAt = Instant.MIN;
  private volatile Instant lastAttempt = Instant.MIN;
  private volatile String lastError = "not fetched yet";
  private final java.util.concurrent.atomic.AtomicLong failures =
      new java.util.concurrent.atomic.AtomicLong();

  public JwksKeys(
      URI url, HttpClient http, Clock clock, Duration ttl, Duration minRefreshInterval) {
    this.url = Objects.requireNonNull(url, "url");
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.minRefreshInterval = Objects.requireNonNull(minRefreshInterval, "minRefreshInterval");
  }

  @Override
  public List<JWK> keys(String keyId) {
    JWKSet set = current(keyId);
    return keyId.isEmpty()
        ? set.getKeys()
        : set.getKeys().stream().filter(k -> keyId.equals(k.getKeyID())).toList();
  }

  @Override
  public boolean contains(String keyId, JWK key) {
    return VerificationKeys.contains(current(keyId), keyId, key);
  }

  /** The cached set, refreshed first when it is stale or lacks the key id (may block). */
  private JWKSet current(String keyId) {
    Instant now = clock.instant();
    if (expired(now) || (!keyId.isEmpty() && !has(cached, keyId))) {
      refresh(now);
    }
    return cached;
  }

  @Override
  public boolean answersWithoutBlocking(String keyId) {
    Instant now = clock.instant();
    boolean mayFetch = !now.isBefore(lastAttempt.plus(minRefreshInterval));
    return !mayFetch || (!expired(now) && (keyId.isEmpty() || has(cached, keyId)));
  }

  @Override
  public java.util.Optional<String> unavailable() {
    return fetchedAt == Instant.MIN && lastAttempt != Instant.MIN
        ? java.util.Optional.of(
            "token signing keys cannot be fetched from " + url + ": " + lastError)
        : java.util.Optional.empty();
  }

  @Override
  public long fetchFailures() {
    return failures.get();
  }

  private boolean expired(Instant now) {
    return fetchedAt == Instant.MIN || now.isAfter(fetchedAt.plus(ttl));
  }

  private static boolean has(JWKSet set, String keyId) {
    return set.getKeyByKeyId(keyId) != null;
  }

  private void refresh(Instant now) {
    synchronized (fetchLock) {
      if (now.isBefore(lastAttempt.plus(minRefreshInterval))) {
        return;
      }
      lastAttempt = now;
      try {
        cached = fetch();
        fetchedAt = now;
      } catch (IOException | ParseException | RuntimeException e) {
        failures.incrementAndGet();
        lastError =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        LOG.warn("JWKS fetch from {} failed; keeping {} cached keys", url, cached.size(), e);
      } catch (InterruptedException e) {
        failures.incrementAndGet();
        lastError = "interrupted";
        Thread.currentThread().interrupt();
        LOG.warn("JWKS fetch from {} interrupted", url);
      }
    }
  }

  private JWKSet fetch() throws IOException, InterruptedException, ParseException {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(Duration.ofSeconds(10))
            .header("Accept", "application/jwk-set+json, application/json")
            .GET()
            .build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      byte[] bytes = body.readNBytes(MAX_JWKS_BYTES + 1);
      if (bytes.length > MAX_JWKS_BYTES) {
        throw new IOException("JWKS larger than " + MAX_JWKS_BYTES + " bytes");
      }
      return JWKSet.parse(new String(bytes, StandardCharsets.UTF_8)).toPublicJWKSet();
    }
  }
}
