/**
 * Chooses and builds the inventory source the gateway serves: the embedded demo O-Cloud or the
 * Kubernetes adapter, from the {@code backend} key and what the environment offers.
 */
package io.netweave.o2ims.server.internal.backend;
