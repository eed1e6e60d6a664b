package io.netweave.o2ims.k8s.internal;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.TransformFunc;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.Objects;
import java.util.Set;

/**
 * The node informer's transform: replaces each Node by a {@link CompactNode} holding only its
 * {@link NodeFacts} (what the O2 view serves: name, uid, labels, allowed annotations, providerID,
 * unschedulable, capacity, allocatable, system info and conditions without heartbeat times), with
 * repeated strings and values interned, so that the informer's cache is the one copy of each node.
 * Managed fields, images, addresses, volumes, taints, heartbeat times and the Kubernetes client's
 * own objects ({@code Quantity}, {@code OffsetDateTime}, gson maps) are dropped. Also applied to
 * each page of the initial list, so that a 50,000-node list is never held whole. Thread-safe;
 * idempotent.
 */
public final class NodeCompactor implements TransformFunc {
  private final Set<String> annotationAllowList;
  private final ValueInterner interner;

  public NodeCompactor(Set<String> annotationAllowList, ValueInterner interner) {
    this.annotationAllowList = Set.copyOf(annotationAllowList);
    this.interner = Objects.requireNonNull(interner, "interner");
  }

  @Override
  public KubernetesObject transform(KubernetesObject object) {
    if (object instanceof CompactNode || !(object instanceof V1Node node)) {
      return object;
    }
    if (node.getMetadata() == null) {
      return object;
    }
    return new CompactNode(NodeFacts.of(node, annotationAllowList, interner));
  }

  /** {@link #transform} for a node, typed. */
  public V1Node compact(V1Node node) {
    return (V1Node) transform(node);
  }

  /** The facts of a node, compacted or not. */
  public NodeFacts facts(V1Node node) {
    return node instanceof CompactNode c
        ? c.facts()
        : NodeFacts.of(node, annotationAllowList, interner);
  }

  /**
   * A Node as the informer's cache holds it: its facts only. The informer reads no more than its
   * name (the cache key); its metadata is built on demand.
   */
  public static final class CompactNode extends V1Node {
    private final NodeFacts facts;

    CompactNode(NodeFacts facts) {
      this.facts = facts;
    }

    public NodeFacts facts() {
      return facts;
    }

    @Override
    public V1ObjectMeta getMetadata() {
      return new V1ObjectMeta().name(facts.name()).uid(facts.uid());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof CompactNode other && facts.equals(other.facts);
    }

    @Override
    public int hashCode() {
      return facts.hashCode();
    }

    @Override
    public String toString() {
      return "CompactNode" + facts;
    }
  }
}
