package io.netweave.o2ims.k8s;

import io.kubernetes.client.openapi.ApiClient;
import java.util.Objects;

/**
 * A handle on one cluster's API client: the composition root opens it with {@link
 * #connect(KubernetesSettings)}, lends it to a {@link KubernetesInventorySource}, and closes it
 * once the source is closed. Closing shuts down the client's HTTP dispatcher and evicts its pooled
 * connections, so callers never reach into the Kubernetes client's internals.
 *
 * <p>Thread-safe. {@link #close()} is idempotent.
 */
public final class KubernetesApi implements AutoCloseable {
  private final ApiClient client;

  private KubernetesApi(ApiClient client) {
    this.client = client;
  }

  /**
   * Configures a client for the settings' connection (see {@link KubernetesConnections#apiClient}).
   * Does not contact the API server.
   *
   * @throws KubernetesAdapterException if the connection's configuration cannot be read
   */
  public static KubernetesApi connect(KubernetesSettings settings) {
    return new KubernetesApi(KubernetesConnections.apiClient(settings));
  }

  /** Wraps a client the caller configured; closing the handle shuts it down. */
  public static KubernetesApi of(ApiClient client) {
    return new KubernetesApi(Objects.requireNonNull(client, "client"));
  }

  ApiClient client() {
    return client;
  }

  @Override
  public void close() {
    client.getHttpClient().dispatcher().executorService().shutdown();
    client.getHttpClient().connectionPool().evictAll();
  }
}
