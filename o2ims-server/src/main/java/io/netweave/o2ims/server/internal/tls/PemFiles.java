package io.netweave.o2ims.server.internal.tls;

import io.netweave.o2ims.model.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Reads certificates and unencrypted private keys (PKCS#8, PKCS#1 RSA, SEC1 EC) from PEM files with
 * the model's {@link Pem} parser, the one the client SDK uses too. Stateless and thread-safe. Every
 * failure is an {@link InvalidTlsMaterialException} naming the file and what to change.
 */
final class PemFiles {
  private PemFiles() {}

  /** The certificates of a PEM file (a chain or a CA bundle), in file order; at least one. */
  static List<X509Certificate> certificates(Path file) {
    try {
      return Pem.certificates(read(file));
    } catch (IllegalArgumentException e) {
      throw new InvalidTlsMaterialException(file + ": " + e.getMessage(), e);
    }
  }

  /** The one unencrypted private key of a PEM file. */
  static PrivateKey privateKey(Path file) {
    try {
      return Pem.privateKey(read(file));
    } catch (IllegalArgumentException e) {
      throw new InvalidTlsMaterialException(file + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new InvalidTlsMaterialException(file + ": cannot be read", new UncheckedIOException(e));
    }
  }
}
