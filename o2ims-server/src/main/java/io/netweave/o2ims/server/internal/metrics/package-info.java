/**
 * Metrics: per-route request timers on Dropwizard Metrics, JVM figures, and their exposition in the
 * Prometheus text format at {@code /metrics}.
 */
package io.netweave.o2ims.server.internal.metrics;
