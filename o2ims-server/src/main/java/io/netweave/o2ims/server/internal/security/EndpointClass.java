package io.netweave.o2ims.server.internal.security;

/** The admission class of a request: decides the role it needs and its rate-limit budget. */
public enum EndpointClass {
  /** Health probes: no credentials, no rate limit. */
  PUBLIC,
  /** GET/HEAD of inventory, monitoring and the client's subscriptions. */
  READ,
  /** Subscription and alarm writes. */
  WRITE,
  /** The admin endpoints (and metrics). */
  ADMIN
}
