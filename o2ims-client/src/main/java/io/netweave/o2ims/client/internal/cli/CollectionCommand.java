package io.netweave.o2ims.client.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netweave.o2ims.client.InventoryCollection;
import io.netweave.o2ims.client.O2imsClient;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code list} and {@code get} for one read-only inventory collection. */
@Command(description = "List or get objects of this collection.", mixinStandardHelpOptions = true)
final class CollectionCommand {
  private final O2imsCli root;
  private final Function<O2imsClient, InventoryCollection<?>> collection;
  private final List<String> columns;

  CollectionCommand(
      O2imsCli root,
      Function<O2imsClient, InventoryCollection<?>> collection,
      List<String> columns) {
    this.root = root;
    this.collection = collection;
    this.columns = columns;
  }

  @Command(name = "list", description = "List the objects (every page).")
  int list(@Mixin QueryOptions options) {
    try (O2imsClient client = root.client()) {
      ArrayNode items = Printer.mapper().createArrayNode();
      collection.apply(client).select(options.query()).forEach(items::add);
      root.printer().list(items, options.columns(columns.get(0), columns));
    }
    return 0;
  }

  @Command(name = "get", description = "Get one object by id.")
  int get(
      @Parameters(paramLabel = "ID", description = "the object's id") UUID id,
      @Mixin FieldOptions options) {
    try (O2imsClient client = root.client()) {
      root.printer().object(collection.apply(client).select(id, options.query()));
    }
    return 0;
  }
}
