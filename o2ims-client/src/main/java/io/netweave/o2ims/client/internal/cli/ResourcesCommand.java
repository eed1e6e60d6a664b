package io.netweave.o2ims.client.internal.cli;

import io.netweave.o2ims.model.ApiView;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code list} and {@code get} for the resources of one pool ({@code --pool}). */
@Command(description = "List or get the resources of a pool.", mixinStandardHelpOptions = true)
final class ResourcesCommand {
  private static final List<String> COLUMNS =
      List.of("resourceId", "description", "globalAssetId", "resourceTypeId");
  private final O2imsCli root;

  ResourcesCommand(O2imsCli root) {
    this.root = root;
  }

  private CollectionCommand of(UUID pool) {
    return new CollectionCommand(
        root,
        "resources",
        Map.of(
            ApiView.V1,
            new CollectionCommand.View(c -> c.resources(pool), COLUMNS),
            ApiView.V2,
            new CollectionCommand.View(c -> c.v2().resources(pool), COLUMNS)));
  }

  @Command(name = "list", description = "List the resources of a pool (every page).")
  int list(
      @Option(names = "--pool", required = true, description = "the resource pool id") UUID pool,
      @Mixin QueryOptions options) {
    return of(pool).list(options);
  }

  @Command(name = "get", description = "Get one resource of a pool.")
  int get(
      @Option(names = "--pool", required = true, description = "the resource pool id") UUID pool,
      @Parameters(paramLabel = "ID", description = "the resource id") UUID id,
      @Mixin FieldOptions options) {
    return of(pool).get(id, options);
  }
}
