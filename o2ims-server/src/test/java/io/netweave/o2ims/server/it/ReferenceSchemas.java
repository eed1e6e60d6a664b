package io.netweave.o2ims.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The schemas of the O2-IMS reference OpenAPI files (kni-v1-r004 or kni-v2, resources and common),
 * turned into one JSON Schema document: {@code ../../common/api/openapi.yaml#/components/schemas/X}
 * (the r004 file's reference to the common file) and {@code #/components/schemas/X} both resolve to
 * {@code #/definitions/X}. The files are found in {@code shared/reference} beside the repository
 * root, as on the team machines and in CI.
 *
 * <p>One deliberate reading: the common file types {@code ProblemDetails.instance} (and {@code
 * type}) as {@code format: uri} while describing it as "a URI reference"; DECISIONS.md makes {@code
 * instance} the request path, a relative reference, so {@code uri} is checked as {@code
 * uri-reference}. Every other keyword is used as written.
 */
final class ReferenceSchemas {
  private final ObjectNode definitions;
  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();
  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
  private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().build();

  ReferenceSchemas() {
    this("kni-v1-r004");
  }

  /**
   * The schemas of one reference set: {@code kni-v1-r004} (the v1 view) or {@code kni-v2} (the v2
   * view, R005-v11 shapes).
   */
  ReferenceSchemas(String referenceSet) {
    Path dir = referenceDirectory().resolve(referenceSet);
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    definitions = yaml.createObjectNode();
    for (String file : new String[] {"common-openapi.yaml", "resources-openapi.yaml"}) {
      try {
        JsonNode doc = yaml.readTree(Files.readAllBytes(dir.resolve(file)));
        doc.path("components")
            .path("schemas")
            .fields()
            .forEachRemaining(
                e -> definitions.set(e.getKey(), rewriteRefs(e.getValue().deepCopy())));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + dir.resolve(file), e);
      }
    }
  }

  /** The {@code shared/reference} directory beside the repository root (or an ancestor). */
  static Path referenceDirectory() {
    Path start = Path.of("").toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("reference");
      if (Files.isDirectory(candidate.resolve("kni-v1-r004"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "the O2-IMS reference files were not found: expected a directory shared/reference/kni-v1-r004"
            + " beside the repository root (or above it), walking up from "
            + start
            + ". Check out the team's shared/ directory next to the clone.");
  }

  private static JsonNode rewriteRefs(JsonNode node) {
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      if ("uri".equals(o.path("format").asText(null))) {
        o.put("format", "uri-reference");
      }
      JsonNode ref = o.get("$ref");
      if (ref != null && ref.isTextual()) {
        String text = ref.asText();
        String name = text.substring(text.lastIndexOf('/') + 1);
        o.put("$ref", "#/definitions/" + name);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        rewriteRefs(it.next().getValue());
      }
    } else if (node.isArray()) {
      node.forEach(ReferenceSchemas::rewriteRefs);
    }
    return node;
  }

  /** The validation errors of a JSON value against a named schema (empty when valid). */
  Set<ValidationMessage> errors(String schemaName, JsonNode value) {
    return schema(schemaName, false).validate(value);
  }

  /** The validation errors of a JSON array whose items must match a named schema. */
  Set<ValidationMessage> arrayErrors(String schemaName, JsonNode value) {
    return schema(schemaName, true).validate(value);
  }

  private JsonSchema schema(String name, boolean array) {
    if (!definitions.has(name)) {
      throw new IllegalArgumentException("no schema " + name + " in the reference files");
    }
    return compiled.computeIfAbsent(
        name + (array ? "[]" : ""),
        key -> {
          ObjectNode root = definitions.objectNode();
          ObjectNode ref = definitions.objectNode().put("$ref", "#/definitions/" + name);
          if (array) {
            root.put("type", "array");
            root.set("items", ref);
          } else {
            root.setAll(ref);
          }
          root.set("definitions", definitions);
          return factory.getSchema(root, config);
        });
  }
}
