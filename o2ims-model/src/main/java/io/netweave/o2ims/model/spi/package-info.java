/**
 * The inventory source SPI: what a backend (the Kubernetes adapter, the embedded demo O-Cloud)
 * implements so that the gateway can serve and notify its inventory.
 */
package io.netweave.o2ims.model.spi;
