package io.netweave.o2ims.server.internal.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test certificates made at test time with Bouncy Castle: a CA that issues server and clients. */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

  /** A key pair and its certificate (signed by {@code issuer}, or self-signed for a CA). */
  public record Issued(KeyPair keyPair, X509Certificate certificate, X509Certificate issuer) {}

  private final Issued ca;

  private TestPki(Issued ca) {
    this.ca = ca;
  }

  /** A new CA with the given common name. */
  public static TestPki newCa(String commonName) {
    KeyPair keys = ecKeys();
    X500Principal subject = new X500Principal("CN=" + commonName + ",O=netweave-test");
    X509Certificate cert = sign(subject, keys, subject, keys, true, false);
    return new TestPki(new Issued(keys, cert, cert));
  }

  public X509Certificate caCertificate() {
    return ca.certificate();
  }

  /** A server certificate for localhost and 127.0.0.1. */
  public Issued server(String commonName) {
    return server(commonName, ecKeys());
  }

  /** A server certificate for localhost and 127.0.0.1 on the given key pair (RSA, say). */
  public Issued server(String commonName, KeyPair keys) {
    X509Certificate cert =
        sign(
            new X500Principal("CN=" + commonName + ",O=netweave-test"),
            keys,
            ca.certificate().getSubjectX500Principal(),
            ca.keyPair(),
            false,
            true);
    return new Issued(keys, cert, ca.certificate());
  }

  /** A client certificate with the given subject DN. */
  public Issued client(String subjectDn) {
    KeyPair keys = ecKeys();
    X509Certificate cert =
        sign(
            new X500Principal(subjectDn),
            keys,
            ca.certificate().getSubjectX500Principal(),
            ca.keyPair(),
            false,
            false);
    return new Issued(keys, cert, ca.certificate());
  }

  /** Writes the chain (leaf then CA) to {@code cert} and the PKCS#8 key to {@code key}. */
  public static void writePem(Issued issued, Path cert, Path key) {
    try {
      Files.writeString(cert, pem(issued.certificate()) + pem(issued.issuer()));
      Files.writeString(
          key,
          pem(
              new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(
                      issued.keyPair().getPrivate(), null)
                  .generate()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the CA certificate as a PEM bundle. */
  public void writeCaBundle(Path file) {
    try {
      Files.writeString(file, pem(ca.certificate()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the certificates of several CAs as one PEM bundle. */
  public static void writeCaBundle(Path file, TestPki... cas) {
    try {
      StringBuilder bundle = new StringBuilder();
      for (TestPki ca : cas) {
        bundle.append(pem(ca.caCertificate()));
      }
      Files.writeString(file, bundle);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client SSL context trusting this CA, presenting {@code client} when non-null. */
  public SSLContext clientContext(Issued client) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", ca.certificate());
      TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
      tmf.init(trust);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      if (client != null) {
        keys.setKeyEntry(
            "client",
            client.keyPair().getPrivate(),
            "x".toCharArray(),
            new X509Certificate[] {client.certificate(), client.issuer()});
      }
      kmf.init(keys, "x".toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes a PKCS#12 store holding {@code issued} with the given password. */
  public static void writePkcs12(Issued issued, Path file, String password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "server",
          issued.keyPair().getPrivate(),
          password.toCharArray(),
          new X509Certificate[] {issued.certificate(), issued.issuer()});
      try (var out = Files.newOutputStream(file)) {
        store.store(out, password.toCharArray());
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String pem(Object object) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    }
    return out.toString();
  }

  private static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(
      X500Principal subject,
      KeyPair subjectKeys,
      X500Principal issuer,
      KeyPair issuerKeys,
      boolean ca,
      boolean server) {
    Instant now = Instant.now();
    try {
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(2))),
              subject,
              subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ca) {
        builder.addExtension(
            Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      }
      if (server) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(
                new GeneralName[] {
                  new GeneralName(GeneralName.dNSName, "localhost"),
                  new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                }));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }
}
