/**
 * Tests of what operators deploy (the repository's {@code deploy/} and {@code Dockerfile}): the
 * Helm chart rendered by the real Helm engine and parsed with the official Kubernetes models, its
 * RBAC against the calls the adapter makes, the Prometheus rules with promtool, the Grafana
 * dashboard's queries against a real Prometheus, and the jar started exactly as the image starts
 * it.
 */
package io.netweave.o2ims.server.deploy;
