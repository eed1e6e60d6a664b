package io.netweave.o2ims.k8s.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The emulator's etcd: objects as JSON trees, one global resourceVersion counter, a bounded history
 * of changes for watches, and the open watchers. Every method holds the store's monitor, so a
 * change, its resourceVersion and its delivery to watchers are one atomic step.
 */
final class ObjectStore {
  /**
   * One page of a list: each item already serialized as a list carries it (without {@code kind} and
   * {@code apiVersion}).
   */
  record Page(List<byte[]> items, long resourceVersion, String continueToken, long remaining) {}

  private final Clock clock;
  private final ObjectMapper mapper;
  private final Map<EmulatedKind, TreeMap<String, ObjectNode>> objects =
      new EnumMap<>(EmulatedKind.class);
  // Each stored object's list item bytes, written once when it is committed, so that listing
  // 50,000 nodes costs copying bytes rather than copying and serializing JSON trees.
  private final Map<EmulatedKind, Map<String, byte[]>> listItems =
      new EnumMap<>(EmulatedKind.class);
  private final ArrayDeque<WatchEvent> history = new ArrayDeque<>();
  private final Set<Watcher> watchers = new CopyOnWriteArraySet<>();
  private final int maxHistory;
  private long resourceVersion = 1;
  private long compactedThrough = 1;
  private boolean watchesHeld;

  ObjectStore(Clock clock, ObjectMapper mapper, int maxHistory) {
    this.clock = clock;
    this.mapper = mapper;
    this.maxHistory = maxHistory;
    for (EmulatedKind kind : EmulatedKind.values()) {
      objects.put(kind, new TreeMap<>());
      listItems.put(kind, new HashMap<>());
    }
  }

  synchronized long resourceVersion() {
    return resourceVersion;
  }

  synchronized ObjectNode get(EmulatedKind kind, String namespace, String name) {
    ObjectNode found = objects.get(kind).get(key(namespace, name));
    if (found == null) {
      throw ApiError.notFound(kind, name);
    }
    return found.deepCopy();
  }

