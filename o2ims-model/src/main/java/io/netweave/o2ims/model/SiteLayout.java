package io.netweave.o2ims.model;

import io.netweave.o2ims.model.spi.InventorySnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The O-Cloud sites and locations of an inventory (DECISIONS, "Locations and sites (v2)"), derived
 * from its pools and deployment managers, so every source and both views agree on them.
 *
 * <p>A pool belongs to the deployment manager named by its {@code extensions.deploymentManagerId}
 * (the only one when there is one). A cluster whose deployment manager carries configured {@link
 * SiteDetails} ({@code extensions.site}) is one site holding all its pools; otherwise there is one
 * site per (cluster, region) — the pool's {@code location}. Site ids are name-based on the
 * deployment manager's id, so they are as stable as it is. A site's {@code globalLocationId} is the
 * configured one, else the region, else the cluster's name; one location per distinct id, listing
 * its sites, carrying the configured address details or else the region (or id) as {@code address}.
 * Immutable; thread-safe.
 */
public final class SiteLayout {
  private final Map<UUID, OCloudSite> sites;
  private final Map<UUID, Location> locations;
  private final Map<UUID, UUID> siteOfPool;
  private final Map<UUID, List<String>> locationsOfManager;

  private SiteLayout(
      Map<UUID, OCloudSite> sites,
      Map<UUID, Location> locations,
      Map<UUID, UUID> siteOfPool,
      Map<UUID, List<String>> locationsOfManager) {
    this.sites = sites;
    this.locations = locations;
    this.siteOfPool = siteOfPool;
    this.locationsOfManager = locationsOfManager;
  }

  /** The layout of a snapshot. */
  public static SiteLayout of(InventorySnapshot snapshot) {
    Map<UUID, DeploymentManager> dms = snapshot.deploymentManagers();
    Optional<DeploymentManager> only =
        dms.size() == 1 ? Optional.of(dms.values().iterator().next()) : Optional.empty();
    record Site(
        UUID id,
        Optional<DeploymentManager> dm,
        String region,
        SiteDetails details,
        List<UUID> pools) {}
    Map<UUID, Site> byId = new LinkedHashMap<>();
    Map<UUID, UUID> siteOfPool = new LinkedHashMap<>();
    for (ResourcePool pool : snapshot.resourcePools().values()) {
      Optional<DeploymentManager> dm =
          Optional.ofNullable(pool.extensions().get("deploymentManagerId"))
              .map(String::valueOf)
              .flatMap(SiteLayout::uuid)
              .map(dms::get)
              .or(() -> only);
      SiteDetails details =
          dm.map(d -> SiteDetails.fromMap(d.extensions().get("site"))).orElse(SiteDetails.none());
      String region = pool.location().orElse("");
      UUID base = dm.map(DeploymentManager::id).orElse(snapshot.oCloud().oCloudId());
      UUID id =
          NameBasedUuid.v5(
              base, details.isEmpty() ? "OCloudSite:region=" + region : "OCloudSite:configured");
      Site site =
          byId.computeIfAbsent(
              id,
              k -> new Site(k, dm, details.isEmpty() ? region : "", details, new ArrayList<>()));
      site.pools().add(pool.id());
      siteOfPool.put(pool.id(), id);
    }
    Map<UUID, OCloudSite> sites = new TreeMap<>(java.util.Comparator.comparing(UUID::toString));
    Map<String, List<Site>> byLocation = new TreeMap<>();
    Map<UUID, String> locationOfSite = new LinkedHashMap<>();
    for (Site s : byId.values()) {
      String cluster = s.dm().map(DeploymentManager::name).orElse(snapshot.oCloud().name());
      String gid =
          s.details().globalLocationId().orElse(s.region().isEmpty() ? cluster : s.region());
      String name =
          s.details().name().orElse(s.region().isEmpty() ? cluster : cluster + "/" + s.region());
      Map<String, Object> ext = new LinkedHashMap<>();
      s.dm().ifPresent(d -> ext.put("deploymentManagerId", d.id().toString()));
      ext.put("cluster", cluster);
      if (!s.region().isEmpty()) {
        ext.put("region", s.region());
      }
      sites.put(
          s.id(),
          new OCloudSite(
              s.id(),
              gid,
              name,
              "O-Cloud site " + name,
              s.pools().stream().sorted(java.util.Comparator.comparing(UUID::toString)).toList(),
              ext));
      byLocation.computeIfAbsent(gid, k -> new ArrayList<>()).add(s);
      locationOfSite.put(s.id(), gid);
    }
    Map<UUID, Location> locations = new TreeMap<>(java.util.Comparator.comparing(UUID::toString));
    byLocation.forEach(
        (gid, members) -> {
          SiteDetails details =
              members.stream()
                  .map(Site::details)
                  .filter(d -> !d.isEmpty())
                  .findFirst()
                  .orElse(SiteDetails.none());
          Optional<String> address = details.address();
          if (address.isEmpty()
              && details.coordinate().isEmpty()
              && details.civicAddress().isEmpty()) {
            address = Optional.of(gid);
          }
          Location l =
              new Location(
                  gid,
                  gid,
                  "Location " + gid,
                  members.stream()
                      .map(Site::id)
                      .sorted(java.util.Comparator.comparing(UUID::toString))
                      .toList(),
                  details.coordinate(),
                  details.civicAddress(),
                  address,
                  Map.of());
          locations.put(l.id(), l);
        });
    Map<UUID, List<String>> ofManager = new LinkedHashMap<>();
    for (Site s : byId.values()) {
      s.dm()
          .ifPresent(
              d -> {
                List<String> list = ofManager.computeIfAbsent(d.id(), k -> new ArrayList<>());
                String gid = locationOfSite.get(s.id());
                if (!list.contains(gid)) {
                  list.add(gid);
                }
              });
    }
    ofManager.replaceAll((k, v) -> List.copyOf(new java.util.TreeSet<>(v)));
    return new SiteLayout(
        Collections.unmodifiableMap(sites),
        Collections.unmodifiableMap(locations),
        Collections.unmodifiableMap(siteOfPool),
        Collections.unmodifiableMap(ofManager));
  }

  private static Optional<UUID> uuid(String text) {
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The sites, keyed and ordered by id. */
  public Map<UUID, OCloudSite> sites() {
    return sites;
  }

  /** The locations, keyed by {@link Location#keyOf} and ordered by that key. */
  public Map<UUID, Location> locations() {
    return locations;
  }

  /** The site of a pool. */
  public Optional<UUID> siteOf(UUID poolId) {
    return Optional.ofNullable(siteOfPool.get(poolId));
  }

  /** The {@code globalLocationId}s of a deployment manager's sites, sorted. */
  public List<String> locationsOf(UUID deploymentManagerId) {
    return locationsOfManager.getOrDefault(deploymentManagerId, List.of());
  }

  /** A site or location by type and (internal) id. */
  public Optional<InventoryObject> find(ObjectType type, UUID id) {
    return switch (type) {
      case LOCATION -> Optional.ofNullable(locations.get(id));
      case OCLOUD_SITE -> Optional.ofNullable(sites.get(id));
      default -> Optional.empty();
    };
  }
}
