package io.netweave.o2ims.k8s;

/**
 * The root of the adapter's unchecked exceptions: thrown when a connection cannot be configured
 * (unreadable kubeconfig, missing service-account files, bad CA certificate).
 */
public class KubernetesAdapterException extends RuntimeException {
  public KubernetesAdapterException(String message) {
    super(message);
  }

  public KubernetesAdapterException(String message, Throwable cause) {
    super(message, cause);
  }
}
