package io.netweave.o2ims.k8s.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Name-based (version 5, SHA-1) UUIDs: every O2 id is derived from the O-Cloud id and the backing
 * object's stable identity, so replicas and restarts agree on ids without storing them. Stateless.
 */
public final class O2Ids {
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

  UUID alarmDictionary(UUID resourceTypeId) {
    return nameBased(resourceTypeId, "AlarmDictionary");
  }

  UUID alarmDefinition(UUID resourceTypeId, String alarmName) {
    return nameBased(resourceTypeId, "AlarmDefinition:" + alarmName);
  }

  UUID deploymentManager() {
    return nameBased(oCloudId, "DeploymentManager:cluster");
  }

  /** RFC 4122 version 5 UUID of {@code name} in {@code namespace}. */
  static UUID nameBased(UUID namespace, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
    ByteBuffer ns = ByteBuffer.allocate(16);
    ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
    sha1.update(ns.array());
    byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }
}
