package io.netweave.o2ims.server.internal.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CA bundles trusted for client certificates ({@code server.tls.client_ca}), loaded again when
 * their files change, like the server certificate ({@link ReloadingKeyManager}).
 *
 * <p>Design: {@link #reloadIfChanged()} looks at the files' modification times and sizes at most
 * once per check interval (measured with the injected clock). A change loads every bundle into a
 * new trust store; when that works the new trust replaces the old one and the caller builds a new
 * SSL context from it. A change that cannot be loaded (unreadable file, no certificate, a broken
 * PEM block) is logged, counted and leaves the last good trust in place; it is tried again at the
 * next check.
 *
 * <p>Thread-safe: readers see an immutable generation through a volatile field; reloads are
 * serialized.
 */
final class ClientCaBundle {
  private static final Logger LOG = LoggerFactory.getLogger(ClientCaBundle.class);

  private final List<Path> bundles;
  private final Clock clock;
  private final Duration checkInterval;
  private final Object reloadLock = new Object();
  private final AtomicLong failures = new AtomicLong();
  private volatile Generation current;
  private volatile Instant nextCheck;
  private volatile boolean failing;

  /**
   * Loads the bundles once; throws {@link InvalidTlsMaterialException} when they cannot be used.
   */
  ClientCaBundle(List<Path> bundles, Clock clock, Duration checkInterval) {
    this.bundles = List.copyOf(bundles);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.checkInterval = Objects.requireNonNull(checkInterval, "checkInterval");
    List<FileStamps.Stamp> stamps = FileStamps.of(this.bundles);
    this.current = load(stamps);
    this.nextCheck = clock.instant().plus(checkInterval);
  }

  /** The trust managers of the current generation, for an {@code SSLContext}. */
  TrustManager[] trustManagers() {
    return new TrustManager[] {current.trustManager()};
  }

  /** How many CA certificates are trusted now. */
  int certificates() {
    return current.anchors().size();
  }

  /** How many times changed bundles could not be loaded. */
  long reloadFailures() {
    return failures.get();
  }

  /** Whether the files changed into something that cannot be used (the last good bundle serves). */
  boolean failing() {
    return failing;
  }

  /** Whether the current trust admits this client chain (leaf first). */
  boolean admits(X509Certificate[] chain) {
    if (chain.length == 0) {
      return false;
    }
    try {
      current.trustManager().checkClientTrusted(chain, chain[0].getPublicKey().getAlgorithm());
      return true;
    } catch (CertificateException e) {
      return false;
    }
  }

  /**
   * Looks at the files when the check interval has passed; true when a changed bundle was loaded
   * (the trust managers are then new), false when nothing changed or the change cannot be used.
   */
  boolean reloadIfChanged() {
    Instant now = clock.instant();
    if (now.isBefore(nextCheck)) {
      return false;
    }
    synchronized (reloadLock) {
      if (now.isBefore(nextCheck)) {
        return false;
      }
      nextCheck = now.plus(checkInterval);
      List<FileStamps.Stamp> stamps = FileStamps.of(bundles);
      if (stamps.equals(current.stamps())) {
        return false;
      }
      try {
        Generation next = load(stamps);
        current = next;
        failing = false;
        LOG.info(
            "TLS client CA bundle reloaded from {}: trusting {}",
            bundles,
            next.anchors().stream().map(c -> c.getSubjectX500Principal().getName()).toList());
        return true;
      } catch (InvalidTlsMaterialException e) {
        failures.incrementAndGet();
        failing = true;
        LOG.error(
            "TLS client CA bundle changed but cannot be used; still trusting the previous one", e);
        return false;
      }
    }
  }

  private Generation load(List<FileStamps.Stamp> stamps) {
    List<X509Certificate> anchors = new ArrayList<>();
    for (Path bundle : bundles) {
      anchors.addAll(PemFiles.certificates(bundle, "server.tls.client_ca (--tls-client-ca)"));
    }
    try {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int index = 0;
      for (X509Certificate ca : anchors) {
        trust.setCertificateEntry("client-ca-" + index++, ca);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return new Generation(x509, List.copyOf(anchors), stamps);
        }
      }
      throw new InvalidTlsMaterialException("no X.509 trust manager in this JVM");
    } catch (GeneralSecurityException | IOException e) {
      throw new InvalidTlsMaterialException(
          "server.tls.client_ca (--tls-client-ca): cannot build a trust store from "
              + bundles
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private record Generation(
      X509TrustManager trustManager,
      List<X509Certificate> anchors,
      List<FileStamps.Stamp> stamps) {}
}
