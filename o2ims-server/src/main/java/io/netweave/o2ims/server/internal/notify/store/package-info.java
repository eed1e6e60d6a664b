/**
 * The embedded notification storage for a single replica: the outbox in an H2 MVStore file in the
 * data directory, and in-process leases. Every mutating call commits before it returns.
 */
package io.netweave.o2ims.server.internal.notify.store;
