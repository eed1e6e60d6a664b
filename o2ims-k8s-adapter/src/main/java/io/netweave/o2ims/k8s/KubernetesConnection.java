package io.netweave.o2ims.k8s;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the adapter reaches the Kubernetes API: a kubeconfig file, the in-cluster service account, an
 * explicit URL with token and CA, or {@link Auto} (a kubeconfig if one is found, else in-cluster).
 * Immutable values.
 */
public sealed interface KubernetesConnection {

  /**
   * Kubeconfig at a path; an empty path means {@code $KUBECONFIG}, then {@code ~/.kube/config}. An
   * empty context means the file's current context.
   */
  record Kubeconfig(Optional<Path> path, Optional<String> context) implements KubernetesConnection {
    public Kubeconfig {
      path = Objects.requireNonNullElse(path, Optional.empty());
      context = Objects.requireNonNullElse(context, Optional.empty());
    }

    /** The file's current context. */
    public Kubeconfig(Optional<Path> path) {
      this(path, Optional.empty());
    }

    /** As the log and error messages name it, e.g. {@code kubeconfig /etc/k.yaml (context a)}. */
    @Override
    public String toString() {
      return "kubeconfig "
          + path.map(Path::toString).orElse("from KUBECONFIG or ~/.kube/config")
          + context.map(c -> " (context " + c + ")").orElse("");
    }
  }

  /** The pod's service account ({@code KUBERNETES_SERVICE_HOST} and the mounted token and CA). */
  record InCluster() implements KubernetesConnection {
    @Override
    public String toString() {
      return "the in-cluster service account";
    }
  }

  /**
   * An API server URL with a bearer token (may be empty) and a CA certificate file (empty: the
   * JVM's trust store for https).
   */
  record Explicit(URI url, String token, Optional<Path> caCertificate)
      implements KubernetesConnection {
    public Explicit {
      Objects.requireNonNull(url, "url");
      token = Objects.requireNonNullElse(token, "");
      caCertificate = Objects.requireNonNullElse(caCertificate, Optional.empty());
    }

    @Override
    public String toString() {
      return "API server "
          + url
          + " (token "
          + (token.isEmpty() ? "none" : "***")
          + caCertificate.map(ca -> ", CA file " + ca).orElse("")
          + ")";
    }
  }

  /**
   * A kubeconfig when one is found (as {@link KubernetesConnections#detect} decides), else
   * in-cluster.
   */
  record Auto() implements KubernetesConnection {}

  static KubernetesConnection kubeconfig(Path path) {
    return new Kubeconfig(Optional.of(path));
  }

  /** One context of a kubeconfig file. */
  static KubernetesConnection kubeconfig(Path path, String context) {
    return new Kubeconfig(Optional.of(path), Optional.of(context));
  }

  static KubernetesConnection defaultKubeconfig() {
    return new Kubeconfig(Optional.empty());
  }

  static KubernetesConnection inCluster() {
    return new InCluster();
  }

  static KubernetesConnection explicit(URI url, String token, Optional<Path> caCertificate) {
    return new Explicit(url, token, caCertificate);
  }

  static KubernetesConnection auto() {
    return new Auto();
  }
}
