package io.netweave.o2ims.server.internal.query;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netweave.o2ims.model.AlarmDefinition;
import io.netweave.o2ims.model.AlarmEventRecord;
import io.netweave.o2ims.model.AlarmServiceConfiguration;
import io.netweave.o2ims.model.ApiVersion;
import io.netweave.o2ims.model.ApiVersions;
import io.netweave.o2ims.model.FieldSelector;
import io.netweave.o2ims.model.NodeAlarm;
import io.netweave.o2ims.model.ObjectSchema;
import io.netweave.o2ims.model.PageMarkerCodec;
import io.netweave.o2ims.model.PerceivedSeverity;
import io.netweave.o2ims.model.ProbableCause;
import io.netweave.o2ims.server.spi.AlarmStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The monitoring API's reads and writes as DECISIONS.md "Monitoring (alarms)" specifies: alarm
 * records (list with filter, selectors and keyset paging; get; PATCH acknowledge and clear), the
 * alarm service configuration and probable causes. Knows nothing about HTTP; every method may block
 * on the store (call it off event-loop threads). Thread-safe.
 *
 * <p>Refusals are {@link QueryProblem}s: BAD_REQUEST for bodies the rules refuse, NOT_FOUND for an
 * unknown id, CONFLICT for clearing an AUTOMATIC alarm (and a repeated acknowledgement when so
 * configured).
 */
public final class AlarmQueryService {
  /** The monitoring API's URI prefix. */
  public static final String PREFIX = "/o2ims-infrastructureMonitoring";

  private static final Set<String> PATCH_MEMBERS = Set.of("alarmAcknowledged", "perceivedSeverity");
  private static final Set<String> CONFIG_MEMBERS = Set.of("retentionPeriod", "extensions");
  private static final int CAS_ATTEMPTS = 16;

  private final AlarmStore store;
  private final ObjectMapper mapper;
  private final Pager pager;
  private final Clock clock;
  private final boolean repeatAcknowledgeConflict;
  private final Supplier<List<ProbableCause>> probableCauses;
  private final Runnable onWrite;
  private final Object reload = new Object();
  private volatile Snapshot snapshot = new Snapshot(Long.MIN_VALUE, Map.of());

  /** The records as trees (never changed once built) and the store revision they were read at. */
  private record Snapshot(long revision, Map<String, ObjectNode> trees) {}

  /**
   * @param probableCauses the probable causes (ids depend on the O-Cloud id, learnt at run time)
   * @param onWrite called after a record changed through the API (so the producer notifies soon)
   */
  public AlarmQueryService(
      AlarmStore store,
      ObjectMapper mapper,
      PageMarkerCodec markers,
      int pageSize,
      Clock clock,
      boolean repeatAcknowledgeConflict,
      Supplier<List<ProbableCause>> probableCauses,
      Runnable onWrite) {
    this.store = store;
    this.mapper = mapper;
    this.pager = new Pager(markers, pageSize, mapper);
    this.clock = clock;
    this.repeatAcknowledgeConflict = repeatAcknowledgeConflict;
    this.probableCauses = probableCauses;
    this.onWrite = onWrite;
  }

  /** {@code {MON}/api_versions}. */
  public ApiVersions apiVersions() {
    return new ApiVersions(PREFIX, List.of(new ApiVersion("1.1.0")));
  }

  /** {@code {MON}/v1/api_versions}. */
  public ApiVersions v1Versions() {
    return new ApiVersions(PREFIX + "/v1", List.of(new ApiVersion("1.1.0")));
  }

  /** A page of alarm records; filters may use the {@code ...Id} aliases. */
  public Page list(ListQuery query, String path) {
    query.filter().validate(ObjectSchema.ALARM_EVENT_RECORD_FILTER);
    query.selector().validate(ObjectSchema.ALARM_EVENT_RECORD);
    boolean aliases =
        query.filter().terms().stream()
            .anyMatch(t -> ObjectSchema.ALARM_ID_ALIASES.containsKey(t.path().get(0)));
    return pager.pageTrees(
        trees(),
        query,
        ObjectSchema.ALARM_EVENT_RECORD,
        path,
        o -> query.filter().matches(aliases ? withAliases(o) : o));
  }

