/**
 * The embedded demo O-Cloud: a deterministic, generated inventory (pools, resource types, nodes,
 * one deployment manager) that is the default backend when no cluster is configured, and that an
 * admin endpoint can change at run time so that notifications can be shown without a cluster.
 */
package io.netweave.o2ims.server.internal.demo;