  synchronized Page list(
      EmulatedKind kind, String namespace, Selector selector, int limit, String continueToken) {
    long listVersion = resourceVersion;
    String after = null;
    if (continueToken != null && !continueToken.isEmpty()) {
      String decoded =
          new String(Base64.getUrlDecoder().decode(continueToken), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      listVersion = Long.parseLong(decoded.substring(0, colon));
      after = decoded.substring(colon + 1);
      if (listVersion < compactedThrough) {
        throw ApiError.expired(
            "The provided continue parameter is too old to display a consistent list result."
                + " You can start a new list without the continue parameter.");
      }
    }
    Map<String, ObjectNode> source =
        after == null ? objects.get(kind) : objects.get(kind).tailMap(after, false);
    List<byte[]> items = new ArrayList<>();
    Map<String, byte[]> bytes = listItems.get(kind);
    String lastKey = null;
    long remaining = 0;
    for (Map.Entry<String, ObjectNode> e : source.entrySet()) {
      ObjectNode object = e.getValue();
      if (!inNamespace(object, namespace) || !selector.matches(object)) {
        continue;
      }
      if (limit > 0 && items.size() >= limit) {
        remaining++;
        continue;
      }
      items.add(bytes.get(e.getKey()));
      lastKey = e.getKey();
    }
    String token = "";
    if (remaining > 0) {
      token =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString((listVersion + ":" + lastKey).getBytes(StandardCharsets.UTF_8));
    }
    return new Page(items, listVersion, token, remaining);
  }

  synchronized ObjectNode create(EmulatedKind kind, String namespace, ObjectNode body) {
    ObjectNode object = body.deepCopy();
    ObjectNode metadata = metadataOf(object);
    String name = metadata.path("name").asText("");
    if (name.isEmpty() && metadata.hasNonNull("generateName")) {
      name = metadata.get("generateName").asText() + UUID.randomUUID().toString().substring(0, 5);
      metadata.put("name", name);
    }
    if (name.isEmpty()) {
      throw new ApiError(
          422, "Invalid", kind.kind() + " is invalid: metadata.name: Required value");
    }
    String key = key(namespace, name);
    if (objects.get(kind).containsKey(key)) {
      throw new ApiError(409, "AlreadyExists", kind.plural() + " \"" + name + "\" already exists");
    }
    object.put("kind", kind.kind());
    object.put("apiVersion", kind.apiVersion());
    if (kind.namespaced()) {
      metadata.put("namespace", namespace);
    } else {
      metadata.remove("namespace");
    }
    metadata.put("uid", UUID.randomUUID().toString());
    metadata.put("creationTimestamp", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
    metadata.remove("resourceVersion");
    if (kind == EmulatedKind.NAMESPACE && !object.has("status")) {
      object.putObject("status").put("phase", "Active");
    }
    return commit(kind, key, null, object, "ADDED");
  }

  /**
   * Replaces an object (or only its status when {@code statusOnly}), refusing a stale
   * resourceVersion with 409.
   */
  synchronized ObjectNode update(
      EmulatedKind kind, String namespace, String name, ObjectNode body, boolean statusOnly) {
    String key = key(namespace, name);
    ObjectNode existing = objects.get(kind).get(key);
    if (existing == null) {
      throw ApiError.notFound(kind, name);
    }
    String expected = body.path("metadata").path("resourceVersion").asText("");
    if (!expected.isEmpty() && !expected.equals(versionOf(existing))) {
      throw new ApiError(
          409,
          "Conflict",
          "Operation cannot be fulfilled on "
              + kind.plural()
              + " \""
              + name
              + "\": the object has been modified; please apply your changes to the latest"
              + " version and try again");
    }
    ObjectNode next;
    if (statusOnly) {
      next = existing.deepCopy();
      if (body.has("status")) {
        next.set("status", body.get("status").deepCopy());
      }
    } else {
      next = body.deepCopy();
      ObjectNode metadata = metadataOf(next);
      JsonNode old = existing.get("metadata");
      for (String kept : List.of("name", "namespace", "uid", "creationTimestamp")) {
        if (old.has(kept)) {
          metadata.set(kept, old.get(kept));
        } else {
          metadata.remove(kept);
        }
      }
      next.put("kind", kind.kind());
      next.put("apiVersion", kind.apiVersion());
      if (kind.hasStatus()) {
        next.remove("status");
        if (existing.has("status")) {
          next.set("status", existing.get("status").deepCopy());
        }
      }
    }
    metadataOf(next).put("resourceVersion", versionOf(existing));
    if (next.equals(existing)) {
      return existing.deepCopy();
    }
    return commit(kind, key, existing, next, "MODIFIED");
  }

  /** Applies a JSON merge patch (RFC 7386) and stores the result as an update. */
  synchronized ObjectNode patch(
      EmulatedKind kind, String namespace, String name, JsonNode patch, boolean statusOnly) {
    if (!patch.isObject()) {
      throw ApiError.badRequest("a merge patch must be a JSON object");
    }
    ObjectNode merged = get(kind, namespace, name);
    String patchedVersion = patch.path("metadata").path("resourceVersion").asText("");
    mergeInto(merged, (ObjectNode) patch);
    if (patchedVersion.isEmpty()) {
      metadataOf(merged).remove("resourceVersion");
    }
    return update(kind, namespace, name, merged, statusOnly);
  }

  synchronized ObjectNode delete(EmulatedKind kind, String namespace, String name) {
    String key = key(namespace, name);
    ObjectNode existing = objects.get(kind).get(key);
    if (existing == null) {
      throw ApiError.notFound(kind, name);
    }
    ObjectNode gone = existing.deepCopy();
    return commit(kind, key, existing, gone, "DELETED");
  }

  /**
   * Registers a watcher and queues what it must see first: every current object as ADDED when
   * {@code fromVersion} is empty or "0", else every retained change after it, or a 410 error line
   * when the history no longer reaches back that far.
   */
  synchronized void watch(Watcher watcher, String fromVersion) {
    if (fromVersion == null || fromVersion.isEmpty() || fromVersion.equals("0")) {
      for (ObjectNode object : objects.get(watcher.kind()).values()) {
        if (watcher.wants(object)) {
          watcher.offerLine("ADDED", object.deepCopy());
        }
      }
    } else {
      long from;
      try {
        from = Long.parseLong(fromVersion);
      } catch (NumberFormatException e) {
        throw ApiError.badRequest("invalid resourceVersion: " + fromVersion);
      }
      if (from < compactedThrough) {
        ApiError gone =
            ApiError.expired("too old resource version: " + from + " (" + compactedThrough + ")");
        watcher.offerLine("ERROR", gone.toStatus());
        watcher.close();
        return;
      }
      for (WatchEvent event : history) {
        if (event.resourceVersion() > from) {
          watcher.offer(event);
        }
      }
    }
    watchers.add(watcher);
  }

  synchronized void bookmark(Watcher watcher) {
    if (watchesHeld) {
      // a bookmark never runs ahead of the events its watcher has been sent
      return;
    }
    ObjectNode object = JsonNodeFactory.instance.objectNode();
    object.put("kind", watcher.kind().kind());
    object.put("apiVersion", watcher.kind().apiVersion());
    object.putObject("metadata").put("resourceVersion", Long.toString(resourceVersion));
    watcher.offerLine("BOOKMARK", object);
  }

  void unwatch(Watcher watcher) {
    watchers.remove(watcher);
  }

  /** Ends every open watch (the server is going away). */
  void closeWatchers() {
    for (Watcher w : watchers) {
      w.close();
    }
    watchers.clear();
  }

  /**
   * Open watches stop receiving changes (they stay open; bookmarks still come), as the watchers of
   * an API server whose watch cache has fallen behind: what changes meanwhile is only in the
   * history, until {@link #expireWatches()}.
   */
  synchronized void holdWatches() {
    watchesHeld = true;
  }

  /**
   * Forgets the history and ends every open watch with the ERROR event a kube-apiserver sends a
   * watcher it can no longer serve (410 Expired, "too old resource version"); watches are no longer
   * held. What changed while they were held reaches clients only through a relist.
   */
  synchronized void expireWatches() {
    long through = resourceVersion;
    for (Watcher w : watchers) {
      ApiError gone =
          ApiError.expired("too old resource version: " + w.sentVersion() + " (" + through + ")");
      w.expire(gone.toStatus());
    }
    watchers.clear();
    watchesHeld = false;
    compact();
  }

  /** Every open watch writes half of its next line and then ends its response. */
  void cutWatches() {
    for (Watcher w : watchers) {
      w.cutNextLine();
    }
  }

  /**
   * Another write happens (one etcd revision, to a kind not emulated, as Events and Leases keep
   * writing in a real cluster), then the history is compacted: every resourceVersion up to now,
   * list continue tokens included, becomes "too old".
   */
  synchronized void compactPastNow() {
    resourceVersion++;
    compact();
  }

  /** Forgets the whole change history: every older resourceVersion becomes "too old". */
  synchronized void compact() {
    history.clear();
    compactedThrough = resourceVersion;
  }

  private ObjectNode commit(
      EmulatedKind kind, String key, ObjectNode prior, ObjectNode object, String type) {
    resourceVersion++;
    metadataOf(object).put("resourceVersion", Long.toString(resourceVersion));
    if (type.equals("DELETED")) {
      objects.get(kind).remove(key);
      listItems.get(kind).remove(key);
    } else {
      objects.get(kind).put(key, object);
      ObjectNode item = object.deepCopy();
      item.remove("kind");
      item.remove("apiVersion");
      try {
        listItems.get(kind).put(key, mapper.writeValueAsBytes(item));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    WatchEvent event = new WatchEvent(resourceVersion, type, kind, object, prior);
    history.addLast(event);
    while (history.size() > maxHistory) {
      compactedThrough = history.removeFirst().resourceVersion();
    }
    if (!watchesHeld) {
      for (Iterator<Watcher> it = watchers.iterator(); it.hasNext(); ) {
        it.next().offer(event);
      }
    }
    return object.deepCopy();
  }

  private static void mergeInto(ObjectNode target, ObjectNode patch) {
    patch
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode value = e.getValue();
              if (value.isNull()) {
                target.remove(e.getKey());
              } else if (value.isObject() && target.get(e.getKey()) instanceof ObjectNode child) {
                mergeInto(child, (ObjectNode) value);
              } else {
                target.set(e.getKey(), value.deepCopy());
              }
            });
  }

  private static ObjectNode metadataOf(ObjectNode object) {
    return object.get("metadata") instanceof ObjectNode m ? m : object.putObject("metadata");
  }

  private static String versionOf(ObjectNode object) {
    return object.path("metadata").path("resourceVersion").asText();
  }

  private static boolean inNamespace(ObjectNode object, String namespace) {
    return namespace == null
        || namespace.equals(object.path("metadata").path("namespace").asText());
  }

  private static String key(String namespace, String name) {
    return (namespace == null ? "" : namespace) + "/" + name;
  }
}
