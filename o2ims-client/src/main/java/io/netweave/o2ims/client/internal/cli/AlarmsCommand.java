package io.netweave.o2ims.client.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netweave.o2ims.client.O2imsClient;
import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.AlarmServiceConfiguration;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code list}, {@code get}, {@code ack} and {@code clear} of alarm records, the alarm service
 * configuration ({@code config}) and the probable causes ({@code probable-causes}).
 */
@Command(
    description =
        "List, get, acknowledge or clear alarms; show or change the alarm service configuration;"
            + " list probable causes.",
    mixinStandardHelpOptions = true)
final class AlarmsCommand {
  private static final List<String> COLUMNS =
      List.of(
          "alarmEventRecordId",
          "perceivedSeverity",
          "alarmAcknowledged",
          "alarmRaisedTime",
          "alarmClearedTime",
          "resourceID");
  private static final List<String> CAUSE_COLUMNS =
      List.of("probableCauseId", "name", "description");
  private final O2imsCli root;

  AlarmsCommand(O2imsCli root) {
    this.root = root;
  }

  @Command(name = "list", description = "List the alarm records (every page), active and cleared.")
  int list(@Mixin QueryOptions options) {
    try (O2imsClient client = root.client()) {
      ArrayNode items = Printer.mapper().createArrayNode();
      client.alarms().select(options.query()).forEach(items::add);
      root.printer().list(items, options.columns(COLUMNS.get(0), COLUMNS));
    }
    return 0;
  }

  @Command(name = "get", description = "Get one alarm record.")
  int get(@Parameters(paramLabel = "ID") UUID id) {
    try (O2imsClient client = root.client()) {
      AlarmEventRecord r = client.alarms().get(id);
      root.printer().object(Printer.mapper().valueToTree(r));
    }
    return 0;
  }

  @Command(name = "ack", description = "Acknowledge an alarm.")
  int ack(@Parameters(paramLabel = "ID") UUID id) {
    try (O2imsClient client = root.client()) {
      client.alarms().acknowledge(id);
    }
    root.printer().message("acknowledged " + id);
    return 0;
  }

  @Command(
      name = "config",
      description =
          "Show the alarm service configuration; with --retention-period, change how many days"
              + " cleared alarm records are kept (the rest is left as it is).")
  int config(
      @Option(
              names = "--retention-period",
              paramLabel = "DAYS",
              description = "days cleared alarm records are kept, at least 1")
          Integer days) {
    try (O2imsClient client = root.client()) {
      AlarmServiceConfiguration c =
          days == null ? client.alarms().configuration() : client.alarms().retentionPeriod(days);
      root.printer().object(Printer.mapper().valueToTree(c));
    }
    return 0;
  }

  @Command(
      name = "probable-causes",
      description = "List the probable causes alarm records point to (probableCauseID).")
  int probableCauses() {
    try (O2imsClient client = root.client()) {
      ArrayNode items = Printer.mapper().createArrayNode();
      client.alarms().probableCauses().forEach(c -> items.add(Printer.mapper().valueToTree(c)));
      root.printer().list(items, CAUSE_COLUMNS);
    }
    return 0;
  }

  @Command(
      name = "clear",
      description = "Clear an alarm (only alarms whose definition is MANUAL; others answer 409).")
  int clear(@Parameters(paramLabel = "ID") UUID id) {
    try (O2imsClient client = root.client()) {
      client.alarms().clear(id);
    }
    root.printer().message("cleared " + id);
    return 0;
  }
}
