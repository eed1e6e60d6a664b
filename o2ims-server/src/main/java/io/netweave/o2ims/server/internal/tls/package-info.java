/**
 * TLS for the gateway's listener: key material from PEM or PKCS#12 files that is re-read when the
 * files change, client-certificate trust from a CA bundle, the protocol and cipher-suite policy,
 * session resumption and HTTP/2 (ALPN) settings, applied to an Undertow builder by {@link
 * io.netweave.o2ims.server.internal.tls.ServerTls}.
 */
package io.netweave.o2ims.server.internal.tls;
