/**
 * The query services: answer O2-IMS inventory and subscription requests from values (parsed ids,
 * filters, selectors, page markers) to JSON trees, knowing nothing about HTTP. Unit-tested without
 * a socket; the HTTP layer maps {@link io.netweave.o2ims.server.internal.query.QueryProblem} kinds
 * and {@link io.netweave.o2ims.model.InvalidQueryException} to status codes.
 */
package io.netweave.o2ims.server.internal.query;
