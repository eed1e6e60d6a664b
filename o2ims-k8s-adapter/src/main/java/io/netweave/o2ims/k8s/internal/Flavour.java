package io.netweave.o2ims.k8s.internal;

import io.netweave.o2ims.model.ResourceKind;

/** A node flavour: the grouping key of a resource type. */
record Flavour(
    String instanceType, String architecture, String os, String vendor, ResourceKind kind) {

  /** The stable identity the type's id is derived from. */
  String key() {
    return instanceType + "|" + architecture + "|" + os + "|" + vendor + "|" + kind;
  }

  String displayName() {
    return instanceType + " (" + architecture + "/" + os + ", " + vendor + ")";
  }
}
