package io.netweave.o2ims.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM text with the JDK alone: certificates, and unencrypted private keys in the three forms
 * OpenSSL writes: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY})
 * and SEC1 EC ({@code BEGIN EC PRIVATE KEY}, the curve named in the key). The one PEM parser of the
 * server's TLS and the client SDK. Stateless and thread-safe; every failure is an {@link
 * IllegalArgumentException} that says what to change.
 */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s:,-]*?)-----END \\1-----", Pattern.DOTALL);
  private static final List<String> KEY_TYPES =
      List.of("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY");

  /** DER of the rsaEncryption algorithm identifier: SEQUENCE { OID 1.2.840.113549.1.1.1, NULL }. */
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  /** DER of the id-ecPublicKey OID 1.2.840.10045.2.1. */
  private static final byte[] EC_PUBLIC_KEY = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  private Pem() {}

  /**
   * Every certificate of the PEM text (a chain or a CA bundle), in order; at least one.
   *
   * @throws IllegalArgumentException when there is none or one cannot be read
   */
  public static List<X509Certificate> certificates(String pem) {
    List<X509Certificate> certificates = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks(pem, List.of("CERTIFICATE"))) {
        for (Certificate c : factory.generateCertificates(new ByteArrayInputStream(der))) {
          certificates.add((X509Certificate) c);
        }
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not a valid X.509 certificate: " + e.getMessage(), e);
    }
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no 'BEGIN CERTIFICATE' block found");
    }
    return List.copyOf(certificates);
  }

  /**
   * The one unencrypted private key of the PEM text: PKCS#8 (RSA, EC, Ed25519, Ed448), PKCS#1 RSA
   * or SEC1 EC.
   *
   * @throws IllegalArgumentException when there is not exactly one such key, or it is encrypted
   */
  public static PrivateKey privateKey(String pem) {
    if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY") || pem.contains("Proc-Type: 4,ENCRYPTED")) {
      throw new IllegalArgumentException(
          "the private key is encrypted: decrypt it first ('openssl pkey -in KEY -out KEY.pem')");
    }
    List<Block> keys = typedBlocks(pem, KEY_TYPES);
    if (keys.size() != 1) {
      throw new IllegalArgumentException(
          "expected exactly one unencrypted private key block ('BEGIN PRIVATE KEY', 'BEGIN RSA"
              + " PRIVATE KEY' or 'BEGIN EC PRIVATE KEY'), found "
              + keys.size());
    }
    Block key = keys.get(0);
    return switch (key.type()) {
      case "RSA PRIVATE KEY" -> generate(pkcs8(RSA_ALGORITHM, key.der()), List.of("RSA"));
      case "EC PRIVATE KEY" -> generate(pkcs8(ecAlgorithm(key.der()), key.der()), List.of("EC"));
      default -> generate(key.der(), List.of("RSA", "EC", "Ed25519", "Ed448"));
    };
  }

  private static PrivateKey generate(byte[] pkcs8, List<String> algorithms) {
    IllegalArgumentException failure =
        new IllegalArgumentException("the private key is not an RSA, EC or EdDSA key");
    for (String algorithm : algorithms) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      } catch (GeneralSecurityException e) {
        failure.addSuppressed(e);
      }
    }
    throw failure;
  }

  /**
   * The algorithm identifier of a SEC1 key: id-ecPublicKey with the curve OID of the key's {@code
   * [0] parameters} (ECPrivateKey ::= SEQUENCE { version, privateKey OCTET STRING, [0] params, [1]
   * publicKey }).
   */
  private static byte[] ecAlgorithm(byte[] sec1) {
    Der sequence = Der.read(sec1, 0);
    int offset = sequence.contentStart();
    while (offset < sequence.end()) {
      Der element = Der.read(sec1, offset);
      if ((sec1[offset] & 0xff) == 0xa0) {
        Der curve = Der.read(sec1, element.contentStart());
        byte[] curveOid = Arrays.copyOfRange(sec1, element.contentStart(), curve.end());
        return Der.sequence(concat(EC_PUBLIC_KEY, curveOid));
      }
      offset = element.end();
    }
    throw new IllegalArgumentException(
        "the EC private key names no curve: convert it with 'openssl pkcs8 -topk8 -nocrypt'");
  }

  /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING key }. */
  private static byte[] pkcs8(byte[] algorithm, byte[] key) {
    return Der.sequence(concat(new byte[] {0x02, 0x01, 0x00}, algorithm, Der.octetString(key)));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private record Block(String type, byte[] der) {}

  private static List<byte[]> blocks(String pem, List<String> types) {
    return typedBlocks(pem, types).stream().map(Block::der).toList();
  }

  private static List<Block> typedBlocks(String pem, List<String> types) {
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      if (types.contains(m.group(1))) {
        try {
          blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2).strip())));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("a 'BEGIN " + m.group(1) + "' block is not base64", e);
        }
      }
    }
    return blocks;
  }

  /** The header of one DER element: where its content starts and where it ends. */
  private record Der(int contentStart, int end) {
    static Der read(byte[] der, int offset) {
      if (offset + 2 > der.length) {
        throw new IllegalArgumentException("truncated DER in the private key");
      }
      int first = der[offset + 1] & 0xff;
      int length;
      int start;
      if (first < 0x80) {
        length = first;
        start = offset + 2;
      } else {
        int bytes = first & 0x7f;
        if (bytes == 0 || bytes > 3 || offset + 2 + bytes > der.length) {
          throw new IllegalArgumentException("unsupported DER length in the private key");
        }
        length = 0;
        for (int i = 0; i < bytes; i++) {
          length = (length << 8) | (der[offset + 2 + i] & 0xff);
        }
        start = offset + 2 + bytes;
      }
      if (start + length > der.length) {
        throw new IllegalArgumentException("truncated DER in the private key");
      }
      return new Der(start, start + length);
    }

    static byte[] sequence(byte[] content) {
      return tagged(0x30, content);
    }

    static byte[] octetString(byte[] content) {
      return tagged(0x04, content);
    }

    private static byte[] tagged(int tag, byte[] content) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(tag);
      int n = content.length;
      if (n < 0x80) {
        out.write(n);
      } else if (n < 0x100) {
        out.write(0x81);
        out.write(n);
      } else if (n < 0x10000) {
        out.write(0x82);
        out.write(n >> 8);
        out.write(n);
      } else {
        out.write(0x83);
        out.write(n >> 16);
        out.write(n >> 8);
        out.write(n);
      }
      out.writeBytes(content);
      return out.toByteArray();
    }
  }
}
