package io.netweave.o2ims.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class NameBasedUuidTest {
  private static final UUID DNS = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

  @Test
  void matchesTheRfcTestVectors() {
    assertThat(NameBasedUuid.v5(DNS, "www.example.com"))
        .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
    assertThat(NameBasedUuid.v5(DNS, "python.org"))
        .isEqualTo(UUID.fromString("886313e1-3b8a-5372-9b90-0c9aee199e5d"));
  }

  @Test
  void isVersionFiveAndStable() {
    UUID a = NameBasedUuid.v5(DNS, "node/a");
    assertThat(a.version()).isEqualTo(5);
    assertThat(a.variant()).isEqualTo(2);
    assertThat(NameBasedUuid.v5(DNS, "node/a")).isEqualTo(a);
    assertThat(NameBasedUuid.v5(DNS, "node/b")).isNotEqualTo(a);
  }
}
