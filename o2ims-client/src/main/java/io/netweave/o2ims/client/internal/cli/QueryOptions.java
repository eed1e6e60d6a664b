package io.netweave.o2ims.client.internal.cli;

import io.netweave.o2ims.client.Query;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The query options of the list commands (a picocli mixin): {@code --filter} and the attribute
 * selection of {@link FieldOptions}. The get commands take {@link FieldOptions} only.
 */
final class QueryOptions {
  @Option(
      names = "--filter",
      description = "SOL013 filter, e.g. '(eq,name,edge-1)'; repeat to AND several")
  List<String> filters = new ArrayList<>();

  @Mixin FieldOptions selection = new FieldOptions();

  Query query() {
    Query.Builder q = selection.builder();
    filters.forEach(q::filter);
    return q.build();
  }

  /** The table columns: the id and the selected fields, or the command's defaults. */
  List<String> columns(String idAttribute, List<String> defaults) {
    return selection.columns(idAttribute, defaults);
  }
}
