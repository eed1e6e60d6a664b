/** The O2-IMS gateway server: the composition root and its command line. */
package io.netweave.o2ims.server;
