package io.netweave.o2ims.server.internal.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Where the listener's certificate chain and private key come from. Values; {@link #load()} reads
 * the files each time it is called and throws {@link InvalidTlsMaterialException} when they cannot
 * be used.
 */
public sealed interface KeyMaterial {
  /** How messages name the configuration keys (and flags) of the files below. */
  String CERT_FILE = "server.tls.cert_file (--tls-cert)";

  String KEY_FILE = "server.tls.key_file (--tls-key)";
  String PKCS12_FILE = "server.tls.pkcs12_file";

  /** Loads the key and chain now. */
  Loaded load();

  /** The files whose change means the material must be loaded again. */
  List<Path> files();

  /** A key and its certificate chain (leaf first). */
  record Loaded(PrivateKey privateKey, List<X509Certificate> chain) {
    public Loaded {
      Objects.requireNonNull(privateKey, "privateKey");
      chain = List.copyOf(chain);
      if (chain.isEmpty()) {
        throw new InvalidTlsMaterialException("the certificate chain is empty");
      }
    }
  }

  /**
   * A PEM certificate chain (leaf first) and an unencrypted PEM private key (PKCS#8, PKCS#1, SEC1).
   */
  record Pem(Path certificateChain, Path privateKey) implements KeyMaterial {
    public Pem {
      Objects.requireNonNull(certificateChain, "certificateChain");
      Objects.requireNonNull(privateKey, "privateKey");
    }

    @Override
    public Loaded load() {
      Loaded loaded =
          new Loaded(
              PemFiles.privateKey(privateKey, KEY_FILE),
              PemFiles.certificates(certificateChain, CERT_FILE));
      if (!KeyPairs.match(loaded.privateKey(), loaded.chain().get(0).getPublicKey())) {
        throw new InvalidTlsMaterialException(
            PemFiles.named(privateKey, KEY_FILE)
                + " is not the private key of the first certificate in "
                + PemFiles.named(certificateChain, CERT_FILE));
      }
      return loaded;
    }

    @Override
    public List<Path> files() {
      return List.of(certificateChain, privateKey);
    }
  }

  /** A PKCS#12 keystore holding one private-key entry; the password protects store and key. */
  record Pkcs12(Path file, String password) implements KeyMaterial {
    public Pkcs12 {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public Loaded load() {
      char[] secret = password.toCharArray();
      try (InputStream in = Files.newInputStream(file)) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(in, secret);
        for (String alias : Collections.list(store.aliases())) {
          if (store.isKeyEntry(alias)) {
            Certificate[] chain = store.getCertificateChain(alias);
            return new Loaded(
                (PrivateKey) store.getKey(alias, secret),
                Arrays.stream(chain).map(X509Certificate.class::cast).toList());
          }
        }
        throw new InvalidTlsMaterialException(
            PemFiles.named(file, PKCS12_FILE) + ": no private-key entry in the keystore");
      } catch (java.nio.file.NoSuchFileException | java.nio.file.AccessDeniedException e) {
        throw new InvalidTlsMaterialException(
            PemFiles.named(file, PKCS12_FILE) + ": cannot be read (" + PemFiles.why(e) + ")", e);
      } catch (IOException | GeneralSecurityException e) {
        throw new InvalidTlsMaterialException(
            PemFiles.named(file, PKCS12_FILE)
                + ": cannot be read as PKCS#12 with the configured password"
                + " (server.tls.pkcs12_password)",
            e);
      } finally {
        Arrays.fill(secret, '\0');
      }
    }

    @Override
    public List<Path> files() {
      return List.of(file);
    }

    @Override
    public String toString() {
      return "Pkcs12[file=" + file + ", password=***]";
    }
  }
}
