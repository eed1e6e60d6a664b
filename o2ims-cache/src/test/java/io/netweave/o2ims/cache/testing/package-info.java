/**
 * Test fixtures shared through o2ims-cache's test-jar: real {@code redis-server} processes
 * (standalone and Sentinel) started on free ports, and a fake ticker.
 */
package io.netweave.o2ims.cache.testing;
