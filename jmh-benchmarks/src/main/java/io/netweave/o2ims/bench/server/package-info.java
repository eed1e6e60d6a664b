/**
 * JMH benchmarks of the gateway's request work in io.netweave.o2ims.server: what a list request
 * costs when the response cache misses (render the page from the inventory snapshot and serialize
 * it) compared with what it costs when the cache holds the answer.
 */
package io.netweave.o2ims.bench.server;
