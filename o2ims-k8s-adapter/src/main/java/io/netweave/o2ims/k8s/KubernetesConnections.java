package io.netweave.o2ims.k8s;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import io.netweave.o2ims.k8s.internal.RateLimitInterceptor;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Creates the Kubernetes API client from {@link KubernetesSettings} and detects whether a cluster
 * is configured at all (for {@code --backend auto}). Stateless and thread-safe.
 *
 * <p>The returned {@link ApiClient} belongs to the caller (the composition root), which shares it
 * with the adapter and shuts its OkHttp dispatcher and connection pool down at exit.
 */
public final class KubernetesConnections {
  static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  /** Read timeout of every call but watches. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private KubernetesConnections() {}

  /** Whether a cluster is configured, with an explanation for the log. */
  public record Detection(boolean found, KubernetesConnection connection, String explanation) {}

  /** Detects a cluster from the process environment and the user's home directory. */
  public static Detection detect() {
    return detect(System.getenv(), Path.of(System.getProperty("user.home")), SERVICE_ACCOUNT);
  }

  /**
   * Detects a cluster: {@code $KUBECONFIG} (first existing file of the list), then {@code
   * <home>/.kube/config}, then in-cluster settings ({@code KUBERNETES_SERVICE_HOST} and a
   * service-account token under {@code serviceAccountDir}).
   */
  public static Detection detect(Map<String, String> env, Path home, Path serviceAccountDir) {
    String list = env.getOrDefault("KUBECONFIG", "");
    for (String entry : list.split(java.io.File.pathSeparator)) {
      if (!entry.isBlank() && Files.isRegularFile(Path.of(entry))) {
        return new Detection(
            true,
            KubernetesConnection.kubeconfig(Path.of(entry)),
            "kubeconfig " + entry + " (from KUBECONFIG)");
      }
    }
    Path defaultFile = home.resolve(".kube").resolve("config");
    if (Files.isRegularFile(defaultFile)) {
      return new Detection(
          true, KubernetesConnection.kubeconfig(defaultFile), "kubeconfig " + defaultFile);
    }
    String host = env.getOrDefault("KUBERNETES_SERVICE_HOST", "");
    if (!host.isBlank() && Files.isRegularFile(serviceAccountDir.resolve("token"))) {
      return new Detection(
          true,
          KubernetesConnection.inCluster(),
          "in-cluster service account (KUBERNETES_SERVICE_HOST=" + host + ")");
    }
    String why =
        "no Kubernetes cluster configured: "
            + (list.isBlank() ? "KUBECONFIG unset" : "KUBECONFIG=" + list + " names no file")
            + ", no "
            + defaultFile
            + ", "
            + (host.isBlank()
                ? "KUBERNETES_SERVICE_HOST unset"
                : "no service-account token in " + serviceAccountDir);
    return new Detection(false, KubernetesConnection.defaultKubeconfig(), why);
  }

  /**
   * A client for the settings' connection, with the client-side rate limit (qps, burst) and no read
   * timeout (watches are long-lived streams).
   *
   * @throws KubernetesAdapterException if the configuration cannot be read
   */
  public static ApiClient apiClient(KubernetesSettings settings) {
    ApiClient client;
    try {
      client = baseClient(settings.connection());
    } catch (IOException | RuntimeException e) {
      // The JDK's file exceptions carry only the path as their message.
      String reason =
          e instanceof NoSuchFileException f
              ? "no such file " + f.getFile()
              : e instanceof AccessDeniedException f
                  ? "permission denied on " + f.getFile()
                  : e.getMessage();
      throw new KubernetesAdapterException(
          "cannot configure the Kubernetes client from " + settings.connection() + ": " + reason,
          e);
    }
    client.setHttpClient(
        client
            .getHttpClient()
            .newBuilder()
            .readTimeout(Duration.ZERO)
            .addInterceptor(
                new RateLimitInterceptor(settings.qps(), settings.burst(), System::nanoTime))
            .build());
    return client;
  }

  private static ApiClient baseClient(KubernetesConnection connection) throws IOException {
    if (connection instanceof KubernetesConnection.Auto) {
      Detection found = detect();
      if (!found.found()) {
        throw new KubernetesAdapterException(found.explanation());
      }
      return baseClient(found.connection());
    }
    if (connection instanceof KubernetesConnection.Kubeconfig k) {
      Path file =
          k.path()
              .or(KubernetesConnections::defaultKubeconfigFile)
              .orElseThrow(() -> new KubernetesAdapterException(detect().explanation()));
      try (Reader reader = Files.newBufferedReader(file)) {
        KubeConfig config = KubeConfig.loadKubeConfig(reader);
        config.setFile(file.toFile());
        if (k.context().isPresent() && !config.setContext(k.context().get())) {
          throw new KubernetesAdapterException(
              "kubeconfig " + file + " has no context " + k.context().get());
        }
        return ClientBuilder.kubeconfig(config).build();
      }
    }
    if (connection instanceof KubernetesConnection.InCluster) {
      return ClientBuilder.cluster().build();
    }
    KubernetesConnection.Explicit e = (KubernetesConnection.Explicit) connection;
    ClientBuilder builder = new ClientBuilder().setBasePath(e.url().toString());
    if (!e.token().isEmpty()) {
      builder.setAuthentication(new AccessTokenAuthentication(e.token()));
    }
    if (e.caCertificate().isPresent()) {
      builder.setCertificateAuthority(Files.readAllBytes(e.caCertificate().get()));
    }
    return builder.build();
  }

  private static Optional<Path> defaultKubeconfigFile() {
    Detection d = detect();
    return d.connection() instanceof KubernetesConnection.Kubeconfig k
        ? k.path()
        : Optional.empty();
  }
}
