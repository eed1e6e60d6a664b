package io.netweave.o2ims.server.internal.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackPolicyTest {
  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private final Map<String, List<InetAddress>> dns =
      Map.of(
          "smo.example", List.of(ip("203.0.113.10")),
          "internal.example", List.of(ip("10.1.2.3")),
          "sneaky.example", List.of(ip("203.0.113.11"), ip("169.254.169.254")),
          "mixed.example", List.of(ip("fd00:ec2::254")),
          "allowed.example", List.of(ip("192.168.1.5")));
  private final HostResolver resolver =
      host -> {
        List<InetAddress> found = dns.get(host);
        if (found == null) {
          throw new UnknownHostException(host);
        }
        return found;
      };
  private final CallbackPolicy strict = new CallbackPolicy(false, List.of(), resolver);

  @Test
  void publicHttpsCallbackIsAcceptedWithItsResolvedAddresses() {
    CallbackPolicy.Vetted v = strict.vet("https://smo.example/notify");
    assertThat(v.host()).isEqualTo("smo.example");
    assertThat(v.addresses()).containsExactly(ip("203.0.113.10"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not a url",
        "/relative/path",
        "ftp://smo.example/x",
        "https:///nohost",
        "mailto:a@b"
      })
  void nonHttpsUrlsAreRefused(String callback) {
    assertThatThrownBy(() -> strict.vet(callback)).isInstanceOf(CallbackRefusedException.class);
  }

  @Test
  void plainHttpIsRefusedUnlessAllowed() {
    assertThatThrownBy(() -> strict.vet("http://smo.example/"))
        .hasMessageContaining("must be an https URL");
    assertThat(new CallbackPolicy(true, List.of(), resolver).vet("http://smo.example/").host())
        .isEqualTo("smo.example");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://169.254.169.254/latest/meta-data",
        "https://[fe80::1]/",
        "https://[fd00:ec2::254]/",
        "https://mixed.example/",
        "https://metadata.google.internal/computeMetadata/v1/",
        "https://0.0.0.0/",
        "https://[::]/",
        "https://224.0.0.1/",
        "https://[ff02::1]/",
        "https://sneaky.example/",
        "https://[::ffff:169.254.169.254]/"
      })
  void linkLocalMulticastUnspecifiedAndMetadataAreAlwaysRefused(String callback) {
    CallbackPolicy permissive =
        new CallbackPolicy(
            true,
            List.of("169.254.0.0/16", "fe80::/10", "0.0.0.0/0", "metadata.google.internal"),
            resolver);
    assertThatThrownBy(() -> permissive.vet(callback)).isInstanceOf(CallbackRefusedException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://127.0.0.1/",
        "https://127.8.9.10/",
        "https://[::1]/",
        "https://10.0.0.1/",
        "https://172.16.5.4/",
        "https://172.31.255.255/",
        "https://192.168.0.1/",
        "https://[fc00::1]/",
        "https://[fd12:3456::1]/",
        "https://internal.example/",
        "https://[::ffff:127.0.0.1]/"
      })
  void loopbackAndPrivateAddressesAreRefusedByDefault(String callback) {
    assertThatThrownBy(() -> strict.vet(callback))
        .isInstanceOf(CallbackRefusedException.class)
        .hasMessageContaining("loopback or private");
  }

  @Test
  void theAllowListAdmitsLoopbackAndPrivateByCidrOrHostName() {
    CallbackPolicy allowing =
        new CallbackPolicy(false, List.of("127.0.0.1", "10.0.0.0/8", "allowed.example"), resolver);
    assertThat(allowing.vet("https://127.0.0.1:8443/cb").addresses())
        .containsExactly(ip("127.0.0.1"));
    assertThat(allowing.vet("https://internal.example/").addresses())
        .containsExactly(ip("10.1.2.3"));
    assertThat(allowing.vet("https://allowed.example/").addresses())
        .containsExactly(ip("192.168.1.5"));
    assertThatThrownBy(() -> allowing.vet("https://127.0.0.2/"))
        .isInstanceOf(CallbackRefusedException.class);
    assertThatThrownBy(() -> allowing.vet("https://172.16.0.1/"))
        .isInstanceOf(CallbackRefusedException.class);
  }

  /** The text's checks are cached per callback; the resolution and the address checks are not. */
  @Test
  void everyCallResolvesTheHostAgainAndRefusesWhatItRefusedBefore() {
    java.util.concurrent.atomic.AtomicReference<InetAddress> answer =
        new java.util.concurrent.atomic.AtomicReference<>(ip("203.0.113.10"));
    CallbackPolicy policy = new CallbackPolicy(false, List.of(), host -> List.of(answer.get()));
    assertThat(policy.vet("https://rebinding.example/cb").addresses())
        .containsExactly(ip("203.0.113.10"));
    answer.set(ip("10.0.0.1"));
    assertThatThrownBy(() -> policy.vet("https://rebinding.example/cb"))
        .hasMessageContaining("loopback or private");
    answer.set(ip("203.0.113.12"));
    assertThat(policy.vet("https://rebinding.example/cb").addresses())
        .containsExactly(ip("203.0.113.12"));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> policy.vet("https://127.0.0.1/cb"))
          .hasMessageContaining("loopback or private");
      assertThatThrownBy(() -> policy.vet("https://0x7f000001/cb"))
          .hasMessageContaining("non-canonical");
      assertThat(policy.vet("https://203.0.113.20/cb").addresses())
          .containsExactly(ip("203.0.113.20"));
    }
  }

  @Test
  void unresolvableHostsAndUserInfoAreRefused() {
    assertThatThrownBy(() -> strict.vet("https://nowhere.example/"))
        .hasMessageContaining("does not resolve");
    assertThatThrownBy(() -> strict.vet("https://user:pw@smo.example/"))
        .hasMessageContaining("user information");
  }

  @Test
  void badAllowListEntriesAreReportedAtConstruction() {
    assertThatThrownBy(() -> new CallbackPolicy(false, List.of("10.0.0.0/99"), resolver))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://100.64.0.1/n",
        "https://198.18.0.1/n",
        "https://[64:ff9b::7f00:1]/n",
        "https://[64:ff9b::a9fe:a9fe]/n",
        "https://[64:ff9b:1::a00:1]/n",
        "https://[2002:7f00:1::]/n",
        "https://[2002:c0a8:101::]/n",
        "https://[::10.0.0.1]/n",
        "https://0x7f000001/n",
        "https://017700000001/n",
        "https://2130706433/n",
        "https://127.1/n",
        "https://0177.0.0.1/n",
        "https://0x7f.0.0.1/n"
      })
  void sharedBenchmarkTranslatedAndNumericallySpelledAddressesAreRefused(String callback) {
    assertThatThrownBy(() -> strict.vetAtCreate(callback))
        .isInstanceOf(CallbackRefusedException.class);
  }

  @Test
  void theAllowListStillWinsForEmbeddedAndSharedAddresses() {
    CallbackPolicy allowing =
        new CallbackPolicy(false, List.of("100.64.0.0/10", "127.0.0.0/8"), resolver);
    assertThat(allowing.vet("https://100.64.0.1/n").addresses()).containsExactly(ip("100.64.0.1"));
    assertThat(allowing.vet("https://[64:ff9b::7f00:1]/n").addresses()).hasSize(1);
  }

  @Test
  void translatedPublicAddressesAndCanonicalQuadsPass() {
    assertThat(strict.vet("https://[64:ff9b::cb00:710a]/n").addresses()).hasSize(1);
    assertThat(strict.vet("https://203.0.113.10/n").addresses())
        .containsExactly(ip("203.0.113.10"));
  }

  /**
   * URLs that java.net.URI reads but the sender could never send to were accepted at create; every
   * delivery then threw and the queue was retried at every poll, forever. Refused at create and at
   * each delivery, whatever the resolver answers.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://smo.example:0/n",
        "https://smo.example:65536/n",
        "https://smo.example:2147483647/n",
        "https://smo.example/n\uD800",
        "https://smo.example/\uDC00n",
        "https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example/n"
      })
  void urlsTheSenderCannotSendToAreRefusedAtCreateAndAtDelivery(String callback) {
    CallbackPolicy anyHost =
        new CallbackPolicy(true, List.of("203.0.113.0/24"), host -> List.of(ip("203.0.113.10")));
    assertThatThrownBy(() -> anyHost.vetAtCreate(callback))
        .isInstanceOf(CallbackRefusedException.class)
        .hasMessageStartingWith("callback");
    assertThatThrownBy(() -> anyHost.vet(callback)).isInstanceOf(CallbackRefusedException.class);
  }

  @Test
  void theRefusalsOfUnsendableUrlsSayWhatIsWrong() {
    assertThatThrownBy(() -> strict.vetAtCreate("https://smo.example:65536/n"))
        .hasMessage("callback port 65536 is not a TCP port (1 to 65535)");
    assertThatThrownBy(() -> strict.vetAtCreate("https://smo.example/\uD800"))
        .hasMessage("callback is not valid Unicode: an unpaired surrogate (\\uD800) at index 20");
    assertThatThrownBy(() -> strict.vetAtCreate("https://" + "a".repeat(64) + ".example/"))
        .hasMessageStartingWith("callback cannot be sent to: Invalid URL host");
    // a paired surrogate (an emoji in the path) and the highest port are fine
    assertThat(strict.vet("https://smo.example:65535/\uD83D\uDE00").addresses())
        .containsExactly(ip("203.0.113.10"));
  }

  /**
   * A callback was bounded only by the 1 MiB request body: a 100 KB one was accepted and sent in
   * the request line of every notification. Past 2,048 characters ({@code MAX_LENGTH}) it is
   * refused at create and at each delivery (a stored one from an older build), naming the limit.
   */
  @Test
  void aCallbackLongerThanTheLimitIsRefusedAtCreateAndAtDeliveryNamingTheLimit() {
    String prefix = "https://smo.example/n/";
    String longest = prefix + "a".repeat(2048 - prefix.length());
    assertThat(longest).hasSize(2048);
    assertThat(strict.vetAtCreate(longest).addresses()).containsExactly(ip("203.0.113.10"));
    assertThat(strict.vet(longest).addresses()).containsExactly(ip("203.0.113.10"));
    for (String tooLong : List.of(longest + "a", prefix + "a".repeat(100_000))) {
      assertThatThrownBy(() -> strict.vetAtCreate(tooLong))
          .isInstanceOf(CallbackRefusedException.class)
          .hasMessage(
              "callback is " + tooLong.length() + " characters long; the longest accepted is 2048");
      assertThatThrownBy(() -> strict.vet(tooLong)).isInstanceOf(CallbackRefusedException.class);
    }
  }
}
