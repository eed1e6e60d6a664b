package io.netweave.o2ims.server.internal.notify;

import io.netweave.o2ims.server.internal.notify.delivery.CallbackClient;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackPolicy;
import io.netweave.o2ims.server.internal.notify.delivery.CallbackRefusedException;

/**
 * What the subscription route calls before storing a subscription: the callback policy check and,
 * when {@code notifications.probe_callbacks} is on, a GET that must answer 2xx. Thread-safe.
 */
public final class SubscriptionCallbackValidator {
  private final CallbackPolicy policy;
  private final CallbackClient client;
  private final boolean probe;

  public SubscriptionCallbackValidator(
      CallbackPolicy policy, CallbackClient client, boolean probe) {
    this.policy = policy;
    this.client = client;
    this.probe = probe;
  }

  /**
   * Checks a callback URL of a subscription being created (a host that does not resolve yet is
   * accepted unless the probe is on; deliveries vet it again).
   *
   * @throws CallbackRefusedException with a message for the 400 problem detail
   */
  public void validate(String callback) {
    policy.vetAtCreate(callback);
    if (probe) {
      client.probe(callback);
    }
  }
}
