package io.netweave.o2ims.client.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netweave.o2ims.client.O2imsClient;
import io.netweave.o2ims.model.AlarmSubscription;
import io.netweave.o2ims.model.SubscriptionRequest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code list}, {@code get}, {@code create} and {@code delete} of alarm subscriptions. */
@Command(description = "Manage alarm subscriptions.", mixinStandardHelpOptions = true)
final class AlarmSubscriptionsCommand {
  private static final List<String> COLUMNS =
      List.of("alarmSubscriptionId", "callback", "filter", "consumerSubscriptionId");
  private final O2imsCli root;

  AlarmSubscriptionsCommand(O2imsCli root) {
    this.root = root;
  }

  @Command(name = "list", description = "List the alarm subscriptions.")
  int list() {
    try (O2imsClient client = root.client()) {
      ArrayNode items = Printer.mapper().createArrayNode();
      client.alarmSubscriptions().list().forEach(s -> items.add(Printer.mapper().valueToTree(s)));
      root.printer().list(items, COLUMNS);
    }
    return 0;
  }

  @Command(name = "get", description = "Get one alarm subscription.")
  int get(@Parameters(paramLabel = "ID") UUID id) {
    try (O2imsClient client = root.client()) {
      root.printer().object(Printer.mapper().valueToTree(client.alarmSubscriptions().get(id)));
    }
    return 0;
  }

  @Command(name = "create", description = "Subscribe a callback URL to alarm events.")
  int create(
      @Option(names = "--callback", required = true, description = "absolute http(s) URL")
          String callback,
      @Option(
              names = "--filter",
              description = "NEW, CHANGE, CLEAR, ACKNOWLEDGE or a filter expression")
          String filter,
      @Option(names = "--consumer-id", description = "your own id for the subscription")
          UUID consumerId) {
    try (O2imsClient client = root.client()) {
      AlarmSubscription created =
          client
              .alarmSubscriptions()
              .create(
                  new SubscriptionRequest(
                      callback, Optional.ofNullable(consumerId), Optional.ofNullable(filter)));
      root.printer().object(Printer.mapper().valueToTree(created));
    }
    return 0;
  }

  @Command(name = "delete", description = "Delete an alarm subscription.")
  int delete(@Parameters(paramLabel = "ID") UUID id) {
    try (O2imsClient client = root.client()) {
      client.alarmSubscriptions().delete(id);
    }
    root.printer().message("deleted " + id);
    return 0;
  }
}
