/**
 * Benchmarks of the notification engine: matching changes against 1,000 subscription filters (JMH),
 * and a sustained delivery run (a main class run by hand, results in docs/performance.md).
 */
package io.netweave.o2ims.bench.notify;
