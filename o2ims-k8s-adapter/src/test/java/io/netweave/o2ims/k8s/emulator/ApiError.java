package io.netweave.o2ims.k8s.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A failed API call, answered as a {@code Status} object, as a kube-apiserver answers it. */
final class ApiError extends RuntimeException {
  private final int code;
  private final String reason;

  ApiError(int code, String reason, String message) {
    super(message);
    this.code = code;
    this.reason = reason;
  }

  static ApiError notFound(EmulatedKind kind, String name) {
    return new ApiError(404, "NotFound", kind.plural() + " \"" + name + "\" not found");
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, "BadRequest", message);
  }

  static ApiError expired(String message) {
    return new ApiError(410, "Expired", message);
  }

  int code() {
    return code;
  }

  /** The {@code Status} body. */
  ObjectNode toStatus() {
    return status(code, reason, getMessage());
  }

  static ObjectNode status(int code, String reason, String message) {
    ObjectNode status = JsonNodeFactory.instance.objectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", message);
    status.put("reason", reason);
    status.put("code", code);
    return status;
  }
}
