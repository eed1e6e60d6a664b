package io.netweave.o2ims.client;

import io.netweave.o2ims.client.internal.Api;
import io.netweave.o2ims.client.internal.Pages;
import io.netweave.o2ims.model.AlarmDictionary;
import io.netweave.o2ims.model.ApiVersions;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.DeploymentManager;
import io.netweave.o2ims.model.Location;
import io.netweave.o2ims.model.OCloudInfoV2;
import io.netweave.o2ims.model.OCloudSite;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourcePoolV2;
import io.netweave.o2ims.model.ResourceTypeV2;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import okhttp3.HttpUrl;

/**
 * The v2 inventory view of a server ({@code /o2ims-infrastructureInventory/v2}, R005-v11 shapes):
 * locations, O-Cloud sites, pools with their site, types with an alarm dictionary reference, and
 * subscriptions whose notifications carry v2 shapes. Obtained from {@link O2imsClient#v2()};
 * thread-safe and valid until the client is closed. Queries are checked against the v2 schemas
 * before anything is sent. Exceptions as {@link InventoryCollection}'s.
 */
public final class InventoryV2 {
  private final Api api;
  private final InventoryCollection<ResourceTypeV2> resourceTypes;
  private final InventoryCollection<ResourcePoolV2> resourcePools;
  private final InventoryCollection<DeploymentManager> deploymentManagers;
  private final InventoryCollection<OCloudSite> oCloudSites;
  private final Subscriptions subscriptions;
  private final AlarmDictionaryReads alarmDictionaries;

  InventoryV2(Api api) {
    this.api = api;
    this.alarmDictionaries = new AlarmDictionaryReads(api, ApiView.V2);
    this.resourceTypes =
        new InventoryCollection<>(
            api,
            api.inventory("v2", "resourceTypes"),
            ResourceTypeV2.class,
            ObjectType.RESOURCE_TYPE,
            ApiView.V2);
    this.resourcePools =
        new InventoryCollection<>(
            api,
            api.inventory("v2", "resourcePools"),
            ResourcePoolV2.class,
            ObjectType.RESOURCE_POOL,
            ApiView.V2);
    this.deploymentManagers =
        new InventoryCollection<>(
            api,
            api.inventory("v2", "deploymentManagers"),
            DeploymentManager.class,
            ObjectType.DEPLOYMENT_MANAGER,
            ApiView.V2);
    this.oCloudSites =
        new InventoryCollection<>(
            api,
            api.inventory("v2", "oCloudSites"),
            OCloudSite.class,
            ObjectType.OCLOUD_SITE,
            ApiView.V2);
    this.subscriptions = new Subscriptions(api, ApiView.V2);
  }

  /**
   * The O-Cloud ({@code GET {INV}/v2}) in its v2 shape: written as JSON it has {@code
   * globalCloudId} only, as the server's v2 view, not the v1 alias {@code globalcloudId}.
   */
  public OCloudInfoV2 oCloud() {
    return api.json().object(api.get(api.inventory("v2")), OCloudInfoV2.class);
  }

  /** The versions under v2 ({@code GET {INV}/v2/api_versions}). */
  public ApiVersions apiVersions() {
    return api.json().object(api.get(api.inventory("v2", "api_versions")), ApiVersions.class);
  }

  /** The resource types, each naming its alarm dictionary by id. */
  public InventoryCollection<ResourceTypeV2> resourceTypes() {
    return resourceTypes;
  }

  /**
   * The alarm dictionary of a resource type ({@code GET
   * {INV}/v2/resourceTypes/{id}/alarmDictionary}).
   *
   * @throws O2imsApiException with status 404 if there is no such type, or it has no dictionary
   */
  public AlarmDictionary alarmDictionary(UUID resourceTypeId) {
    return alarmDictionaries.ofType(resourceTypeId);
  }

  /** Every alarm dictionary ({@code GET {INV}/v2/alarmDictionaries}), page after page. */
  public Stream<AlarmDictionary> alarmDictionaries() {
    return alarmDictionaries(Query.all());
  }

  /**
   * The alarm dictionaries matching the query's filter (the query must not select attributes).
   *
   * @throws IllegalArgumentException for a query that selects attributes or whose filter does not
   *     fit the dictionary ({@link io.netweave.o2ims.model.InvalidQueryException})
   */
  public Stream<AlarmDictionary> alarmDictionaries(Query query) {
    return alarmDictionaries.list(query);
  }

  /**
   * One alarm dictionary by its id, the {@code alarmDictionaryId} a v2 resource type names ({@code
   * GET {INV}/v2/alarmDictionaries/{id}}).
   *
   * @throws O2imsApiException with status 404 if there is none with this id
   */
  public AlarmDictionary alarmDictionaryById(UUID alarmDictionaryId) {
    return alarmDictionaries.byId(alarmDictionaryId);
  }

  /** The resource pools, each in its O-Cloud site. */
  public InventoryCollection<ResourcePoolV2> resourcePools() {
    return resourcePools;
  }

  /** The resources of one pool; listing an unknown pool answers 404. */
  public InventoryCollection<Resource> resources(UUID resourcePoolId) {
    return new InventoryCollection<>(
        api,
        api.inventory("v2", "resourcePools", resourcePoolId.toString(), "resources"),
        Resource.class,
        ObjectType.RESOURCE,
        ApiView.V2);
  }

  /** The deployment managers, each listing its sites' locations. */
  public InventoryCollection<DeploymentManager> deploymentManagers() {
    return deploymentManagers;
  }

  /** The O-Cloud sites. */
  public InventoryCollection<OCloudSite> oCloudSites() {
    return oCloudSites;
  }

  /** Every location, page after page. */
  public Stream<Location> locations() {
    return locations(Query.all());
  }

  /** The locations matching the query (which must not select attributes). */
  public Stream<Location> locations(Query query) {
    if (!query.selectsAllAttributes()) {
      throw new IllegalArgumentException("locations(query) returns whole records; drop fields");
    }
    HttpUrl first =
        Api.withQuery(
            api.inventory("v2", "locations"),
            query.validate(ApiView.V2.schema(ObjectType.LOCATION)));
    var reader = api.json().listReader(Location.class);
    return Pages.stream(api.getRequest(first), api::get, page -> api.json().list(page, reader));
  }

  /**
   * One location by its {@code globalLocationId} (a free string, matched exactly), or empty if the
   * server answers 404.
   *
   * @throws IllegalArgumentException for an id that no URL path can name: empty, {@code .} or
   *     {@code ..} (RFC 3986 dot segments, which would address another resource)
   */
  public Optional<Location> location(String globalLocationId) {
    if (globalLocationId.isEmpty()
        || globalLocationId.equals(".")
        || globalLocationId.equals("..")) {
      throw new IllegalArgumentException(
          "a globalLocationId of '"
              + globalLocationId
              + "' cannot be addressed in a URL path (empty or a dot segment)");
    }
    try {
      return Optional.of(
          api.json()
              .object(api.get(api.inventory("v2", "locations", globalLocationId)), Location.class));
    } catch (O2imsApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The v2 subscriptions (their notifications carry v2 shapes and objectRefs). */
  public Subscriptions subscriptions() {
    return subscriptions;
  }
}
