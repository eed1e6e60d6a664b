package io.netweave.o2ims.k8s.internal;

import io.netweave.o2ims.model.NameBasedUuid;
import java.util.UUID;

/**
 * Name-based (version 5, SHA-1) UUIDs: every O2 id is derived from the O-Cloud id and the backing
 * object's stable identity, so replicas and restarts agree on ids without storing them. Stateless.
 */
public final class O2Ids {
  /**
   * The O-Cloud id while it is not known yet (not configured, and the cluster's kube-system
   * namespace not seen): the nil UUID, which no derived or configured id can be. Snapshots carry it
   * until the id is known, and {@code oCloudIdKnown()} compares against it.
   */
  public static final UUID UNKNOWN_OCLOUD = new UUID(0, 0);

  /** The namespace of O-Cloud ids derived from a cluster's kube-system namespace UID. */
  static final UUID NETWEAVE_NAMESPACE = UUID.fromString("6f1c7a52-3b8e-5d4a-9c1e-2a7b9e0d4f11");

  private final UUID oCloudId;

  public O2Ids(UUID oCloudId) {
    this.oCloudId = oCloudId;
  }

  /** The O-Cloud id of the cluster whose kube-system namespace has this UID. */
  public static UUID oCloudFromKubeSystem(String kubeSystemUid) {
    return nameBased(NETWEAVE_NAMESPACE, "kube-system:" + kubeSystemUid);
  }

  UUID oCloud() {
    return oCloudId;
  }

  UUID resource(String nodeUid) {
    return nameBased(oCloudId, "Node:" + nodeUid);
  }

  UUID element(String nodeUid, String resourceName) {
    return nameBased(oCloudId, "Node:" + nodeUid + ":" + resourceName);
  }

  UUID pool(String labelKey, String poolName) {
    return nameBased(oCloudId, "ResourcePool:" + labelKey + "=" + poolName);
  }

  UUID resourceType(String flavourKey) {
    return nameBased(oCloudId, "ResourceType:" + flavourKey);
  }

  UUID deploymentManager() {
    return nameBased(oCloudId, "DeploymentManager:cluster");
  }

  /** RFC 9562 version 5 UUID of {@code name} in {@code namespace}. */
  static UUID nameBased(UUID namespace, String name) {
    return NameBasedUuid.v5(namespace, name);
  }
}
