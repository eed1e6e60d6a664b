package io.netweave.o2ims.model;

/** The functional role of a resource type within the cloud ({@code resourceClass}). */
public enum ResourceClass {
  UNDEFINED,
  COMPUTE,
  NETWORKING,
  STORAGE
}
