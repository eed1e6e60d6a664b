/**
 * Admission control for the gateway: who is calling (OAuth2 bearer JWTs, client certificates,
 * trusted-proxy headers), what they may do (roles per endpoint class, subscription ownership), how
 * much (per-client rate limits, a cap on concurrent requests, request size limits), and the
 * security headers and audit lines that go with every answer. Each concern is a small final
 * Undertow {@code HttpHandler} wrapping {@code next}; the composition root chains them.
 */
package io.netweave.o2ims.server.internal.security;
