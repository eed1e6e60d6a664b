package io.netweave.o2ims.server.internal.security;

import io.netweave.o2ims.server.spi.OwnerKeys;
import io.netweave.o2ims.server.spi.StoredSubscription;
import java.util.List;

/**
 * Who sees which subscription: an admin (or every request when authentication is off) sees all;
 * anyone else only those it {@link OwnerKeys#owns owns}: whose {@link StoredSubscription#owner()}
 * is its {@link AuthenticatedPrincipal#owner() owner key}, so a token and a certificate with the
 * same subject string are two owners (and a bare owner stored by an earlier release goes to one of
 * them only, as {@link OwnerKeys} says). A subscription the caller may not see is answered exactly
 * like one that does not exist (404), so a subscriber cannot probe other clients' subscription ids.
 * Stateless and thread-safe.
 */
public final class SubscriptionAccess {
  private SubscriptionAccess() {}

  public static boolean visibleTo(AuthenticatedPrincipal principal, StoredSubscription stored) {
    return principal.roles().contains(Role.ADMIN)
        || OwnerKeys.owns(principal.owner(), stored.owner());
  }

  /** The subscriptions the principal may see, in the given order. */
  public static List<StoredSubscription> visible(
      AuthenticatedPrincipal principal, List<StoredSubscription> all) {
    return all.stream().filter(s -> visibleTo(principal, s)).toList();
  }
}
