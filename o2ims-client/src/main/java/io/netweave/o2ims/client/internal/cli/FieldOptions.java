package io.netweave.o2ims.client.internal.cli;

import io.netweave.o2ims.client.Query;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The attribute-selection options (a picocli mixin): used alone by the {@code get} commands, whose
 * single-object GET takes no filter, and inside {@link QueryOptions} by the {@code list} commands.
 */
final class FieldOptions {
  @Option(
      names = "--fields",
      split = ",",
      description = "Complex attributes to keep (comma-separated); simple ones always come")
  List<String> fields = new ArrayList<>();

  @Option(
      names = "--exclude-fields",
      split = ",",
      description = "All attributes but these (comma-separated)")
  List<String> excludeFields = new ArrayList<>();

  @Option(names = "--all-fields", description = "Every attribute, including non-default ones")
  boolean allFields;

  Query query() {
    return builder().build();
  }

  Query.Builder builder() {
    Query.Builder q = Query.builder();
    if (!fields.isEmpty()) {
      q.fields(fields.toArray(String[]::new));
    }
    if (!excludeFields.isEmpty()) {
      q.excludeFields(excludeFields.toArray(String[]::new));
    }
    if (allFields) {
      q.allFields();
    }
    return q;
  }

  /** The table columns: the id and the selected fields, or the command's defaults. */
  List<String> columns(String idAttribute, List<String> defaults) {
    if (fields.isEmpty()) {
      return excludeFields.isEmpty() && !allFields ? defaults : List.of();
    }
    List<String> cols = new ArrayList<>();
    cols.add(idAttribute);
    fields.stream().filter(f -> !f.equals(idAttribute)).forEach(cols::add);
    return cols;
  }
}
