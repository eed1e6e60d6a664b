/**
 * A Kubernetes API server emulator for tests: a real HTTP server that answers discovery, list,
 * watch (chunked JSON lines), get, create, update, merge patch and delete for Nodes, Namespaces and
 * coordination.k8s.io Leases with the resourceVersion rules of a kube-apiserver, so that the
 * official client, its informers and {@code kubectl} can run against it; and answers as a
 * kube-apiserver does in its hard cases, on demand: watches that expire (ERROR 410) or are cut in
 * the middle of an event, continue tokens that expire, 429/5xx with Retry-After, 401/403. Shipped
 * to other modules as this module's test-jar.
 */
package io.netweave.o2ims.k8s.emulator;
