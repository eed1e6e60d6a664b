package io.netweave.o2ims.client.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads PEM certificates and PKCS#8 keys into in-memory key stores, with the JDK alone. */
public final class KeyMaterial {
  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  private KeyMaterial() {}

  /** Every certificate in the PEM text, in order. */
  public static List<X509Certificate> certificates(String pem) {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> result = new ArrayList<>();
      for (Certificate c :
          factory.generateCertificates(
              new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        result.add((X509Certificate) c);
      }
      if (result.isEmpty()) {
        throw new IllegalArgumentException("no certificate in the PEM text");
      }
      return List.copyOf(result);
    } catch (CertificateException e) {
      throw new IllegalArgumentException("cannot read the PEM certificates: " + e, e);
    }
  }

  /** The PKCS#8 private key ({@code BEGIN PRIVATE KEY}), RSA or EC. */
  public static PrivateKey privateKey(String pem) {
    Matcher m = PRIVATE_KEY.matcher(pem);
    if (!m.find()) {
      throw new IllegalArgumentException(
          "expected a PKCS#8 '-----BEGIN PRIVATE KEY-----' block (convert PKCS#1 keys with"
              + " 'openssl pkcs8 -topk8 -nocrypt')");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    IllegalArgumentException failure =
        new IllegalArgumentException("the private key is not an RSA, EC or Ed25519 PKCS#8 key");
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        failure.addSuppressed(e);
      }
    }
    throw failure;
  }

  /** A key store holding one key entry. */
  public static KeyStore keyStore(PrivateKey key, List<X509Certificate> chain, char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("client", key, password, chain.toArray(new Certificate[0]));
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("the key does not fit the certificate chain: " + e, e);
    }
  }

  /** A trust store holding these certificates. */
  public static KeyStore trustStore(List<X509Certificate> certificates) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      int i = 0;
      for (X509Certificate c : certificates) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot build an in-memory trust store: " + e, e);
    }
  }
}
