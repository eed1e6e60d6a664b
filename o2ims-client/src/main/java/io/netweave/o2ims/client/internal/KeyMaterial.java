package io.netweave.o2ims.client.internal;

import io.netweave.o2ims.model.Pem;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Pattern;

/** Reads PEM certificates and keys into in-memory key stores, with the JDK alone. */
public final class KeyMaterial {
  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  private KeyMaterial() {}

  /**
   * Every certificate in the PEM text, in order (the model's {@link Pem} parser, shared with the
   * server).
   *
   * @throws IllegalArgumentException when there is none or one cannot be read
   */
  public static List<X509Certificate> certificates(String pem) {
    return Pem.certificates(pem);
  }

  /**
   * The unencrypted private key of the PEM text: PKCS#8, PKCS#1 RSA or SEC1 EC.
   *
   * @throws IllegalArgumentException when there is not exactly one, or it is encrypted
   */
  public static PrivateKey privateKey(String pem) {
    return Pem.privateKey(pem);
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
