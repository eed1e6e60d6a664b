/**
 * On-demand profiling, the Java answer to the performance guide's pprof endpoint: Java Flight
 * Recorder recordings started, stopped and handed out by the admin API (HTTP-free here; the routes
 * live in the http package).
 */
package io.netweave.o2ims.server.internal.profiling;
