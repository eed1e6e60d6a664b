/** The Kubernetes inventory source: informers on the cluster, mapped to O2 records. */
package io.netweave.o2ims.k8s;
