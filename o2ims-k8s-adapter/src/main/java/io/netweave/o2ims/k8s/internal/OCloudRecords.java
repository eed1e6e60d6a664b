package io.netweave.o2ims.k8s.internal;

import io.netweave.o2ims.k8s.KubernetesSettings;
import io.netweave.o2ims.model.OCloudInfo;
import java.util.UUID;

/** The O-Cloud record a cluster's settings give under a given O-Cloud id. Stateless. */
public final class OCloudRecords {
  private OCloudRecords() {}

  /** The O-Cloud as a cluster of these settings describes it once its id is {@code oCloudId}. */
  public static OCloudInfo of(KubernetesSettings settings, UUID oCloudId) {
    return new RecordMapper(settings, new O2Ids(oCloudId)).oCloud();
  }
}
