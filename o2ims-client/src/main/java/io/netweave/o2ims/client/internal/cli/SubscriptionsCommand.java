package io.netweave.o2ims.client.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netweave.o2ims.client.O2imsClient;
import io.netweave.o2ims.client.Subscriptions;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.Subscription;
import io.netweave.o2ims.model.SubscriptionRequest;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code list}, {@code get}, {@code create} and {@code delete} of inventory subscriptions, in the
 * view {@code --api-version} chooses: a v2 subscription's notifications carry v2 shapes.
 */
@Command(description = "Manage inventory subscriptions.", mixinStandardHelpOptions = true)
final class SubscriptionsCommand {
  private static final List<String> COLUMNS =
      List.of("subscriptionId", "callback", "filter", "consumerSubscriptionId");
  private final O2imsCli root;

  SubscriptionsCommand(O2imsCli root) {
    this.root = root;
  }

  /** The subscriptions of the view {@code --api-version} chose (each view lists only its own). */
  private Subscriptions subscriptions(O2imsClient client) {
    return root.apiView(ApiView.V1) == ApiView.V2
        ? client.v2().subscriptions()
        : client.subscriptions();
  }

  @Command(name = "list", description = "List the subscriptions.")
  int list() {
    try (O2imsClient client = root.client()) {
      ArrayNode items = Printer.mapper().createArrayNode();
      subscriptions(client).list().forEach(s -> items.add(Printer.mapper().valueToTree(s)));
      root.printer().list(items, COLUMNS);
    }
    return 0;
  }

  @Command(name = "get", description = "Get one subscription.")
  int get(@Parameters(paramLabel = "ID") UUID id) {
    try (O2imsClient client = root.client()) {
      root.printer().object(Printer.mapper().valueToTree(subscriptions(client).get(id)));
    }
    return 0;
  }

  @Command(name = "create", description = "Subscribe a callback URL to inventory changes.")
  int create(
      @Option(names = "--callback", required = true, description = "absolute http(s) URL")
          String callback,
      @Option(names = "--filter", description = "subscription filter") String filter,
      @Option(names = "--consumer-id", description = "your own id for the subscription")
          UUID consumerId) {
    try (O2imsClient client = root.client()) {
      Subscription created =
          subscriptions(client)
              .create(
                  new SubscriptionRequest(
                      callback, Optional.ofNullable(consumerId), Optional.ofNullable(filter)));
      root.printer().object(Printer.mapper().valueToTree(created));
    }
    return 0;
  }

  @Command(name = "delete", description = "Delete a subscription.")
  int delete(@Parameters(paramLabel = "ID") UUID id) {
    try (O2imsClient client = root.client()) {
      subscriptions(client).delete(id);
    }
    root.printer().message("deleted " + id);
    return 0;
  }
}
