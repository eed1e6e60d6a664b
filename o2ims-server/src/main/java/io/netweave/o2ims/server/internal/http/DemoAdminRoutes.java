package io.netweave.o2ims.server.internal.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.server.internal.demo.DemoInventorySource;
import io.netweave.o2ims.server.internal.query.JsonBodyProblem;
import io.netweave.o2ims.server.internal.query.QueryProblem;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The demo O-Cloud's admin endpoint: {@code POST /admin/v1/demo/resources} adds a node, {@code
 * PATCH} and {@code DELETE /admin/v1/demo/resources/{resourceId}} change or remove one. Each change
 * is published to the source's listeners like any inventory change. {@code conditions} (type to
 * {@code True}/{@code False}/{@code Unknown}) changes node conditions, raising and clearing node
 * alarms as on a cluster. Only composed with the demo backend.
 */
final class DemoAdminRoutes {
  /** The body members, in the order the unknown-member problem lists them. */
  private static final List<String> MEMBERS =
      List.of(
          "nodeName",
          "resourcePoolId",
          "resourceTypeId",
          "ready",
          "unschedulable",
          "labels",
          "conditions");

  private static final Set<String> STATUSES = Set.of("True", "False", "Unknown");

  private final DemoInventorySource demo;
  private final ObjectMapper mapper;
  private final Requests requests;
  private final Responses responses;
  private final Dispatcher dispatcher;

  DemoAdminRoutes(
      DemoInventorySource demo,
      ObjectMapper mapper,
      Requests requests,
      Responses responses,
      Dispatcher dispatcher) {
    this.demo = demo;
    this.mapper = mapper;
    this.requests = requests;
    this.responses = responses;
    this.dispatcher = dispatcher;
  }

  void register(Router router) {
    String base = "/admin/v1/demo/resources";
    router.addEvaluatingPreconditions(
        "POST",
        base,
        (ex, p, preconditions) -> {
          preconditions.run();
          requests.checkJsonBody(ex);
          requests.receiveBody(
              ex,
              dispatcher,
              body -> {
                Resource r = demo.addResource(spec(body));
                Responses.write(
                    ex,
                    responses.json(
                        201,
                        r,
                        Map.of(
                            "Location",
                            "/o2ims-infrastructureInventory/v1/resourcePools/"
                                + r.resourcePoolId()
                                + "/resources/"
                                + r.resourceId())));
              });
        });
    router.addEvaluatingPreconditions(
        "PATCH",
        base + "/{resourceId}",
        (ex, p, preconditions) -> {
          preconditions.run();
          UUID id = Requests.id(p, "resourceId");
          requests.checkJsonBody(ex);
          requests.receiveBody(
              ex,
              dispatcher,
              body -> Responses.write(ex, responses.json(demo.modifyResource(id, spec(body)))));
        });
    router.addEvaluatingPreconditions(
        "DELETE",
        base + "/{resourceId}",
        (ex, p, preconditions) -> {
          preconditions.run();
          UUID id = Requests.id(p, "resourceId");
          dispatcher.dispatch(
              ex,
              () -> {
                demo.removeResource(id);
                ex.setStatusCode(200);
                BodyWrites.end(ex);
              });
        });
  }

  private DemoInventorySource.NodeSpec spec(byte[] body) {
    JsonNode root;
    try {
      root = body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body);
    } catch (JacksonException e) {
      throw JsonBodyProblem.of(e, mapper.getFactory().streamReadConstraints());
    } catch (IOException e) {
      throw QueryProblem.badRequest("the request body cannot be read");
    }
    if (root == null || !root.isObject()) {
      throw QueryProblem.badRequest("the request body must be a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!MEMBERS.contains(name)) {
        throw member(
            name, "unknown member '" + name + "' (allowed: " + String.join(", ", MEMBERS) + ")");
      }
    }
    Map<String, String> labels = new LinkedHashMap<>();
    JsonNode l = root.path("labels");
    if (!l.isMissingNode()) {
      if (!l.isObject()) {
        throw member("labels", "labels must be an object of strings");
      }
      l.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    }
    Map<String, String> conditions = new LinkedHashMap<>();
    JsonNode c = root.path("conditions");
    if (!c.isMissingNode()) {
      if (!c.isObject()) {
        throw member(
            "conditions",
            "conditions must be an object of condition type to True, False or Unknown");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual() || !STATUSES.contains(e.getValue().asText())) {
          throw member("conditions", "condition " + e.getKey() + " must be True, False or Unknown");
        }
        conditions.put(e.getKey(), e.getValue().asText());
      }
    }
    return new DemoInventorySource.NodeSpec(
        text(root, "nodeName"),
        text(root, "resourcePoolId").map(t -> id("resourcePoolId", t)),
        text(root, "resourceTypeId").map(t -> id("resourceTypeId", t)),
        bool(root, "ready"),
        bool(root, "unschedulable"),
        labels,
        conditions);
  }

  private static Optional<String> text(JsonNode root, String name) {
    JsonNode n = root.get(name);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw member(name, name + " must be a string");
    }
    return Optional.of(n.asText());
  }

  private static Optional<Boolean> bool(JsonNode root, String name) {
    JsonNode n = root.get(name);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isBoolean()) {
      throw member(name, name + " must be true or false");
    }
    return Optional.of(n.asBoolean());
  }

  /** A body member's id: as a path id ({@link Requests#id}), the problem naming the member too. */
  private static UUID id(String member, String text) {
    try {
      return Requests.id(Map.of(member, text), member);
    } catch (QueryProblem p) {
      Map<String, String> attributes = new LinkedHashMap<>(p.attributes());
      attributes.put("member", member);
      throw new QueryProblem(p.kind(), p.getMessage(), attributes);
    }
  }

  /** A 400 about one body member, named in {@code additionalAttributes.member}. */
  private static QueryProblem member(String member, String detail) {
    return new QueryProblem(QueryProblem.Kind.BAD_REQUEST, detail, Map.of("member", member));
  }
}
