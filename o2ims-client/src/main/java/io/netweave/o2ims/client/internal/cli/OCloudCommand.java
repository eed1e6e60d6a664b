package io.netweave.o2ims.client.internal.cli;

import io.netweave.o2ims.client.O2imsClient;
import io.netweave.o2ims.model.ApiView;
import picocli.CommandLine.Command;

/** {@code ocloud get} and {@code ocloud api-versions}. */
@Command(
    description = "The O-Cloud and the API versions it serves.",
    mixinStandardHelpOptions = true)
final class OCloudCommand {
  private final O2imsCli root;

  OCloudCommand(O2imsCli root) {
    this.root = root;
  }

  @Command(
      name = "get",
      description = "Show the O-Cloud information (in the view --api-version chooses).")
  int get() {
    try (O2imsClient client = root.client()) {
      if (root.apiView(ApiView.V1) == ApiView.V2) {
        root.printer().object(Printer.mapper().valueToTree(client.v2().oCloud()));
      } else {
        root.printer().object(Printer.mapper().valueToTree(client.oCloud()));
      }
    }
    return 0;
  }

  @Command(name = "api-versions", description = "Show the served inventory API versions.")
  int apiVersions() {
    try (O2imsClient client = root.client()) {
      root.printer().object(Printer.mapper().valueToTree(client.apiVersions()));
    }
    return 0;
  }
}
