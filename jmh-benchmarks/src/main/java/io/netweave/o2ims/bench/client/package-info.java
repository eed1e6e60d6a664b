/**
 * Benchmarks of the client SDK's hot paths: reading a page of a list response into the model's
 * records, and the notification receiver's verify-and-parse path.
 */
package io.netweave.o2ims.bench.client;
