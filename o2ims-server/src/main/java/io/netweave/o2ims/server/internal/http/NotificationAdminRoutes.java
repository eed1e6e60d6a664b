package io.netweave.o2ims.server.internal.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.server.internal.notify.NotificationEngine;
import io.netweave.o2ims.server.internal.query.QueryProblem;
import io.netweave.o2ims.server.spi.DeadLetter;
import java.io.IOException;
import java.util.UUID;

/**
 * The notification admin endpoints: {@code GET /admin/v1/notifications/dead-letters} lists the
 * notifications that exhausted their attempts (oldest first, with the notification as it would be
 * sent); {@code POST /admin/v1/notifications/dead-letters/{deadLetterId}/replay} puts one back at
 * the tail of its subscription's queue with fresh attempts (202; 404 if unknown). Both read the
 * outbox, which may block, so they run on a worker thread.
 */
final class NotificationAdminRoutes {
  static final String BASE = "/admin/v1/notifications/dead-letters";

  private final NotificationEngine engine;
  private final ObjectMapper mapper;
  private final Responses responses;
  private final Dispatcher dispatcher;

  NotificationAdminRoutes(
      NotificationEngine engine, ObjectMapper mapper, Responses responses, Dispatcher dispatcher) {
    this.engine = engine;
    this.mapper = mapper;
    this.responses = responses;
    this.dispatcher = dispatcher;
  }

  void register(Router router) {
    router.add(
        "GET",
        BASE,
        (ex, p) -> dispatcher.dispatch(ex, () -> Responses.write(ex, responses.json(list()))));
    router.addEvaluatingPreconditions(
        "POST",
        BASE + "/{deadLetterId}/replay",
        (ex, p, preconditions) -> {
          preconditions.run();
          UUID id = Requests.id(p, "deadLetterId");
          dispatcher.dispatch(
              ex,
              () -> {
                if (!engine.replay(id)) {
                  throw QueryProblem.notFound("dead letter", id);
                }
                ex.setStatusCode(202);
                BodyWrites.end(ex);
              });
        });
  }

  private ArrayNode list() throws IOException {
    ArrayNode out = mapper.createArrayNode();
    for (DeadLetter d : engine.deadLetters()) {
      ObjectNode n = out.addObject();
      n.put("deadLetterId", d.id().toString());
      n.put("subscriptionId", d.entry().subscriptionId().toString());
      n.put("notificationId", d.entry().notificationId().toString());
      n.put("attempts", d.entry().attempts());
      n.put("reason", d.reason());
      n.put("createdAt", d.entry().createdAt().toString());
      n.put("deadAt", d.deadAt().toString());
      JsonNode body = mapper.readTree(d.entry().body());
      n.set("notification", body);
    }
    return out;
  }
}
