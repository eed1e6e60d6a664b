/**
 * The Java client SDK for O2-IMS servers: {@link io.netweave.o2ims.client.O2imsClient} (built once
 * per server, thread-safe, shared) with typed views of the inventory collections whose lists stream
 * across SOL013 pages, {@link io.netweave.o2ims.client.Query} built from the model's own filter and
 * selector parser, one unchecked exception hierarchy rooted at {@link
 * io.netweave.o2ims.client.O2imsException}, authentication and TLS settings, and the SMO side of
 * notifications ({@link io.netweave.o2ims.client.NotificationReceiver}, {@link
 * io.netweave.o2ims.client.NotificationListener}). It depends on the model, OkHttp and Jackson
 * only.
 */
package io.netweave.o2ims.client;
