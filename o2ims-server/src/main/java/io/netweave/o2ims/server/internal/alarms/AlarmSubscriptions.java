package io.netweave.o2ims.server.internal.alarms;

import io.netweave.o2ims.model.AlarmSubscription;
import io.netweave.o2ims.model.ObjectSchema;
import io.netweave.o2ims.server.internal.query.SubscriptionService;

/**
 * Alarm subscriptions as the shared subscription service manages them: the id member {@code
 * alarmSubscriptionId}, the alarm filter language (a bare token and its expression are the same
 * filter, so they are duplicates of each other) and the {@code AlarmSubscriptionInfo} view. They
 * are stored as subscriptions in a store of their own. Stateless.
 */
public final class AlarmSubscriptions {
  /** The kind of the alarm subscription service. */
  public static final SubscriptionService.Kind KIND =
      new SubscriptionService.Kind(
          "alarmSubscriptionId",
          "alarm subscription",
          ObjectSchema.ALARM_SUBSCRIPTION,
          text -> AlarmFilter.parse(text).canonical(),
          s ->
              new AlarmSubscription(
                  s.subscriptionId(),
                  s.consumerSubscriptionId(),
                  s.filter(),
                  s.callback(),
                  s.consumerSubscriptionIdText()));

  private AlarmSubscriptions() {}
}
