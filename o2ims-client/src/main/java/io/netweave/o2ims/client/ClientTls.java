package io.netweave.o2ims.client;

import io.netweave.o2ims.client.internal.KeyMaterial;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS settings of a client: which server certificates are trusted (the JDK's default trust store
 * unless custom CA certificates are given) and, for mTLS, the client's own certificate and key. Key
 * material is read from PEM text (an X.509 certificate chain and an unencrypted private key: PKCS#8
 * {@code BEGIN PRIVATE KEY}, PKCS#1 {@code BEGIN RSA PRIVATE KEY} or SEC1 {@code BEGIN EC PRIVATE
 * KEY}; the server reads its PEM files with the same parser) or from PKCS#12 bytes. Immutable and
 * thread-safe once built.
 *
 * <pre>{@code
 * ClientTls tls = ClientTls.builder()
 *     .trustPem(Files.readString(Path.of("ca.pem")))
 *     .keyPem(Files.readString(Path.of("client.pem")), Files.readString(Path.of("client.key")))
 *     .build();
 * }</pre>
 */
public final class ClientTls {
  private final SSLSocketFactory socketFactory;
  private final X509TrustManager trustManager;

  private ClientTls(SSLSocketFactory socketFactory, X509TrustManager trustManager) {
    this.socketFactory = socketFactory;
    this.trustManager = trustManager;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The socket factory presenting the client certificate (if any). */
  public SSLSocketFactory socketFactory() {
    return socketFactory;
  }

  /** The trust manager checking server certificates. */
  public X509TrustManager trustManager() {
    return trustManager;
  }

  /** Collects TLS material; each kind may be set once. Not thread-safe. */
  public static final class Builder {
    private List<X509Certificate> trusted;
    private KeyStore keyStore;
    private char[] keyPassword;

    private Builder() {}

    /**
     * Trusts exactly the CA certificates in this PEM text (instead of the JDK's defaults).
     *
     * @throws IllegalArgumentException if the text holds no certificate
     * @throws IllegalStateException if trusted certificates were already set
     */
    public Builder trustPem(String caCertificatesPem) {
      if (trusted != null) {
        throw new IllegalStateException("trusted certificates are already set; give them once");
      }
      trusted = KeyMaterial.certificates(caCertificatesPem);
      return this;
    }

    /**
     * Presents this client certificate chain and private key (mTLS); the key may be PKCS#8, PKCS#1
     * RSA or SEC1 EC.
     *
     * @throws IllegalArgumentException if the PEM text cannot be read
     * @throws IllegalStateException if a client key was already set
     */
    public Builder keyPem(String certificateChainPem, String privateKeyPem) {
      requireNoKey();
      List<X509Certificate> chain = KeyMaterial.certificates(certificateChainPem);
      PrivateKey key = KeyMaterial.privateKey(privateKeyPem);
      keyPassword = new char[0];
      keyStore = KeyMaterial.keyStore(key, chain, keyPassword);
      return this;
    }

    /**
     * Presents the client key and certificate of a PKCS#12 file (mTLS).
     *
     * @throws IllegalArgumentException if the bytes are not PKCS#12 or the password is wrong
     * @throws IllegalStateException if a client key was already set
     */
    public Builder pkcs12(byte[] pkcs12, char[] password) {
      requireNoKey();
      try {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(pkcs12), password);
        keyStore = store;
        keyPassword = password.clone();
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalArgumentException("cannot read the PKCS#12 key material: " + e, e);
      }
      return this;
    }

    private void requireNoKey() {
      if (keyStore != null) {
        throw new IllegalStateException("a client key is already set; give PEM or PKCS#12 once");
      }
    }

    /**
     * @throws IllegalStateException if the JDK cannot build a TLS context from the material
     */
    public ClientTls build() {
      try {
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (trusted == null) {
          tmf.init((KeyStore) null);
        } else {
          tmf.init(KeyMaterial.trustStore(trusted));
        }
        X509TrustManager trustManager = null;
        List<TrustManager> all = new ArrayList<>(List.of(tmf.getTrustManagers()));
        for (TrustManager tm : all) {
          if (tm instanceof X509TrustManager x509) {
            trustManager = x509;
          }
        }
        Objects.requireNonNull(trustManager, "the JDK offers no X509TrustManager");
        KeyManagerFactory kmf = null;
        if (keyStore != null) {
          kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
          kmf.init(keyStore, keyPassword);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(
            kmf == null ? null : kmf.getKeyManagers(), new TrustManager[] {trustManager}, null);
        return new ClientTls(context.getSocketFactory(), trustManager);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot build the TLS context: " + e, e);
      }
    }
  }
}
