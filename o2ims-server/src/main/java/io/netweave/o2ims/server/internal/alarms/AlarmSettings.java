package io.netweave.o2ims.server.internal.alarms;

import io.netweave.o2ims.model.NodeAlarm;
import io.netweave.o2ims.model.PerceivedSeverity;
import io.netweave.o2ims.server.internal.config.ServerConfig;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code alarms.*} configuration (docs/configuration.md). Immutable.
 *
 * @param rules per node alarm: on/off, severity, debounce
 * @param evaluationInterval how often the producer re-evaluates node conditions (debounce
 *     granularity) and notifies acknowledgements made on other replicas
 * @param sweepInterval how often cleared records older than the retention period are purged
 * @param repeatAcknowledgeConflict whether a repeated acknowledgement is a 409 (else 200)
 * @param specLiteralFilters whether an alarm subscription's filter suppresses the events it matches
 *     (the spec's literal reading) instead of selecting them
 */
public record AlarmSettings(
    boolean enabled,
    Map<NodeAlarm, Rule> rules,
    Duration evaluationInterval,
    Duration sweepInterval,
    boolean repeatAcknowledgeConflict,
    boolean specLiteralFilters) {

  /** How one node alarm is raised. */
  public record Rule(boolean enabled, PerceivedSeverity severity, Duration debounce) {
    public Rule {
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(debounce, "debounce");
      if (severity == PerceivedSeverity.CLEARED) {
        throw new IllegalArgumentException("an alarm cannot be raised with severity CLEARED");
      }
      if (debounce.isNegative()) {
        throw new IllegalArgumentException("debounce must not be negative");
      }
    }
  }

  public AlarmSettings {
    EnumMap<NodeAlarm, Rule> copy = new EnumMap<>(NodeAlarm.class);
    for (NodeAlarm a : NodeAlarm.values()) {
      copy.put(a, Objects.requireNonNull(rules.get(a), "rule of " + a.alarmName()));
    }
    rules = java.util.Collections.unmodifiableMap(copy);
    Objects.requireNonNull(evaluationInterval, "evaluationInterval");
    Objects.requireNonNull(sweepInterval, "sweepInterval");
    if (evaluationInterval.isZero() || evaluationInterval.isNegative()) {
      throw new IllegalArgumentException("alarms.evaluation_interval must be positive");
    }
    if (sweepInterval.isZero() || sweepInterval.isNegative()) {
      throw new IllegalArgumentException("alarms.retention_sweep_interval must be positive");
    }
  }

  /** The defaults of DECISIONS.md. */
  public static AlarmSettings defaults() {
    Map<NodeAlarm, Rule> rules = new EnumMap<>(NodeAlarm.class);
    for (NodeAlarm a : NodeAlarm.values()) {
      rules.put(a, new Rule(a.enabledByDefault(), a.defaultSeverity(), a.defaultDebounce()));
    }
    return new AlarmSettings(true, rules, Duration.ofSeconds(1), Duration.ofHours(1), false, false);
  }

  /** These settings with one alarm's rule replaced (tests, demo). */
  public AlarmSettings with(NodeAlarm alarm, Rule rule) {
    Map<NodeAlarm, Rule> r = new EnumMap<>(rules);
    r.put(alarm, rule);
    return new AlarmSettings(
        enabled,
        r,
        evaluationInterval,
        sweepInterval,
        repeatAcknowledgeConflict,
        specLiteralFilters);
  }

  /** The rule of an alarm. */
  public Rule rule(NodeAlarm alarm) {
    return rules.get(alarm);
  }

  /** The settings of the loader's {@code alarms} section. */
  public static AlarmSettings from(ServerConfig.Alarms section) {
    Map<NodeAlarm, Rule> rules = new EnumMap<>(NodeAlarm.class);
    section
        .rules()
        .forEach((a, r) -> rules.put(a, new Rule(r.enabled(), r.severity(), r.debounce())));
    return new AlarmSettings(
        section.enabled(),
        rules,
        section.evaluationInterval(),
        section.retentionSweepInterval(),
        section.repeatAcknowledgeStatus() == 409,
        section.subscriptionFilterMode() == ServerConfig.AlarmFilterMode.EXCLUSION);
  }
}
