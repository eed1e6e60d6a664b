/**
 * Where the process's log lines go: a logback appender that writes whole lines to standard error in
 * batches (bounded delay, flushed at once for warnings and errors and on exit), so that the
 * per-request access log costs no system call per request; and a filter on that appender that keeps
 * Lettuce's per-attempt Sentinel line to one a minute per Sentinel address.
 */
package io.netweave.o2ims.server.internal.logging;
