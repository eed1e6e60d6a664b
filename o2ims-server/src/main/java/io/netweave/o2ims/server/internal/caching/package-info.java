/**
 * Everything the server does around its response cache, in one place: building it from the {@code
 * cache} section ({@link io.netweave.o2ims.server.internal.caching.ResponseCaches}), the one key
 * scheme ({@link io.netweave.o2ims.server.internal.caching.ResponseKeys}), invalidation on
 * inventory changes, the disabled cache, and warming at startup.
 */
package io.netweave.o2ims.server.internal.caching;
