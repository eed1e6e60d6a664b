package io.netweave.o2ims.k8s.emulator;

import java.util.List;
import java.util.Optional;

/** The resource kinds the emulator serves, with the facts discovery reports about them. */
public enum EmulatedKind {
  NODE("", "v1", "nodes", "node", "Node", false, List.of("no"), true),
  NAMESPACE("", "v1", "namespaces", "namespace", "Namespace", false, List.of("ns"), false),
  LEASE("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of(), false);

  private final String group;
  private final String version;
  private final String plural;
  private final String singular;
  private final String kind;
  private final boolean namespaced;
  private final List<String> shortNames;
  private final boolean hasStatus;

  EmulatedKind(
      String group,
      String version,
      String plural,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      boolean hasStatus) {
    this.group = group;
    this.version = version;
    this.plural = plural;
    this.singular = singular;
    this.kind = kind;
    this.namespaced = namespaced;
    this.shortNames = shortNames;
    this.hasStatus = hasStatus;
  }

  public String group() {
    return group;
  }

  public String version() {
    return version;
  }

  /** {@code v1} or {@code coordination.k8s.io/v1}. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public String plural() {
    return plural;
  }

  public String singular() {
    return singular;
  }

  public String kind() {
    return kind;
  }

  public boolean namespaced() {
    return namespaced;
  }

  public List<String> shortNames() {
    return shortNames;
  }

  /** Whether the kind has a {@code /status} subresource. */
  public boolean hasStatus() {
    return hasStatus;
  }

  /** The kind served under an API group version and plural name. */
  static Optional<EmulatedKind> find(String apiVersion, String plural) {
    for (EmulatedKind k : values()) {
      if (k.apiVersion().equals(apiVersion) && k.plural.equals(plural)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}
