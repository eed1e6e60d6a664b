package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** What a {@link Chaos} run measured; {@link #losses()} is what must be zero. */
record ChaosFigures(
    String plan,
    int replicaKills,
    long changes,
    int subscriptions,
    long deliveries,
    long duplicates,
    long breaks,
    List<String> unsettled,
    List<String> breakDetails,
    List<String> missing,
    long reads,
    List<String> serverErrors,
    long rejoinSeconds) {
  long losses() {
    return breaks + unsettled.size();
  }

  /** Fails, with what went wrong, unless nothing was lost, missing or answered 5xx. */
  void assertNothingLost() {
    assertThat(breakDetails).as("chain breaks (lost or reordered changes)").isEmpty();
    assertThat(unsettled)
        .as("subscriptions whose notifications do not end in the final state")
        .isEmpty();
    assertThat(missing).as("acknowledged subscriptions missing").isEmpty();
    assertThat(serverErrors).as("reads answered 5xx").isEmpty();
    assertThat(changes).as("changes made").isPositive();
    assertThat(deliveries).as("deliveries").isPositive();
  }

  @Override
  public String toString() {
    return String.format(
        "chaos run: %s, %d replica kills, Redis master killed once (old master rejoined as a"
            + " replica through Sentinel after %d s), emulator restarted once%n"
            + "  changes %d, subscriptions %d, deliveries %d, duplicates %d (redeliveries of the"
            + " same notificationId), losses %d (chain breaks %d, subscriptions not in the final"
            + " state %d), missing subscriptions %d, reads %d, 5xx %d%n",
        plan,
        replicaKills,
        rejoinSeconds,
        changes,
        subscriptions,
        deliveries,
        duplicates,
        losses(),
        breaks,
        unsettled.size(),
        missing.size(),
        reads,
        serverErrors.size());
  }

  /** The figures, then what did not settle and which chains broke (empty lines if nothing). */
  String report() {
    return this
        + String.join("\n", unsettled)
        + (unsettled.isEmpty() ? "" : "\n")
        + String.join("\n", breakDetails)
        + (breakDetails.isEmpty() ? "" : "\n");
  }
}
