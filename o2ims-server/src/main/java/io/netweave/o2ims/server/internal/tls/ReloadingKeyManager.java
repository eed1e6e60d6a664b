package io.netweave.o2ims.server.internal.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server key manager that serves the key material of {@link KeyMaterial} and loads it again when
 * its files change, so that a renewed certificate is used by the next handshake without a restart.
 *
 * <p>Design: during a handshake, at most once per check interval (measured with the injected
 * clock), the files' modification times and sizes are compared with those of the loaded generation.
 * A change loads a new generation under a fresh alias; the previous generation stays reachable by
 * its alias so that a handshake that chose it before the switch completes. A change that cannot be
 * loaded (half-written files, key and certificate not matching) is logged and the current
 * generation keeps serving; it is tried again at the next check.
 *
 * <p>Thread-safe: handshakes on many threads read an immutable generation through a volatile field;
 * reloads are serialized.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private static final Logger LOG = LoggerFactory.getLogger(ReloadingKeyManager.class);

  private final KeyMaterial material;
  private final Clock clock;
  private final Duration checkInterval;
  private final Object reloadLock = new Object();
  private volatile Generation current;
  private volatile Generation previous;
  private volatile Instant nextCheck;
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean failing;

  /**
   * Loads the material once; throws {@link InvalidTlsMaterialException} when it cannot be used.
   *
   * @param checkInterval the least time between two looks at the files; zero looks at every
   *     handshake
   */
  public ReloadingKeyManager(KeyMaterial material, Clock clock, Duration checkInterval) {
    this.material = Objects.requireNonNull(material, "material");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.checkInterval = Objects.requireNonNull(checkInterval, "checkInterval");
    List<FileStamps.Stamp> stamps = FileStamps.of(material.files());
    this.current = new Generation("netweave-0", material.load(), stamps);
    this.previous = current;
    this.nextCheck = clock.instant().plus(checkInterval);
  }

  /** The leaf certificate served now (after a reload check). */
  public X509Certificate currentCertificate() {
    return generation().loaded().chain().get(0);
  }

  /**
   * How many times changed files could not be loaded (metric {@code
   * tls.certificate.reload_failures}).
   */
  public long reloadFailures() {
    return failures.get();
  }

  /**
   * Whether the files on disk changed into something that cannot be used (still serving the last
   * good).
   */
  public boolean failing() {
    return failing;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return aliasFor(keyType);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return aliasFor(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    String alias = aliasFor(keyType);
    return alias == null ? null : new String[] {alias};
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    Generation generation = byAlias(alias);
    return generation == null ? null : generation.loaded().chain().toArray(new X509Certificate[0]);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    Generation generation = byAlias(alias);
    return generation == null ? null : generation.loaded().privateKey();
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return null;
  }

  private String aliasFor(String keyType) {
    Generation generation = generation();
    String algorithm = generation.loaded().privateKey().getAlgorithm();
    boolean matches =
        keyType == null || keyType.equals(algorithm) || keyType.startsWith(algorithm + "_");
    return matches ? generation.alias() : null;
  }

  private Generation byAlias(String alias) {
    Generation now = current;
    if (now.alias().equals(alias)) {
      return now;
    }
    Generation before = previous;
    return before.alias().equals(alias) ? before : null;
  }

  private Generation generation() {
    Instant now = clock.instant();
    if (now.isBefore(nextCheck)) {
      return current;
    }
    synchronized (reloadLock) {
      if (now.isBefore(nextCheck)) {
        return current;
      }
      nextCheck = now.plus(checkInterval);
      Generation loaded = current;
      List<FileStamps.Stamp> stamps = FileStamps.of(material.files());
      if (!stamps.equals(loaded.stamps())) {
        reload(loaded, stamps);
      }
      return current;
    }
  }

  private void reload(Generation loaded, List<FileStamps.Stamp> stamps) {
    int number = Integer.parseInt(loaded.alias().substring("netweave-".length())) + 1;
    try {
      Generation next = new Generation("netweave-" + number, material.load(), stamps);
      previous = loaded;
      current = next;
      LOG.info(
          "TLS key material reloaded from {}: serving {}",
          material.files(),
          next.loaded().chain().get(0).getSubjectX500Principal());
      failing = false;
    } catch (InvalidTlsMaterialException e) {
      failures.incrementAndGet();
      failing = true;
      LOG.error("TLS key material changed but cannot be used; still serving the previous one", e);
    }
  }

  private record Generation(
      String alias, KeyMaterial.Loaded loaded, List<FileStamps.Stamp> stamps) {}
}
