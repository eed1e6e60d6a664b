package io.netweave.o2ims.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.AlarmEventNotification;
import io.netweave.o2ims.model.InventoryChangeNotification;
import io.netweave.o2ims.model.NotificationSignature;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.ProblemDetails;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the HTTP requests an O2-IMS server sends to a subscription's callback into {@link
 * InventoryChangeNotification} records, or {@link AlarmEventNotification} records for alarm
 * subscriptions (a body with {@code alarmEventRecordId}), whatever HTTP server the SMO runs: hand
 * it the method, the headers and the body bytes, and answer with the {@link Result}'s status (and
 * problem body).
 *
 * <ul>
 *   <li>{@code GET} (the server's optional reachability probe) answers 204.
 *   <li>{@code POST} with a notification: when a secret is configured, the {@value
 *       NotificationSignature#HEADER} header must be {@code t=<unix-seconds>,v1=<hex
 *       HMAC-SHA256(secret, "<t>." + body)>} with {@code t} within the allowed clock skew (default
 *       5 minutes) of this receiver's clock (see {@link NotificationSignature}); otherwise 401. The
 *       body must be a notification (400 otherwise); reading is tolerant: unknown members are
 *       ignored, {@code notificationEventType} may be a string ({@code "1"}), object states sent as
 *       JSON-encoded strings are decoded, and an empty {@code consumerSubscriptionId} counts as
 *       absent. A valid notification answers 204.
 *   <li>Any other method: 405.
 * </ul>
 *
 * <p>Immutable and thread-safe; no I/O. {@link #receive} never throws for bad input.
 */
public final class NotificationReceiver {
  private final Optional<NotificationSignature> signature;
  private final Duration maxSkew;
  private final Clock clock;
  private final ObjectMapper mapper = O2Json.newMapper();

  private NotificationReceiver(
      Optional<NotificationSignature> signature, Duration maxSkew, Clock clock) {
    this.signature = signature;
    this.maxSkew = maxSkew;
    this.clock = clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Handles one callback request.
   *
   * @param method the HTTP method
   * @param headers the request headers (names compared case-insensitively)
   * @param body the exact body bytes
   */
  public Result receive(String method, Map<String, ? extends List<String>> headers, byte[] body) {
    if ("GET".equalsIgnoreCase(method) || "HEAD".equalsIgnoreCase(method)) {
      return new Result(204, Optional.empty(), Optional.empty());
    }
    if (!"POST".equalsIgnoreCase(method)) {
      return reject(405, "Method Not Allowed", "callbacks accept POST (and the GET probe)");
    }
    if (signature.isPresent()) {
      NotificationSignature.Verification v =
          signature
              .get()
              .verify(
                  header(headers, NotificationSignature.HEADER), body, clock.instant(), maxSkew);
      if (!v.valid()) {
        return reject(401, "Unauthorized", "signature check failed: " + v);
      }
    }
    try {
      if (isAlarmNotification(body)) {
        return new Result(204, Optional.empty(), Optional.empty(), Optional.of(parseAlarm(body)));
      }
      return new Result(204, Optional.of(parse(body)), Optional.empty());
    } catch (IllegalArgumentException e) {
      return reject(400, "Bad Request", e.getMessage());
    }
  }

  private boolean isAlarmNotification(byte[] body) {
    try {
      return mapper.readTree(body) instanceof ObjectNode o && o.has("alarmEventRecordId");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Reads an alarm event notification body (no signature check). Tolerant of other servers: {@code
   * notificationEventType} and {@code perceivedSeverity} may be strings, an empty {@code
   * consumerSubscriptionId} counts as absent, a missing {@code notificationId} (kni and pti send
   * none) is derived from the body (name-based, so a redelivery of the same body has the same id),
   * a missing {@code objectRef} is the record's path, a missing {@code alarmChangedTime} the raised
   * time and missing {@code extensions} empty.
   *
   * @throws IllegalArgumentException if the body is not a valid alarm notification
   */
  public AlarmEventNotification parseAlarm(byte[] body) {
    JsonNode node;
    try {
      node = mapper.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not JSON: " + e.getMessage(), e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalArgumentException("the body is not a JSON object");
    }
    JsonNode consumer = object.get("consumerSubscriptionId");
    if (consumer != null && (consumer.isNull() || consumer.asText().isEmpty())) {
      object.remove("consumerSubscriptionId");
    }
    if (!object.hasNonNull("notificationId")) {
      object.put("notificationId", java.util.UUID.nameUUIDFromBytes(body).toString());
    }
    if (!object.hasNonNull("objectRef")) {
      object.put(
          "objectRef",
          AlarmEventNotification.ALARMS_PATH + object.path("alarmEventRecordId").asText());
    }
    if (!object.hasNonNull("alarmChangedTime") && object.has("alarmRaisedTime")) {
      object.set("alarmChangedTime", object.get("alarmRaisedTime"));
    }
    if (!object.hasNonNull("extensions")) {
      object.putObject("extensions");
    }
    try {
      return mapper.treeToValue(object, AlarmEventNotification.class);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not an alarm notification: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a notification body (no signature check).
   *
   * @throws IllegalArgumentException if the body is not a valid notification
   */
  public InventoryChangeNotification parse(byte[] body) {
    JsonNode node;
    try {
      node = mapper.readTree(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not JSON: " + e.getMessage(), e);
    }
    if (!(node instanceof ObjectNode object)) {
      throw new IllegalArgumentException("the body is not a JSON object");
    }
    for (String state : new String[] {"priorObjectState", "postObjectState"}) {
      JsonNode value = object.get(state);
      if (value != null && value.isTextual()) {
        try {
          object.set(state, mapper.readTree(value.asText()));
        } catch (IOException e) {
          throw new IllegalArgumentException(state + " is a string that is not JSON", e);
        }
      }
      if (value != null && value.isNull()) {
        object.remove(state);
      }
    }
    JsonNode consumer = object.get("consumerSubscriptionId");
    if (consumer != null && (consumer.isNull() || consumer.asText().isEmpty())) {
      object.remove("consumerSubscriptionId");
    }
    try {
      return mapper.treeToValue(object, InventoryChangeNotification.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a notification: " + e.getMessage(), e);
    }
  }

  private static String header(Map<String, ? extends List<String>> headers, String name) {
    for (Map.Entry<String, ? extends List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  private static Result reject(int status, String title, String detail) {
    return new Result(
        status, Optional.empty(), Optional.of(ProblemDetails.of(status, title, detail, null)));
  }

  /**
   * What to answer: the status, the notification when one was accepted, and a problem body for a
   * rejection.
   *
   * @param status the HTTP status to answer (204, 400, 401 or 405)
   * @param notification the accepted notification; empty for a probe or a rejection
   * @param problem why the request was rejected; empty on success
   * @param alarm the accepted alarm event notification (a body with {@code alarmEventRecordId})
   */
  public record Result(
      int status,
      Optional<InventoryChangeNotification> notification,
      Optional<ProblemDetails> problem,
      Optional<AlarmEventNotification> alarm) {
    public Result {
      Objects.requireNonNull(notification, "notification");
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(alarm, "alarm");
    }

    /** A result without an alarm notification. */
    public Result(
        int status,
        Optional<InventoryChangeNotification> notification,
        Optional<ProblemDetails> problem) {
      this(status, notification, problem, Optional.empty());
    }

    /** Whether the request is answered 2xx (a notification or a probe). */
    public boolean accepted() {
      return status >= 200 && status < 300;
    }
  }

  /**
   * Configures a receiver: exactly one of {@link #secret} or {@link #unsigned()} must be chosen (so
   * that signature checking is never forgotten by accident). Not thread-safe.
   */
  public static final class Builder {
    private Optional<NotificationSignature> signature;
    private Duration maxSkew;
    private Clock clock;

    private Builder() {}

    /** Requires notifications signed with this shared secret. */
    public Builder secret(byte[] secret) {
      requireNoChoice();
      signature = Optional.of(new NotificationSignature(secret));
      return this;
    }

    /** Requires notifications signed with this shared secret (its UTF-8 bytes). */
    public Builder secret(String secret) {
      return secret(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Accepts notifications without checking any signature. */
    public Builder unsigned() {
      requireNoChoice();
      signature = Optional.empty();
      return this;
    }

    private void requireNoChoice() {
      if (signature != null) {
        throw new IllegalStateException("choose secret(...) or unsigned() once");
      }
    }

    /** The allowed difference between the sender's clock and ours; default 5 minutes. */
    public Builder maxClockSkew(Duration skew) {
      if (maxSkew != null) {
        throw new IllegalStateException("maxClockSkew is already set");
      }
      if (skew.isNegative()) {
        throw new IllegalArgumentException("maxClockSkew must not be negative");
      }
      maxSkew = skew;
      return this;
    }

    /** The clock signatures are checked against; default the system UTC clock. */
    public Builder clock(Clock value) {
      if (clock != null) {
        throw new IllegalStateException("clock is already set");
      }
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * @throws IllegalStateException if neither {@link #secret} nor {@link #unsigned()} was chosen,
     *     or a clock skew was set for unsigned notifications
     */
    public NotificationReceiver build() {
      if (signature == null) {
        throw new IllegalStateException(
            "choose secret(...) to verify signatures, or unsigned() to accept unsigned callbacks");
      }
      if (signature.isEmpty() && maxSkew != null) {
        throw new IllegalStateException("maxClockSkew only applies with secret(...)");
      }
      return new NotificationReceiver(
          signature,
          maxSkew != null ? maxSkew : NotificationSignature.DEFAULT_MAX_SKEW,
          clock != null ? clock : Clock.systemUTC());
    }
  }
}
