/**
 * The adapter's machinery, which may change without notice: node trimming and mapping to O2
 * records, name-based ids, the incremental inventory state and its single applier thread, API
 * health tracking and the client-side rate limiter.
 */
package io.netweave.o2ims.k8s.internal;
