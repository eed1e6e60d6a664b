/**
 * A Kubernetes API server emulator for tests: a real HTTP server that answers discovery, list,
 * watch (chunked JSON lines), get, create, update, merge patch and delete for Nodes, Namespaces and
 * coordination.k8s.io Leases with the resourceVersion rules of a kube-apiserver, so that the
 * official client, its informers and {@code kubectl} can run against it. Shipped to other modules
 * as this module's test-jar.
 */
package io.netweave.o2ims.k8s.emulator;
