/**
 * The embedded subscription store: an H2 MVStore file in the data directory, committed before each
 * write returns, so that subscriptions survive a crash and restart of a single replica.
 */
package io.netweave.o2ims.server.internal.store;
