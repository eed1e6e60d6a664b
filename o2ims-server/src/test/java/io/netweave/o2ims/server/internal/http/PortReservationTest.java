package io.netweave.o2ims.server.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortReservationTest {

  @Test
  void portZeroHoldsAFreePortUntilReleased() throws Exception {
    int port;
    try (PortReservation reserved = PortReservation.bind("127.0.0.1", 0)) {
      port = reserved.port();
      assertThat(port).isPositive();
      assertThatThrownBy(() -> PortReservation.bind("127.0.0.1", port))
          .isInstanceOf(UncheckedIOException.class);
    }
    try (ServerSocket listener = new ServerSocket(port)) {
      assertThat(listener.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void aPortAnotherSocketHoldsIsRefusedWithABindExceptionNamingTheAddress() throws Exception {
    try (ServerSocket other = new ServerSocket(0)) {
      assertThatThrownBy(() -> PortReservation.bind("127.0.0.1", other.getLocalPort()))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessage("cannot listen on 127.0.0.1:" + other.getLocalPort())
          .hasCauseInstanceOf(BindException.class);
    }
  }
}
