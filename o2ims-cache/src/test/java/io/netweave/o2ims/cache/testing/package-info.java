/**
 * Test fixtures shared through o2ims-cache's test-jar: real {@code redis-server} processes
 * (standalone and Sentinel) started on free ports, a JUnit extension holding one resource per test
 * class, and a fake ticker.
 */
package io.netweave.o2ims.cache.testing;
