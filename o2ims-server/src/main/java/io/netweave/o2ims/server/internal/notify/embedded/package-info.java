/**
 * The embedded notification storage for a single replica, side by side with its Redis counterpart
 * ({@code notify.redis}): subscriptions and the outbox in H2 MVStore files in the data directory,
 * committed before each write returns so that they survive a crash and restart, and in-process
 * leases. A write the file system refuses (a full volume) is refused to its caller and the file is
 * reopened from its last good commit once writes succeed again ({@code MvFile}, {@code
 * DataDirectoryHealth}).
 */
package io.netweave.o2ims.server.internal.notify.embedded;
