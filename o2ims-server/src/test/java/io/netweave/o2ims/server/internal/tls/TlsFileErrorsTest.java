package io.netweave.o2ims.server.internal.tls;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threeten.extra.MutableClock;

/**
 * A TLS file that cannot be used stops the start with a message naming the configuration key (and
 * flag) that pointed to it as well as the path, as other configuration errors name their key: an
 * operator with a certificate, a key and a CA bundle side by side sees which setting to fix.
 */
class TlsFileErrorsTest {
  @TempDir Path dir;
  private final MutableClock clock =
      MutableClock.of(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private TestPki pki;
  private Path cert;
  private Path key;

  @BeforeEach
  void pki() {
    pki = TestPki.newCa("netweave test CA");
    cert = dir.resolve("server.crt");
    key = dir.resolve("server.key");
    TestPki.writePem(pki.server("server-one"), cert, key);
  }

  private void start(KeyMaterial material, ClientAuth auth, List<Path> cas) {
    new ServerTls(TlsSettings.defaults(material, auth, cas), clock);
  }

  @Test
  void aMissingKeyFileNamesServerTlsKeyFile() {
    Path missing = dir.resolve("missing.key");
    assertThatThrownBy(() -> start(new KeyMaterial.Pem(cert, missing), ClientAuth.NONE, List.of()))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessage(
            "server.tls.key_file (--tls-key) " + missing + ": cannot be read (no such file)");
  }

  @Test
  void aMalformedCertificateNamesServerTlsCertFile() throws Exception {
    Files.writeString(cert, "not a certificate\n");
    assertThatThrownBy(() -> start(new KeyMaterial.Pem(cert, key), ClientAuth.NONE, List.of()))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessageStartingWith("server.tls.cert_file (--tls-cert) " + cert + ": ");
  }

  @Test
  void aDirectoryGivenAsTheCertificateNamesServerTlsCertFile() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("certs"));
    assertThatThrownBy(() -> start(new KeyMaterial.Pem(folder, key), ClientAuth.NONE, List.of()))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessageStartingWith(
            "server.tls.cert_file (--tls-cert) " + folder + ": cannot be read (");
  }

  @Test
  void aKeyOfAnotherCertificateNamesBothKeys() {
    TestPki.writePem(pki.server("other"), dir.resolve("other.crt"), key);
    assertThatThrownBy(() -> start(new KeyMaterial.Pem(cert, key), ClientAuth.NONE, List.of()))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessage(
            "server.tls.key_file (--tls-key) "
                + key
                + " is not the private key of the first certificate in"
                + " server.tls.cert_file (--tls-cert) "
                + cert);
  }

  @Test
  void aKeystoreWithAnotherPasswordNamesServerTlsPkcs12FileAndItsPassword() {
    Path p12 = dir.resolve("server.p12");
    TestPki.writePkcs12(pki.server("from-p12"), p12, "changeit");
    assertThatThrownBy(
            () -> start(new KeyMaterial.Pkcs12(p12, "wrong"), ClientAuth.NONE, List.of()))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessage(
            "server.tls.pkcs12_file "
                + p12
                + ": cannot be read as PKCS#12 with the configured password"
                + " (server.tls.pkcs12_password)");
  }

  @Test
  void aMissingKeystoreNamesServerTlsPkcs12File() {
    Path p12 = dir.resolve("missing.p12");
    assertThatThrownBy(
            () -> start(new KeyMaterial.Pkcs12(p12, "changeit"), ClientAuth.NONE, List.of()))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessage("server.tls.pkcs12_file " + p12 + ": cannot be read (no such file)");
  }

  @Test
  void aMalformedClientCaBundleNamesServerTlsClientCa() throws Exception {
    Path ca = dir.resolve("client-ca.pem");
    Files.writeString(ca, "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
    assertThatThrownBy(
            () -> start(new KeyMaterial.Pem(cert, key), ClientAuth.REQUIRED, List.of(ca)))
        .isInstanceOf(InvalidTlsMaterialException.class)
        .hasMessageStartingWith("server.tls.client_ca (--tls-client-ca) " + ca + ": ");
  }
}
