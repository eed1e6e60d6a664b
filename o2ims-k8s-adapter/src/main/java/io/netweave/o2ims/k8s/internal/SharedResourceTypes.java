package io.netweave.o2ims.k8s.internal;

import io.netweave.o2ims.model.NodeAlarm;
import io.netweave.o2ims.model.ResourceType;
import java.util.UUID;

/**
 * Resource types shared across the clusters of one O-Cloud: one per distinct node flavour
 * (DECISIONS, "Kubernetes mapping: Resource type"), so a member cluster's type is re-identified in
 * the O-Cloud's id namespace. The O-Cloud's own cluster already derives its type ids there, so its
 * ids are unchanged.
 */
public final class SharedResourceTypes {
  private SharedResourceTypes() {}

  /**
   * The same flavour's type as the O-Cloud of this id identifies it (with its alarm dictionary).
   */
  public static ResourceType inOCloud(ResourceType type, UUID oCloudId) {
    Flavour f =
        new Flavour(
            String.valueOf(type.extensions().get("instanceType")),
            String.valueOf(type.extensions().get("architecture")),
            String.valueOf(type.extensions().get("operatingSystem")),
            type.vendor(),
            type.resourceKind());
    UUID id = new O2Ids(oCloudId).resourceType(f.key());
    return type.toBuilder()
        .resourceTypeId(id)
        .alarmDictionary(NodeAlarm.dictionary(oCloudId, id, f.vendor()))
        .build();
  }
}
