package io.netweave.o2ims.k8s;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The adapter's settings: connection, client-side rate limit ({@code kubernetes.qps}, {@code
 * burst}), informer {@code resync_period}, {@code label_selector} and {@code field_selector} on
 * nodes, {@code cache_size_mb}, and the O2 mapping choices of DECISIONS.md. Immutable; build with
 * {@link #builder()}.
 *
 * @param connection how to reach the API server
 * @param qps client-side request rate limit (default 50)
 * @param burst requests allowed at once above the rate (default 100)
 * @param resyncPeriod informer resync period (default 10 minutes)
 * @param labelSelector Kubernetes label selector applied to the node informer ("" = all nodes)
 * @param fieldSelector Kubernetes field selector applied to the node informer ("" = all nodes)
 * @param cacheSizeMb memory budget of the node cache; exceeding it is logged (default 256)
 * @param oCloudId the configured O-Cloud id; empty: derived from the kube-system namespace UID
 * @param globalCloudId the SMO-assigned id; empty: the O-Cloud id
 * @param oCloudName the O-Cloud's name
 * @param oCloudServiceUri this gateway's O2ims URL, published as the O-Cloud's serviceUri
 * @param clusterName the deployment manager's name
 * @param o2dmsUri the deployment manager's serviceUri; empty: the API server URL
 * @param poolLabelKey node label grouping nodes into pools
 * @param defaultPoolName pool of the nodes without {@code poolLabelKey}
 * @param regionLabelKey node label giving a pool's location
 * @param poolGlobalLocationIds per pool name, the v1 globalLocationId (default: globalCloudId)
 * @param globalLocationLabelKey node label giving the pool's globalLocationId ("" = unused)
 * @param annotationAllowList node annotations copied into resource extensions
 * @param vendorLabelKey node label naming the vendor (preferred over the providerID scheme)
 * @param logicalProviderSchemes providerID schemes of cloud VMs (LOGICAL); others are PHYSICAL
 * @param resourceKindLabelKey node label forcing PHYSICAL or LOGICAL
 */
public record KubernetesSettings(
    KubernetesConnection connection,
    double qps,
    int burst,
    Duration resyncPeriod,
    String labelSelector,
    String fieldSelector,
    int cacheSizeMb,
    Optional<UUID> oCloudId,
    Optional<UUID> globalCloudId,
    String oCloudName,
    String oCloudServiceUri,
    String clusterName,
    Optional<String> o2dmsUri,
    String poolLabelKey,
    String defaultPoolName,
    String regionLabelKey,
    Map<String, String> poolGlobalLocationIds,
    String globalLocationLabelKey,
    Set<String> annotationAllowList,
    String vendorLabelKey,
    Set<String> logicalProviderSchemes,
    String resourceKindLabelKey) {

  public KubernetesSettings {
    Objects.requireNonNull(connection, "connection");
    if (!(qps > 0) || burst < 1) {
      throw new IllegalArgumentException("kubernetes.qps must be > 0 and kubernetes.burst >= 1");
    }
    if (resyncPeriod.isNegative()) {
      throw new IllegalArgumentException("kubernetes.resync_period must not be negative");
    }
    Objects.requireNonNull(labelSelector, "labelSelector");
    Objects.requireNonNull(fieldSelector, "fieldSelector");
    checkNodeFieldSelector(fieldSelector);
    oCloudId = Objects.requireNonNullElse(oCloudId, Optional.empty());
    globalCloudId = Objects.requireNonNullElse(globalCloudId, Optional.empty());
    Objects.requireNonNull(oCloudName, "oCloudName");
    Objects.requireNonNull(oCloudServiceUri, "oCloudServiceUri");
    Objects.requireNonNull(clusterName, "clusterName");
    o2dmsUri = Objects.requireNonNullElse(o2dmsUri, Optional.empty());
    Objects.requireNonNull(poolLabelKey, "poolLabelKey");
    Objects.requireNonNull(defaultPoolName, "defaultPoolName");
    Objects.requireNonNull(regionLabelKey, "regionLabelKey");
    poolGlobalLocationIds = Collections.unmodifiableMap(new TreeMap<>(poolGlobalLocationIds));
    Objects.requireNonNull(globalLocationLabelKey, "globalLocationLabelKey");
    annotationAllowList = Collections.unmodifiableSet(new TreeSet<>(annotationAllowList));
    Objects.requireNonNull(vendorLabelKey, "vendorLabelKey");
    logicalProviderSchemes = Collections.unmodifiableSet(new TreeSet<>(logicalProviderSchemes));
    Objects.requireNonNull(resourceKindLabelKey, "resourceKindLabelKey");
  }

  /**
   * The field selector applies to nodes, and the Kubernetes API server supports only {@code
   * metadata.name} and {@code spec.unschedulable} as node field labels: any other (such as the
   * performance guide's pod example {@code status.phase=Running}) makes it answer every list and
   * watch with 400, so the informers would never sync. Refused here instead, naming the key.
   *
   * @throws IllegalArgumentException for a term on another field or not of the form {@code
   *     field=value}, {@code field==value} or {@code field!=value}
   */
  static void checkNodeFieldSelector(String selector) {
    for (String term : selector.split(",")) {
      if (term.isBlank()) {
        continue;
      }
      java.util.regex.Matcher m = NODE_FIELD_TERM.matcher(term);
      if (!m.matches()
          || !(m.group(1).equals("metadata.name") || m.group(1).equals("spec.unschedulable"))) {
        throw new IllegalArgumentException(
            "kubernetes.field_selector: "
                + term.strip()
                + " is not a node field selector (the API server supports metadata.name and"
                + " spec.unschedulable on nodes, with =, == or !=; select nodes by label with"
                + " kubernetes.label_selector)");
      }
    }
  }

  private static final java.util.regex.Pattern NODE_FIELD_TERM =
      java.util.regex.Pattern.compile("\\s*([A-Za-z0-9_.]+)\\s*(==|!=|=)\\s*[^=!]*");

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds settings; every option has the default documented on the record. Not thread-safe. */
  public static final class Builder {
    private KubernetesConnection connection = KubernetesConnection.auto();
    private double qps = 50;
    private int burst = 100;
    private Duration resyncPeriod = Duration.ofMinutes(10);
    private String labelSelector = "";
    private String fieldSelector = "";
    private int cacheSizeMb = 256;
    private UUID oCloudId;
    private UUID globalCloudId;
    private String oCloudName = "netweave O-Cloud";
    private String oCloudServiceUri = "http://localhost:8080";
    private String clusterName = "kubernetes";
    private String o2dmsUri;
    private String poolLabelKey = "topology.kubernetes.io/zone";
    private String defaultPoolName = "default";
    private String regionLabelKey = "topology.kubernetes.io/region";
    private Map<String, String> poolGlobalLocationIds = Map.of();
    private String globalLocationLabelKey = "";
    private Set<String> annotationAllowList = Set.of();
    private String vendorLabelKey = "netweave.io/vendor";
    private Set<String> logicalProviderSchemes =
        Set.of(
            "aws",
            "gce",
            "azure",
            "openstack",
            "vsphere",
            "kind",
            "kubevirt",
            "digitalocean",
            "linode",
            "hcloud",
            "oci",
            "ibm",
            "alicloud",
            "k3s",
            "kwok");
    private String resourceKindLabelKey = "netweave.io/resource-kind";

    private Builder() {}

    private Builder(KubernetesSettings s) {
      connection = s.connection;
      qps = s.qps;
      burst = s.burst;
      resyncPeriod = s.resyncPeriod;
      labelSelector = s.labelSelector;
      fieldSelector = s.fieldSelector;
      cacheSizeMb = s.cacheSizeMb;
      oCloudId = s.oCloudId.orElse(null);
      globalCloudId = s.globalCloudId.orElse(null);
      oCloudName = s.oCloudName;
      oCloudServiceUri = s.oCloudServiceUri;
      clusterName = s.clusterName;
      o2dmsUri = s.o2dmsUri.orElse(null);
      poolLabelKey = s.poolLabelKey;
      defaultPoolName = s.defaultPoolName;
      regionLabelKey = s.regionLabelKey;
      poolGlobalLocationIds = s.poolGlobalLocationIds;
      globalLocationLabelKey = s.globalLocationLabelKey;
      annotationAllowList = s.annotationAllowList;
      vendorLabelKey = s.vendorLabelKey;
      logicalProviderSchemes = s.logicalProviderSchemes;
      resourceKindLabelKey = s.resourceKindLabelKey;
    }

    public Builder connection(KubernetesConnection value) {
      connection = Objects.requireNonNull(value);
      return this;
    }

    public Builder qps(double value) {
      qps = value;
      return this;
    }

    public Builder burst(int value) {
      burst = value;
      return this;
    }

    public Builder resyncPeriod(Duration value) {
      resyncPeriod = Objects.requireNonNull(value);
      return this;
    }

    public Builder labelSelector(String value) {
      labelSelector = Objects.requireNonNull(value);
      return this;
    }

    public Builder fieldSelector(String value) {
      fieldSelector = Objects.requireNonNull(value);
      return this;
    }

    public Builder cacheSizeMb(int value) {
      cacheSizeMb = value;
      return this;
    }

    public Builder oCloudId(UUID value) {
      oCloudId = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Derives the id namespace from the cluster's kube-system UID (the default): for every cluster
     * of a multi-cluster O-Cloud but the first.
     */
    public Builder derivedOCloudId() {
      oCloudId = null;
      return this;
    }

    public Builder globalCloudId(UUID value) {
      globalCloudId = Objects.requireNonNull(value);
      return this;
    }

    public Builder oCloudName(String value) {
      oCloudName = Objects.requireNonNull(value);
      return this;
    }

    public Builder oCloudServiceUri(String value) {
      oCloudServiceUri = Objects.requireNonNull(value);
      return this;
    }

    public Builder clusterName(String value) {
      clusterName = Objects.requireNonNull(value);
      return this;
    }

    public Builder o2dmsUri(String value) {
      o2dmsUri = Objects.requireNonNull(value);
      return this;
    }

    public Builder poolLabelKey(String value) {
      poolLabelKey = Objects.requireNonNull(value);
      return this;
    }

    public Builder defaultPoolName(String value) {
      defaultPoolName = Objects.requireNonNull(value);
      return this;
    }

    public Builder regionLabelKey(String value) {
      regionLabelKey = Objects.requireNonNull(value);
      return this;
    }

    public Builder poolGlobalLocationIds(Map<String, String> value) {
      poolGlobalLocationIds = Map.copyOf(value);
      return this;
    }

    public Builder globalLocationLabelKey(String value) {
      globalLocationLabelKey = Objects.requireNonNull(value);
      return this;
    }

    public Builder annotationAllowList(Set<String> value) {
      annotationAllowList = Set.copyOf(value);
      return this;
    }

    public Builder vendorLabelKey(String value) {
      vendorLabelKey = Objects.requireNonNull(value);
      return this;
    }

    public Builder logicalProviderSchemes(Set<String> value) {
      logicalProviderSchemes = Set.copyOf(value);
      return this;
    }

    public Builder resourceKindLabelKey(String value) {
      resourceKindLabelKey = Objects.requireNonNull(value);
      return this;
    }

    /**
     * @throws IllegalArgumentException if qps, burst or resync period are out of range
     */
    public KubernetesSettings build() {
      return new KubernetesSettings(
          connection,
          qps,
          burst,
          resyncPeriod,
          labelSelector,
          fieldSelector,
          cacheSizeMb,
          Optional.ofNullable(oCloudId),
          Optional.ofNullable(globalCloudId),
          oCloudName,
          oCloudServiceUri,
          clusterName,
          Optional.ofNullable(o2dmsUri),
          poolLabelKey,
          defaultPoolName,
          regionLabelKey,
          poolGlobalLocationIds,
          globalLocationLabelKey,
          annotationAllowList,
          vendorLabelKey,
          logicalProviderSchemes,
          resourceKindLabelKey);
    }
  }
}
