/** The server's implementation; may change without notice. */
package io.netweave.o2ims.server.internal;
