/**
 * Builds the gateway's response cache from its configuration (in-process tier, optional shared
 * Redis tier) and warms it at startup.
 */
package io.netweave.o2ims.server.internal.caching;
