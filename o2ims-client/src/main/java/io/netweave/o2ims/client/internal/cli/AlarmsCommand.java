package io.netweave.o2ims.client.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netweave.o2ims.client.O2imsClient;
import io.netweave.o2ims.model.AlarmEventRecord;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code list}, {@code get}, {@code ack} and {@code clear} of alarm records. */
@Command(description = "List, get, acknowledge or clear alarms.", mixinStandardHelpOptions = true)
final class AlarmsCommand {
  private static final List<String> COLUMNS =
      List.of(
          "alarmEventRecordId",
          "perceivedSeverity",
          "alarmAcknowledged",
          "alarmRaisedTime",
          "alarmClearedTime",
          "resourceID");
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
