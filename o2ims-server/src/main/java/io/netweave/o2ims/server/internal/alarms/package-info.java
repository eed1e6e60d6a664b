/**
 * Node alarms and the monitoring API's engine: the catalog of configured alarm rules, the
 * state-based evaluator that raises, changes and clears alarm records from node health (debounced
 * on the injected clock), the notifier that turns record transitions into alarm notifications
 * through the shared outbox (exactly once per transition and subscription, on the producer replica
 * only), alarm subscription filters, and the wiring the composition root calls.
 */
package io.netweave.o2ims.server.internal.alarms;
