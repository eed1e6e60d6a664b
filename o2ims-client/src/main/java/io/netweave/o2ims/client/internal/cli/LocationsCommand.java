package io.netweave.o2ims.client.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netweave.o2ims.client.O2imsClient;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.Location;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code list} and {@code get} for the v2 locations, whose ids are free strings. */
@Command(
    description = "List or get locations (v2: where the O-Cloud sites are).",
    mixinStandardHelpOptions = true)
final class LocationsCommand {
  private static final List<String> COLUMNS =
      List.of("globalLocationId", "name", "address", "oCloudSiteIds");
  private final O2imsCli root;

  LocationsCommand(O2imsCli root) {
    this.root = root;
  }

  private void v2Only() {
    if (root.apiView(ApiView.V2) != ApiView.V2) {
      throw new IllegalArgumentException("locations exist in the v2 API only");
    }
  }

  @Command(name = "list", description = "List the locations (every page).")
  int list(@Mixin QueryOptions options) {
    v2Only();
    try (O2imsClient client = root.client()) {
      ArrayNode items = Printer.mapper().createArrayNode();
      client
          .v2()
          .locations(options.query())
          .forEach(l -> items.add(Printer.mapper().valueToTree(l)));
      root.printer().list(items, options.columns(COLUMNS.get(0), COLUMNS));
    }
    return 0;
  }

  @Command(name = "get", description = "Get one location by its globalLocationId.")
  int get(@Parameters(paramLabel = "ID", description = "the globalLocationId") String id) {
    v2Only();
    try (O2imsClient client = root.client()) {
      Location l =
          client
              .v2()
              .location(id)
              .orElseThrow(() -> new IllegalArgumentException("no location " + id));
      root.printer().object(Printer.mapper().valueToTree(l));
    }
    return 0;
  }
}
