package io.netweave.o2ims.model;

/** How physical a resource type is ({@code resourceKind}). */
public enum ResourceKind {
  UNDEFINED,
  PHYSICAL,
  LOGICAL
}
