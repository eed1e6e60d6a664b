/**
 * The gateway's configuration: the table of known keys with their types and defaults, the loader
 * that merges a YAML file, {@code NETWEAVE_*} environment variables and command-line flags
 * (refusing unknown keys and bad values by name), and the typed {@link
 * io.netweave.o2ims.server.internal.config.ServerConfig} the composition root reads.
 */
package io.netweave.o2ims.server.internal.config;
