package io.netweave.o2ims.server.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netweave.o2ims.model.NodeAlarm;
import io.netweave.o2ims.model.PerceivedSeverity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code alarms} section: DECISIONS.md's defaults, per-alarm overrides, refused values. */
class AlarmConfigTest {
  @TempDir Path dir;

  ServerConfig load(String yaml, Map<String, String> env) throws IOException {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, yaml);
    return new ConfigLoader(env).load(Optional.of(file), Map.of());
  }

  @Test
  void defaultsAreTheDecisions() throws IOException {
    ServerConfig.Alarms a = load("", Map.of()).alarms();
    assertThat(a.enabled()).isTrue();
    assertThat(a.repeatAcknowledgeStatus()).isEqualTo(200);
    assertThat(a.subscriptionFilterMode()).isEqualTo(ServerConfig.AlarmFilterMode.SELECTION);
    assertThat(a.rules().get(NodeAlarm.NODE_NOT_READY))
        .isEqualTo(
            new ServerConfig.AlarmRule(true, PerceivedSeverity.MAJOR, Duration.ofSeconds(60)));
    assertThat(a.rules().get(NodeAlarm.NODE_UNREACHABLE))
        .isEqualTo(new ServerConfig.AlarmRule(true, PerceivedSeverity.CRITICAL, Duration.ZERO));
    assertThat(a.rules().get(NodeAlarm.NODE_MEMORY_PRESSURE).debounce())
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(a.rules().get(NodeAlarm.NODE_PID_PRESSURE).severity())
        .isEqualTo(PerceivedSeverity.WARNING);
    assertThat(a.rules().get(NodeAlarm.NODE_UNSCHEDULABLE))
        .isEqualTo(
            new ServerConfig.AlarmRule(false, PerceivedSeverity.WARNING, Duration.ofMinutes(60)));
  }

  @Test
  void eachAlarmIsConfiguredByFileOrEnvironment() throws IOException {
    ServerConfig.Alarms a =
        load(
                "alarms:\n  node_disk_pressure:\n    severity: critical\n    debounce: 30s\n"
                    + "  subscription_filter_mode: exclusion\n",
                Map.of("NETWEAVE_ALARMS_NODE_UNSCHEDULABLE_ENABLED", "true"))
            .alarms();
    assertThat(a.rules().get(NodeAlarm.NODE_DISK_PRESSURE))
        .isEqualTo(
            new ServerConfig.AlarmRule(true, PerceivedSeverity.CRITICAL, Duration.ofSeconds(30)));
    assertThat(a.rules().get(NodeAlarm.NODE_UNSCHEDULABLE).enabled()).isTrue();
    assertThat(a.subscriptionFilterMode()).isEqualTo(ServerConfig.AlarmFilterMode.EXCLUSION);
  }

  @Test
  void badValuesStopTheStartNamingTheKey() {
    assertThatThrownBy(() -> load("alarms:\n  node_not_ready:\n    severity: cleared\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alarms.node_not_ready.severity");
    assertThatThrownBy(() -> load("alarms:\n  node_not_ready:\n    severity: loud\n", Map.of()))
        .hasMessageContaining("alarms.node_not_ready.severity");
    assertThatThrownBy(() -> load("alarms:\n  repeat_acknowledge_status: 204\n", Map.of()))
        .hasMessageContaining("alarms.repeat_acknowledge_status");
    assertThatThrownBy(() -> load("alarms:\n  subscription_filter_mode: maybe\n", Map.of()))
        .hasMessageContaining("alarms.subscription_filter_mode");
    assertThatThrownBy(() -> load("alarms:\n  evaluation_interval: 0s\n", Map.of()))
        .hasMessageContaining("alarms.evaluation_interval");
    assertThatThrownBy(() -> load("alarms:\n  node_bogus:\n    enabled: true\n", Map.of()))
        .hasMessageContaining("alarms.node_bogus");
  }
}
