package io.netweave.o2ims.server.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditLogTest {
  @Test
  void aWritesReasonSaysWhetherTheClientWentAwayRatherThanThatItFailed() {
    assertThat(AuditLog.writeReason(201)).isEqualTo("ok");
    assertThat(AuditLog.writeReason(200)).isEqualTo("ok");
    assertThat(AuditLog.writeReason(499)).isEqualTo("client closed");
    assertThat(AuditLog.writeReason(408)).isEqualTo("read timeout");
    assertThat(AuditLog.writeReason(400)).isEqualTo("failed");
    assertThat(AuditLog.writeReason(500)).isEqualTo("failed");
  }
}
