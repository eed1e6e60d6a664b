/**
 * The HTTP layer on Undertow: the handler chain (request id and access log, percent-decoding of the
 * path and query, problem-details mapper, routing) composed in {@link
 * io.netweave.o2ims.server.internal.http.HandlerChain}, the router, and the route groups per O2
 * resource that turn exchanges into query-service calls. Cache hits are answered on the IO thread;
 * everything that may block runs on a worker thread.
 */
package io.netweave.o2ims.server.internal.http;
