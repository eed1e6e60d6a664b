/**
 * The {@code o2ims} command-line front end (picocli), shipped as the runnable {@code o2ims-cli.jar}
 * so that operators can query any O2-IMS endpoint from a shell; it uses only the public SDK.
 * picocli is an optional dependency of the SDK: embedders never get it.
 */
package io.netweave.o2ims.client.internal.cli;
