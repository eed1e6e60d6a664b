package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {

  @Test
  void ipv4BlocksContainTheirAddressesOnly() throws Exception {
    Cidr block = Cidr.parse("10.1.0.0/17");
    assertThat(block.contains(InetAddress.getByName("10.1.127.255"))).isTrue();
    assertThat(block.contains(InetAddress.getByName("10.1.128.0"))).isFalse();
    assertThat(block.contains(InetAddress.getByName("::1"))).isFalse();
  }

  @Test
  void bareAddressIsASingleHostAndIpv6Works() throws Exception {
    assertThat(Cidr.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.2"))).isFalse();
    assertThat(Cidr.parse("fd00::/8").contains(InetAddress.getByName("fd12::1"))).isTrue();
  }

  @Test
  void hostNamesAndBadPrefixesAreRejected() {
    assertThatThrownBy(() -> Cidr.parse("proxy.example.com"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).isInstanceOf(IllegalArgumentException.class);
  }
}
