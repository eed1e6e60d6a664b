/**
 * Implementation of the response cache: the Caffeine tier, the Redis tier with its codec, key
 * space, connections and circuit breaker. May change without notice; use the public package.
 */
package io.netweave.o2ims.cache.internal;
