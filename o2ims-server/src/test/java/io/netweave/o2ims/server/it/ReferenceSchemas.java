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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
public final class ReferenceSchemas {
  private final ObjectNode definitions;
  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();
  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
  private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().build();

  private final boolean present;

  /**
   * Loads the reference schemas. A plain clone has no {@code shared/}: then no schema is checked
   * (every {@code errors} call answers "valid") and a message names what was not checked; under CI
   * the absence fails instead ({@link Prerequisites}).
   */
  ReferenceSchemas() {
    this(
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
            .getCallerClass()
            .getSimpleName(),
        "kni-v1-r004",
        "common-openapi.yaml",
        "resources-openapi.yaml");
  }

  /** The v1 view's schemas, for callers outside this package (the no-argument constructor). */
  public static ReferenceSchemas v1() {
    return new ReferenceSchemas(
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
            .getCallerClass()
            .getSimpleName(),
        "kni-v1-r004",
        "common-openapi.yaml",
        "resources-openapi.yaml");
  }

  /** The v2 view's schemas: kni-v2 resources and common files (R005-v11 shapes). */
  public static ReferenceSchemas v2() {
    return new ReferenceSchemas(
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
            .getCallerClass()
            .getSimpleName(),
        "kni-v2",
        "common-openapi.yaml",
        "resources-openapi.yaml");
  }

  /**
   * The monitoring API's schemas: kni-v2 alarms and common files. One deliberate reading besides
   * the one above: {@code AlarmSubscriptionInfo.filter} is an enum of the four bare event tokens in
   * kni, while DECISIONS.md also accepts filter expressions (as pti does), so the enum is dropped
   * and any string accepted.
   */
  static ReferenceSchemas alarms() {
    ReferenceSchemas s =
        new ReferenceSchemas(
            StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .getCallerClass()
                .getSimpleName(),
            "kni-v2",
            "common-openapi.yaml",
            "alarms-openapi.yaml");
    if (s.present) {
      ((ObjectNode) s.definitions.path("AlarmSubscriptionInfo").path("properties").path("filter"))
          .remove("enum");
    }
    return s;
  }

  private ReferenceSchemas(String caller, String directory, String... files) {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    definitions = yaml.createObjectNode();
    java.util.Optional<Path> reference = referenceDirectory();
    present = reference.isPresent();
    if (!present) {
      Prerequisites.degraded(
          "the O2-IMS reference files shared/reference/"
              + directory
              + " are not beside the repository root (a plain clone has no shared/)",
          "the responses of "
              + caller
              + " against the reference OpenAPI schemas ("
              + directory
              + " "
              + String.join(", ", files)
              + "); its other assertions still run");
      return;
    }
    Path dir = reference.get().resolve(directory);
    for (String file : files) {
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
  static java.util.Optional<Path> referenceDirectory() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared").resolve("reference");
      if (Files.isDirectory(candidate.resolve("kni-v1-r004"))) {
        return java.util.Optional.of(candidate);
      }
    }
    return java.util.Optional.empty();
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
  public Set<ValidationMessage> errors(String schemaName, JsonNode value) {
    if (!present) {
      return Set.of();
    }
    return schema(schemaName, false).validate(value);
  }

  /** The validation errors of a JSON array whose items must match a named schema. */
  public Set<ValidationMessage> arrayErrors(String schemaName, JsonNode value) {
    if (!present) {
      return Set.of();
    }
    return schema(schemaName, true).validate(value);
  }

  /**
   * Everything wrong with an inventory change notification body as a callback received it: the
   * {@code InventoryChangeNotification} schema; each object state against the schema of the object
   * its {@code objectRef} names (in this instance's view); and the presence rules the schema only
   * describes in words, as DECISIONS.md "Payload" reads them: {@code postObjectState} present for 0
   * (CREATE) and 1 (MODIFY) and absent (not null) for 2 (DELETE), {@code priorObjectState} present
   * for 1 and 2 and absent for 0, {@code objectRef} always present (also on DELETE). Empty when
   * valid; when the reference files are absent only the presence rules are checked.
   */
  public List<String> inventoryNotificationErrors(JsonNode body) {
    List<String> out = new ArrayList<>();
    errors("InventoryChangeNotification", body)
        .forEach(m -> out.add("InventoryChangeNotification: " + m));
    int type = body.path("notificationEventType").asInt(-1);
    check(out, body, "postObjectState", type == 0 || type == 1);
    check(out, body, "priorObjectState", type == 1 || type == 2);
    if (!body.path("objectRef").isTextual()) {
      out.add("objectRef missing");
      return out;
    }
    String schema = inventorySchemaOf(body.path("objectRef").asText());
    for (String state : List.of("priorObjectState", "postObjectState")) {
      if (body.has(state)) {
        errors(schema, body.get(state)).forEach(m -> out.add(schema + " in " + state + ": " + m));
      }
    }
    return out;
  }

  private static void check(List<String> out, JsonNode body, String state, boolean expected) {
    if (expected && !body.path(state).isObject()) {
      out.add(
          state
              + " must be an object for notificationEventType "
              + body.path("notificationEventType"));
    } else if (!expected && body.has(state)) {
      out.add(
          state
              + " must be absent for notificationEventType "
              + body.path("notificationEventType"));
    }
  }

  /**
   * The reference schema of the object an inventory {@code objectRef} names, from its path: the
   * O-Cloud itself ({@code .../vN}), or the collection segment before the id.
   */
  public static String inventorySchemaOf(String objectRef) {
    String[] segments = objectRef.split("/");
    if (segments[segments.length - 1].matches("v[0-9]+")) {
      return "OCloudInfo";
    }
    String collection = segments[segments.length - 2];
    return switch (collection) {
      case "resourcePools" -> "ResourcePool";
      case "resources" -> "Resource";
      case "resourceTypes" -> "ResourceType";
      case "deploymentManagers" -> "DeploymentManager";
      case "oCloudSites" -> "OCloudSiteInfo";
      case "locations" -> "LocationInfo";
      default -> throw new AssertionError("unexpected objectRef " + objectRef);
    };
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
