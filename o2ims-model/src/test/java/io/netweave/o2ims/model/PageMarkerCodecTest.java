package io.netweave.o2ims.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageMarkerCodecTest {
  private static final byte[] SECRET =
      "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
  private final PageMarkerCodec codec = new PageMarkerCodec(SECRET);

  @Test
  void markerRoundTripsForTheSameQuery() {
    String marker = codec.encode("6f1a3c9e-0b4d-4c57-9a3e-1c2d3e4f5a6b", "(eq,name,'a')");
    assertThat(marker).matches("[A-Za-z0-9_-]+");
    assertThat(codec.decode(marker, "(eq,name,'a')"))
        .isEqualTo("6f1a3c9e-0b4d-4c57-9a3e-1c2d3e4f5a6b");
  }

  @Test
  void keysWithAnyCharactersRoundTrip() {
    for (String key : new String[] {"", "ü/ß;,()'\"", "a".repeat(2000)}) {
      assertThat(codec.decode(codec.encode(key, ""), "")).isEqualTo(key);
    }
  }

  @Test
  void anotherReplicaWithTheSameSecretReadsTheMarker() {
    String marker = codec.encode("k", "q");
    assertThat(new PageMarkerCodec(SECRET.clone()).decode(marker, "q")).isEqualTo("k");
  }

  @Test
  void theKeyIdIsEqualForEqualSecretsOnlyAndDoesNotShowTheSecret() {
    String id = codec.keyId();
    assertThat(id).matches("[0-9a-f]{16}");
    assertThat(new PageMarkerCodec(SECRET.clone()).keyId()).isEqualTo(id);
    assertThat(new PageMarkerCodec("other".getBytes(StandardCharsets.UTF_8)).keyId())
        .isNotEqualTo(id);
    assertThat(new String(SECRET, StandardCharsets.UTF_8)).doesNotContain(id);
  }

  @Test
  void markerReusedWithAnotherQueryIsRejected() {
    String marker = codec.encode("k", "(eq,name,'a')");
    assertThatThrownBy(() -> codec.decode(marker, "(eq,name,'b')"))
        .isInstanceOfSatisfying(
            InvalidQueryException.class,
            e -> {
              assertThat(e.parameter()).isEqualTo("nextpage_opaque_marker");
              assertThat(e.getMessage()).contains("different query");
            });
  }

  @Test
  void markerFromAnotherSecretIsRejectedNamingTheSharedSecretAsWellAsTampering() {
    // What a client following a Link gets from a replica that does not share the key (or after a
    // restart without one): the problem must say so, not only "altered".
    String marker = new PageMarkerCodec("other".getBytes(StandardCharsets.UTF_8)).encode("k", "q");
    assertThatThrownBy(() -> codec.decode(marker, "q"))
        .isInstanceOfSatisfying(
            InvalidQueryException.class,
            e -> {
              assertThat(e.parameter()).isEqualTo("nextpage_opaque_marker");
              assertThat(e.getMessage())
                  .contains("altered", "server.page_marker_secret", "restart from the first page");
            });
  }

  @Test
  void everySingleBitFlipIsDetected() {
    String marker = codec.encode("resource-0042", "q");
    byte[] bytes = Base64.getUrlDecoder().decode(marker);
    for (int i = 0; i < bytes.length * 8; i++) {
      byte[] copy = bytes.clone();
      copy[i / 8] ^= (byte) (1 << (i % 8));
      String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(copy);
      assertThatThrownBy(() -> codec.decode(tampered, "q"))
          .isInstanceOf(InvalidQueryException.class);
    }
  }

  @Test
  void truncatedMarkersAreRejected() {
    String marker = codec.encode("resource-0042", "q");
    for (int length = 0; length < marker.length(); length++) {
      String truncated = marker.substring(0, length);
      assertThatThrownBy(() -> codec.decode(truncated, "q"))
          .isInstanceOf(InvalidQueryException.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "!!!!", "a", "abc=", "====", "%2F%2F", "AAAA", "\u0000", "ab cd"})
  void garbageMarkersAreRejected(String marker) {
    assertThatThrownBy(() -> codec.decode(marker, "q"))
        .isInstanceOfSatisfying(
            InvalidQueryException.class,
            e -> assertThat(e.parameter()).isEqualTo("nextpage_opaque_marker"));
  }

  @Test
  void nullAndOverlongMarkersAreRejected() {
    assertThatThrownBy(() -> codec.decode(null, "q")).isInstanceOf(InvalidQueryException.class);
    assertThatThrownBy(() -> codec.decode("A".repeat(100_000), "q"))
        .isInstanceOf(InvalidQueryException.class);
  }

  @Test
  void emptySecretIsRefused() {
    assertThatThrownBy(() -> new PageMarkerCodec(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