  /**
   * Every record as a tree, in id order, as new as the store's revision read first: decoded again
   * only when the revision moved, so the lists and pages read between two writes share one copy
   * (read-only) instead of each reading and decoding every record.
   */
  private Map<String, ObjectNode> trees() {
    long revision = store.revision();
    Snapshot s = snapshot;
    if (s.revision() == revision) {
      return s.trees();
    }
    synchronized (reload) {
      s = snapshot;
      if (s.revision() == revision) {
        return s.trees();
      }
      Map<String, ObjectNode> all = new LinkedHashMap<>();
      for (AlarmEventRecord r : store.list()) {
        all.put(r.alarmEventRecordId().toString(), mapper.valueToTree(r));
      }
      s = new Snapshot(revision, Collections.unmodifiableMap(all));
      snapshot = s;
      return s.trees();
    }
  }

  /** One alarm record. */
  public JsonNode get(UUID id, FieldSelector selector) {
    selector.validate(ObjectSchema.ALARM_EVENT_RECORD);
    ObjectNode o = mapper.valueToTree(record(id));
    return selector.selectsAll() ? o : selector.apply(o, ObjectSchema.ALARM_EVENT_RECORD);
  }

  /**
   * Applies an {@code AlarmEventRecordModifications} body: acknowledge, or clear a MANUAL alarm.
   *
   * @return the modifications applied (the body's member)
   */
  public Map<String, Object> patch(UUID id, byte[] body) {
    return patch(id, body, () -> {});
  }

