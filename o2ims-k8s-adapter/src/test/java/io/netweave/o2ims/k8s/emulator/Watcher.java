package io.netweave.o2ims.k8s.emulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One open watch: the events a client should see, already filtered by namespace and selectors, in
 * resourceVersion order. Filled under the store's lock, drained by the HTTP thread serving it.
 */
final class Watcher {
  /** A queued line: {@code type} and {@code object} as the wire carries them. */
  record Line(String type, ObjectNode object) {}

  static final Line CLOSE = new Line("CLOSE", JsonNodeFactory.instance.objectNode());

  private final EmulatedKind kind;
  private final String namespace;
  private final Selector selector;
  private final BlockingQueue<Line> queue = new LinkedBlockingQueue<>();
  private volatile long sentVersion;
  private volatile boolean cut;

  Watcher(EmulatedKind kind, String namespace, Selector selector) {
    this.kind = kind;
    this.namespace = namespace;
    this.selector = selector;
  }

  EmulatedKind kind() {
    return kind;
  }

  /** Queues what this watcher sees of a change, translating selector transitions. */
  void offer(WatchEvent event) {
    if (event.kind() != kind || !inNamespace(event.object())) {
      return;
    }
    boolean priorMatches = event.prior() != null && selector.matches(event.prior());
    boolean postMatches = !event.type().equals("DELETED") && selector.matches(event.object());
    String type;
    if (event.type().equals("DELETED")) {
      type = selector.matches(event.object()) ? "DELETED" : null;
    } else if (priorMatches && postMatches) {
      type = "MODIFIED";
    } else if (postMatches) {
      type = "ADDED";
    } else if (priorMatches) {
      type = "DELETED";
    } else {
      type = null;
    }
    if (type != null) {
      queue.add(new Line(type, event.object().deepCopy()));
    }
  }

  /** Queues a synthetic event (initial ADDED events, bookmarks, errors). */
  void offerLine(String type, ObjectNode object) {
    queue.add(new Line(type, object));
  }

  boolean wants(ObjectNode object) {
    return inNamespace(object) && selector.matches(object);
  }

  void close() {
    queue.add(CLOSE);
  }

  /** Drops what is queued and ends the watch with an ERROR event carrying {@code status}. */
  void expire(ObjectNode status) {
    queue.clear();
    queue.add(new Line("ERROR", status));
    queue.add(CLOSE);
  }

  /** The next line is written only half, then the response ends (a stream cut mid-event). */
  void cutNextLine() {
    cut = true;
  }

  /** Whether this line, about to be written, is to be cut: the next change (not a bookmark). */
  boolean cutNow(Line line) {
    return cut && !line.type().equals("BOOKMARK");
  }

  /** Records the resourceVersion of a line written to the client. */
  void sent(Line line) {
    String version = line.object().path("metadata").path("resourceVersion").asText("");
    if (!version.isEmpty()) {
      sentVersion = Long.parseLong(version);
    }
  }

  /** The resourceVersion of the last object written to the client (0 before any). */
  long sentVersion() {
    return sentVersion;
  }

  Line poll(long millis) throws InterruptedException {
    return queue.poll(millis, TimeUnit.MILLISECONDS);
  }

  private boolean inNamespace(ObjectNode object) {
    return namespace == null
        || namespace.equals(object.path("metadata").path("namespace").asText());
  }
}
