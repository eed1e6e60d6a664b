/**
 * The server's storage SPI: where subscriptions and the notification outbox are kept, and how
 * replicas share producing and delivering notifications. Implementations: the embedded store (one
 * replica) and Redis (many replicas); each passes the same contract test suite.
 */
package io.netweave.o2ims.server.spi;
