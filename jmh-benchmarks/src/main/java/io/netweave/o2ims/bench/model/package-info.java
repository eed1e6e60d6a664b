/**
 * Benchmarks of the model module's query engine (filter parsing and evaluation), mirroring {@code
 * io.netweave.o2ims.model}.
 */
package io.netweave.o2ims.bench.model;
