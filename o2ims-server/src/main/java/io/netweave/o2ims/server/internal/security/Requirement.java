package io.netweave.o2ims.server.internal.security;

import java.util.Locale;

/**
 * What a request needs, as {@link EndpointPolicy#requirement} decides: one role, or for a write
 * that decides what a subscription delivers, two. A subscription's notifications carry the objects
 * it selects (inventory objects in {@code postObjectState}/{@code priorObjectState}, alarm records
 * in alarm notifications), so creating or changing one needs the right to read them as well as the
 * right to own subscriptions: otherwise a subscriber without the reader role would be sent what it
 * may not GET. Deleting, listing and reading one's own subscriptions needs the subscriber role
 * alone (they deliver nothing). {@link Role#ADMIN} satisfies every requirement. Immutable.
 */
public enum Requirement {
  /** GET/HEAD of the inventory and monitoring data. */
  READ("", Role.READER),
  /** Listing, reading and deleting one's own subscriptions of either kind. */
  OWN_SUBSCRIPTIONS("", Role.SUBSCRIBER),
  /**
   * Creating (or changing) an inventory subscription: its notifications carry inventory objects.
   */
  INVENTORY_SUBSCRIPTION_WRITE("inventory objects", Role.SUBSCRIBER, Role.READER),
  /** Creating (or changing) an alarm subscription: its notifications carry alarm records. */
  ALARM_SUBSCRIPTION_WRITE("alarm records", Role.SUBSCRIBER, Role.READER),
  /** Admin paths, and writes other than subscriptions (alarm acknowledgement, configuration). */
  ADMIN("", Role.ADMIN);

  /** What a subscription written under this requirement delivers; empty for the others. */
  private final String delivered;

  // An array, not a Set: checked on every request, iterating it allocates nothing.
  private final Role[] roles;

  Requirement(String delivered, Role... roles) {
    this.delivered = delivered;
    this.roles = roles;
  }

  /** Whether the principal has every role this requirement names (admin has them all). */
  public boolean grantedTo(AuthenticatedPrincipal principal) {
    for (Role role : roles) {
      if (!principal.has(role)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The refusal's detail for a principal this requirement is not {@link #grantedTo granted to}: the
   * roles it lacks, and for a subscription write why the reader role is needed.
   */
  public String refusal(AuthenticatedPrincipal principal) {
    StringBuilder missing = new StringBuilder();
    int count = 0;
    for (Role role : roles) {
      if (!principal.has(role)) {
        missing.append(count == 0 ? "" : " and ").append(role.name().toLowerCase(Locale.ROOT));
        count++;
      }
    }
    String detail = "this operation needs the " + missing + (count == 1 ? " role" : " roles");
    boolean lacksReader = !principal.has(Role.READER);
    if (!delivered.isEmpty() && lacksReader) {
      detail +=
          ": a subscription's notifications carry "
              + delivered
              + ", which only the reader role may read";
    }
    return detail;
  }
}
