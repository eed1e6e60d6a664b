/** JMH benchmarks of the response cache (io.netweave.o2ims.cache): the in-process hit path. */
package io.netweave.o2ims.bench.cache;
