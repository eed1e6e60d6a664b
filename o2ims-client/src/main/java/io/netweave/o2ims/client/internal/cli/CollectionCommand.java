package io.netweave.o2ims.client.internal.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netweave.o2ims.client.InventoryCollection;
import io.netweave.o2ims.client.O2imsClient;
import io.netweave.o2ims.model.ApiView;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code list} and {@code get} for one read-only inventory collection, in the API view the root's
 * {@code --api-version} chooses (each view with its own table columns, since the shapes differ).
 */
@Command(description = "List or get objects of this collection.", mixinStandardHelpOptions = true)
final class CollectionCommand {
  /** Where the collection is in one view, and the columns its table shows. */
  record View(Function<O2imsClient, InventoryCollection<?>> collection, List<String> columns) {}

  private final O2imsCli root;
  private final String name;
  private final Map<ApiView, View> views;

  /**
   * @param name the collection as the error of a view it lacks names it
   * @param views the collection in each view that has it
   */
  CollectionCommand(O2imsCli root, String name, Map<ApiView, View> views) {
    this.root = root;
    this.name = name;
    this.views = Map.copyOf(views);
  }

  @Command(name = "list", description = "List the objects (every page).")
  int list(@Mixin QueryOptions options) {
    View view = view();
    try (O2imsClient client = root.client()) {
      ArrayNode items = Printer.mapper().createArrayNode();
      view.collection().apply(client).select(options.query()).forEach(items::add);
      List<String> columns = view.columns();
      root.printer().list(items, options.columns(columns.get(0), columns));
    }
    return 0;
  }

  @Command(name = "get", description = "Get one object by id.")
  int get(
      @Parameters(paramLabel = "ID", description = "the object's id") UUID id,
      @Mixin FieldOptions options) {
    View view = view();
    try (O2imsClient client = root.client()) {
      root.printer().object(view.collection().apply(client).select(id, options.query()));
    }
    return 0;
  }

  private View view() {
    ApiView chosen = root.apiView(views.containsKey(ApiView.V1) ? ApiView.V1 : ApiView.V2);
    View view = views.get(chosen);
    if (view == null) {
      throw new IllegalArgumentException(
          name + " exist in the " + views.keySet().iterator().next().segment() + " API only");
    }
    return view;
  }
}
