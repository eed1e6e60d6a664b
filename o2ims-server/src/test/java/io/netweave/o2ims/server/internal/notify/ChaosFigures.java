package io.netweave.o2ims.server.internal.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/**
 * What a {@link Chaos} run measured; {@link #losses()} is what must be zero. {@code
 * toKilledReplicas} counts the requests a killed replica could not answer (expected); {@code
 * failedRequests} lists those that got no answer for another reason (each fails the run).
 */
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
    long toKilledReplicas,
    List<String> failedRequests,
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
    assertThat(failedRequests)
        .as("requests that got no answer from a replica the plan had not killed")
        .isEmpty();
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
            + " state %d), missing subscriptions %d, reads %d, 5xx %d%n"
            + "  requests unanswered: %d by a replica the plan had killed (expected), %d for"
            + " another reason%n",
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
        serverErrors.size(),
        toKilledReplicas,
        failedRequests.size());
  }

  /**
   * The figures, then what did not settle, which chains broke and which requests failed (empty
   * lines if nothing).
   */
  String report() {
    return this + lines(unsettled) + lines(breakDetails) + lines(failedRequests);
  }

  private static String lines(List<String> items) {
    return items.isEmpty() ? "" : String.join("\n", items) + "\n";
  }
}
