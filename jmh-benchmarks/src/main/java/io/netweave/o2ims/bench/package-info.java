/** JMH benchmarks of the gateway hot paths. */
package io.netweave.o2ims.bench;
