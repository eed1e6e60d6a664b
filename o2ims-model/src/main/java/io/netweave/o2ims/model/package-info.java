/**
 * The O2-IMS object model shared by the gateway and the client SDK: immutable records for every
 * inventory object, notification and error body, the {@code filter} and attribute-selector engine
 * of ETSI SOL013 as O2ims uses it, and the opaque paging marker. Nothing here performs I/O.
 */
package io.netweave.o2ims.model;
