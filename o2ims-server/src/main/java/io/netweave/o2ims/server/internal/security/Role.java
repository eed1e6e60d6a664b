package io.netweave.o2ims.server.internal.security;

/** What an authenticated client may do. Roles add up; {@link #ADMIN} may do everything. */
public enum Role {
  /** GET the inventory and monitoring data. */
  READER,
  /** Create, read and delete its own subscriptions. */
  SUBSCRIBER,
  /** Everything, including other clients' subscriptions and the admin endpoints. */
  ADMIN
}
