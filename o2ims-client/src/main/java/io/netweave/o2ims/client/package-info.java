/** The Java client SDK for O2-IMS servers. */
package io.netweave.o2ims.client;
