/**
 * The one Redis client of a gateway process: {@link
 * io.netweave.o2ims.server.internal.redis.SharedRedis} turns the {@code redis} section into a
 * {@link io.netweave.o2ims.cache.RedisConnector} (one Lettuce {@code ClientResources}) that the
 * composition root creates, lends to the response cache, the notification storage and the shared
 * rate limiter, and closes once, after them; {@link
 * io.netweave.o2ims.server.internal.redis.LateConnection} is how the notification storage and the
 * rate limiter open their connection on it without a Redis that is down at start stopping the
 * start.
 */
package io.netweave.o2ims.server.internal.redis;
