package io.netweave.o2ims.server.internal.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads certificates and unencrypted PKCS#8 private keys from PEM files. Stateless and thread-safe.
 * Every failure is an {@link InvalidTlsMaterialException} naming the file and what to change.
 */
final class PemFiles {
  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----", Pattern.MULTILINE);
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

  private PemFiles() {}

  /** The certificates of a PEM file (a chain or a CA bundle), in file order; at least one. */
  static List<X509Certificate> certificates(Path file) {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks(file, "CERTIFICATE")) {
        certificates.add(
            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (CertificateException e) {
      throw new InvalidTlsMaterialException(file + ": not a valid X.509 certificate", e);
    }
    if (certificates.isEmpty()) {
      throw new InvalidTlsMaterialException(file + ": no 'BEGIN CERTIFICATE' block found");
    }
    return List.copyOf(certificates);
  }

  /** The private key of a PEM file holding one unencrypted PKCS#8 ({@code PRIVATE KEY}) block. */
  static PrivateKey privateKey(Path file) {
    List<byte[]> keys = blocks(file, "PRIVATE KEY");
    if (keys.size() != 1) {
      throw new InvalidTlsMaterialException(
          file
              + ": expected exactly one unencrypted PKCS#8 'BEGIN PRIVATE KEY' block (convert with"
              + " 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8')");
    }
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(keys.get(0));
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // not this algorithm: try the next one
      }
    }
    throw new InvalidTlsMaterialException(file + ": private key is not RSA, EC or EdDSA");
  }

  private static List<byte[]> blocks(Path file, String type) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new InvalidTlsMaterialException(file + ": cannot be read", new UncheckedIOException(e));
    }
    List<byte[]> blocks = new ArrayList<>();
    Matcher matcher = BLOCK.matcher(text);
    while (matcher.find()) {
      if (matcher.group(1).equals(type)) {
        blocks.add(Base64.getMimeDecoder().decode(matcher.group(2)));
      }
    }
    return blocks;
  }
}
