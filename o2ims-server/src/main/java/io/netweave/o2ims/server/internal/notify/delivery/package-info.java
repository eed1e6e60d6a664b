/**
 * Talking to subscription callbacks: vetting callback URLs against the callback policy (at create
 * and before every delivery, against DNS rebinding), pinning the vetted address for the connection,
 * per-host callback authentication (HMAC signature, OAuth2 client credentials, mTLS client
 * certificate) and classifying responses (2xx delivered, 410 gone, anything else failed; redirects
 * are never followed).
 */
package io.netweave.o2ims.server.internal.notify.delivery;
