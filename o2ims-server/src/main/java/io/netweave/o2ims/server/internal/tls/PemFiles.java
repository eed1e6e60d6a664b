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
 * failure is an {@link InvalidTlsMaterialException} naming the configuration key that pointed to
 * the file, the file, and what to change.
 */
final class PemFiles {
  private PemFiles() {}

  /**
   * The certificates of a PEM file (a chain or a CA bundle), in file order; at least one.
   *
   * @param key the configuration key (and flag) that names the file, for messages
   */
  static List<X509Certificate> certificates(Path file, String key) {
    try {
      return Pem.certificates(read(file, key));
    } catch (IllegalArgumentException e) {
      throw new InvalidTlsMaterialException(named(file, key) + ": " + e.getMessage(), e);
    }
  }

  /**
   * The one unencrypted private key of a PEM file.
   *
   * @param key the configuration key (and flag) that names the file, for messages
   */
  static PrivateKey privateKey(Path file, String key) {
    try {
      return Pem.privateKey(read(file, key));
    } catch (IllegalArgumentException e) {
      throw new InvalidTlsMaterialException(named(file, key) + ": " + e.getMessage(), e);
    }
  }

  /** How messages name a file: the key that pointed to it, then its path. */
  static String named(Path file, String key) {
    return key + " " + file;
  }

  private static String read(Path file, String key) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new InvalidTlsMaterialException(
          named(file, key) + ": cannot be read (" + why(e) + ")", new UncheckedIOException(e));
    }
  }

  /** Why a file cannot be read, in a few words (no such file, access denied, a directory...). */
  static String why(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
