/**
 * The server's storage SPI: where subscriptions (and, with notifications, the outbox) are kept.
 * Implementations: the embedded store (one replica) and Redis (many replicas).
 */
package io.netweave.o2ims.server.spi;
