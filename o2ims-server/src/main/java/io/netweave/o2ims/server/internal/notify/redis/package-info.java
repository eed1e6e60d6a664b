/**
 * Notification storage shared by many replicas through Redis: the subscription store, the outbox
 * (per-subscription sorted queues written by Lua scripts that check the producer's fencing token)
 * and expiring leases. The Redis connection is borrowed from the composition root.
 */
package io.netweave.o2ims.server.internal.notify.redis;