  /**
   * PATCH of one alarm record.
   *
   * @param precondition run once the body is valid and the record found, before it changes; it
   *     throws to refuse the PATCH (the HTTP layer's conditional headers), and then nothing changes
   */
  public Map<String, Object> patch(UUID id, byte[] body, Runnable precondition) {
    ObjectNode root = object(body);
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!PATCH_MEMBERS.contains(name)) {
        throw member(
            name, "unknown member '" + name + "' (allowed: alarmAcknowledged, perceivedSeverity)");
      }
    }
    if (root.size() != 1) {
      throw QueryProblem.badRequest(
          "give exactly one of alarmAcknowledged (true) and perceivedSeverity (5)");
    }
    JsonNode ack = root.get("alarmAcknowledged");
    if (ack != null) {
      if (!ack.isBoolean()) {
        throw member(
            "alarmAcknowledged", "alarmAcknowledged must be the JSON boolean true, not " + ack);
      }
      if (!ack.asBoolean()) {
        throw member("alarmAcknowledged", "alarmAcknowledged can only be set to true");
      }
      acknowledge(id, precondition);
      return Map.of("alarmAcknowledged", true);
    }
    JsonNode severity = root.get("perceivedSeverity");
    if (!severity.isIntegralNumber()) {
      throw member(
          "perceivedSeverity", "perceivedSeverity must be the JSON number 5, not " + severity);
    }
    if (severity.asInt() != PerceivedSeverity.CLEARED.code()) {
      throw member(
          "perceivedSeverity",
          "perceivedSeverity can only be set to 5 (CLEARED) to clear an alarm");
    }
    clear(id, precondition);
    return Map.of("perceivedSeverity", PerceivedSeverity.CLEARED.code());
  }

  private void acknowledge(UUID id, Runnable precondition) {
    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      AlarmEventRecord r = record(id);
      precondition.run();
      if (!r.active()) {
        return; // a cleared record never changes again: 200, no notification
      }
      if (r.alarmAcknowledged()) {
        if (repeatAcknowledgeConflict) {
          throw new QueryProblem(
              QueryProblem.Kind.CONFLICT,
              "alarm " + id + " is already acknowledged",
              Map.of("alarmEventRecordId", id.toString()));
        }
        return;
      }
      // alarmChangedTime: "when any value of the AlarmEventRecord is modified" (kni, pti)
      Instant now = clock.instant();
      if (store.replace(r, r.toBuilder().alarmChangedTime(now).acknowledged(now).build())) {
        onWrite.run();
        return;
      }
    }
    throw new IllegalStateException("alarm " + id + " keeps changing; acknowledgement not stored");
  }

  private void clear(UUID id, Runnable precondition) {
    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      AlarmEventRecord r = record(id);
      precondition.run();
      if (clearingType(r) != AlarmDefinition.ClearingType.MANUAL) {
        throw new QueryProblem(
            QueryProblem.Kind.CONFLICT,
            "alarm "
                + id
                + " has clearing type AUTOMATIC: it clears when its condition recovers, not"
                + " through the API",
            Map.of("alarmEventRecordId", id.toString()));
      }
      if (!r.active()) {
        return;
      }
      Map<String, Object> ext = new LinkedHashMap<>(r.extensions());
      ext.put("clearReason", "clearedByOperator");
      Instant now = clock.instant();
      AlarmEventRecord cleared =
          r.toBuilder().extensions(ext).alarmChangedTime(now).cleared(now).build();
      if (store.replace(r, cleared)) {
        onWrite.run();
        return;
      }
    }
    throw new IllegalStateException("alarm " + id + " keeps changing; clear not stored");
  }

  /** Every node alarm definition is AUTOMATIC; other definitions would say so in their record. */
  private static AlarmDefinition.ClearingType clearingType(AlarmEventRecord r) {
    Object name = r.extensions().get("alarmName");
    return NodeAlarm.byName(String.valueOf(name)).isPresent()
        ? AlarmDefinition.ClearingType.AUTOMATIC
        : AlarmDefinition.ClearingType.MANUAL;
  }

  /** The alarm service configuration. */
  public AlarmServiceConfiguration configuration() {
    return store.configuration();
  }

  /** The alarm service configuration as the attribute selector asks for it. */
  public JsonNode configuration(FieldSelector selector) {
    selector.validate(ObjectSchema.ALARM_SERVICE_CONFIGURATION);
    ObjectNode o = mapper.valueToTree(store.configuration());
    return selector.selectsAll() ? o : selector.apply(o, ObjectSchema.ALARM_SERVICE_CONFIGURATION);
  }

  /** PUT: replaces the configuration ({@code retentionPeriod} required). */
  public AlarmServiceConfiguration replaceConfiguration(byte[] body) {
    return replaceConfiguration(body, () -> {});
  }

  /**
   * PUT: replaces the configuration ({@code retentionPeriod} required).
   *
   * @param precondition run once the body is valid, before the configuration is stored; it throws
   *     to refuse the PUT (the HTTP layer's conditional headers), and then nothing changes
   */
  public AlarmServiceConfiguration replaceConfiguration(byte[] body, Runnable precondition) {
    ObjectNode root = configurationBody(body);
    if (!root.has("retentionPeriod")) {
      throw member("retentionPeriod", "retentionPeriod is required");
    }
    AlarmServiceConfiguration next =
        new AlarmServiceConfiguration(
            retention(root.get("retentionPeriod")), extensions(root.get("extensions"), Map.of()));
    precondition.run();
    store.configure(next);
    return next;
  }

  /** PATCH: merges the members given into the configuration (JSON merge patch). */
  public AlarmServiceConfiguration patchConfiguration(byte[] body) {
    return patchConfiguration(body, () -> {});
  }

  /**
   * PATCH: merges the members given into the configuration (JSON merge patch).
   *
   * @param precondition run once the merged configuration is valid, before it is stored; it throws
   *     to refuse the PATCH (the HTTP layer's conditional headers), and then nothing changes
   */
  public AlarmServiceConfiguration patchConfiguration(byte[] body, Runnable precondition) {
    ObjectNode root = configurationBody(body);
    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      AlarmServiceConfiguration current = store.configuration();
      AlarmServiceConfiguration next = merged(current, root);
      precondition.run();
      // a compare-and-set: a merge made meanwhile (on any replica) is merged into, never lost
      if (store.configure(current, next)) {
        return next;
      }
    }
    throw new IllegalStateException(
        "the alarm service configuration keeps changing; the merge was not stored");
  }

  private AlarmServiceConfiguration merged(AlarmServiceConfiguration current, ObjectNode root) {
    int retention =
        root.has("retentionPeriod")
            ? retention(root.get("retentionPeriod"))
            : current.retentionPeriod();
    Map<String, Object> ext = current.extensions();
    JsonNode patch = root.get("extensions");
    if (patch != null) {
      if (patch.isNull()) {
        ext = Map.of();
      } else {
        ObjectNode merged = mapper.valueToTree(current.extensions());
        mergePatch(merged, object("extensions", patch));
        ext = extensions(merged, Map.of());
      }
    }
    return new AlarmServiceConfiguration(retention, ext);
  }

  /** A page of probable causes. */
  public Page probableCauses(ListQuery query, String path) {
    query.filter().validate(ObjectSchema.PROBABLE_CAUSE);
    query.selector().validate(ObjectSchema.PROBABLE_CAUSE);
    Map<String, ObjectNode> all = new java.util.TreeMap<>();
    for (ProbableCause c : probableCauses.get()) {
      all.put(c.probableCauseId().toString(), mapper.valueToTree(c));
    }
    return pager.pageTrees(all, query, ObjectSchema.PROBABLE_CAUSE, path);
  }

  /** One probable cause. */
  public JsonNode probableCause(UUID id, FieldSelector selector) {
    selector.validate(ObjectSchema.PROBABLE_CAUSE);
    ProbableCause cause =
        probableCauses.get().stream()
            .filter(c -> c.probableCauseId().equals(id))
            .findFirst()
            .orElseThrow(() -> QueryProblem.notFound("probable cause", id));
    ObjectNode o = mapper.valueToTree(cause);
    return selector.selectsAll() ? o : selector.apply(o, ObjectSchema.PROBABLE_CAUSE);
  }

  private AlarmEventRecord record(UUID id) {
    return store.get(id).orElseThrow(() -> QueryProblem.notFound("alarm event record", id));
  }

  private ObjectNode withAliases(ObjectNode view) {
    ObjectNode copy = view.deepCopy();
    ObjectSchema.ALARM_ID_ALIASES.forEach(
        (alias, member) -> {
          JsonNode v = view.get(member);
          if (v != null) {
            copy.set(alias, v);
          }
        });
    return copy;
  }

  private ObjectNode configurationBody(byte[] body) {
    ObjectNode root = object(body);
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!CONFIG_MEMBERS.contains(name)) {
        throw member(name, "unknown member '" + name + "' (allowed: retentionPeriod, extensions)");
      }
    }
    return root;
  }

  private static int retention(JsonNode node) {
    if (node == null || !node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
      throw member("retentionPeriod", "retentionPeriod must be a whole number of days, at least 1");
    }
    return node.asInt();
  }

  private Map<String, Object> extensions(JsonNode node, Map<String, Object> absent) {
    if (node == null || node.isNull()) {
      return absent;
    }
    return mapper.convertValue(
        object("extensions", node),
        new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
  }

  private static ObjectNode object(String member, JsonNode node) {
    if (!node.isObject()) {
      throw member(member, member + " must be a JSON object");
    }
    return (ObjectNode) node;
  }

  private static void mergePatch(ObjectNode target, ObjectNode patch) {
    patch
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNull()) {
                target.remove(e.getKey());
              } else if (e.getValue().isObject()
                  && target.get(e.getKey()) instanceof ObjectNode t) {
                mergePatch(t, (ObjectNode) e.getValue());
              } else {
                target.set(e.getKey(), e.getValue());
              }
            });
  }

  private ObjectNode object(byte[] body) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JacksonException e) {
      throw JsonBodyProblem.of(e, mapper.getFactory().streamReadConstraints());
    } catch (IOException e) {
      throw QueryProblem.badRequest("the request body cannot be read");
    }
    if (root == null || !root.isObject()) {
      throw QueryProblem.badRequest("the request body must be a JSON object");
    }
    return (ObjectNode) root;
  }

  private static QueryProblem member(String member, String detail) {
    return new QueryProblem(QueryProblem.Kind.BAD_REQUEST, detail, Map.of("member", member));
  }
}
