/** The tiered response cache: an in-process Caffeine tier and an optional shared Redis tier. */
package io.netweave.o2ims.cache;
