/**
 * Inventory change notifications: turning inventory changes into per-subscription notifications
 * (matching through an index of parsed filters), storing them durably in an outbox before anything
 * else happens to them, and delivering them to callbacks in order, at least once, with retries,
 * dead letters and callback vetting. {@link
 * io.netweave.o2ims.server.internal.notify.NotificationEngine} is the entry point the composition
 * root wires.
 */
package io.netweave.o2ims.server.internal.notify;
