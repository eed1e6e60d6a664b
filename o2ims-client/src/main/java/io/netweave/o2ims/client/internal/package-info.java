/**
 * Implementation of the client SDK: the HTTP exchange with retries and error mapping, SOL013
 * paging, the authentication and tracing interceptors, key material parsing and the command-line
 * front end. May change without notice; use the public types of {@code io.netweave.o2ims.client}.
 */
package io.netweave.o2ims.client.internal;
