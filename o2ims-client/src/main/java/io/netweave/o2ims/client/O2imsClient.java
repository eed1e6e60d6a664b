package io.netweave.o2ims.client;

import io.netweave.o2ims.client.internal.Api;
import io.netweave.o2ims.client.internal.BearerTokenInterceptor;
import io.netweave.o2ims.client.internal.ClientCredentialsInterceptor;
import io.netweave.o2ims.client.internal.JsonBodies;
import io.netweave.o2ims.client.internal.LoggingInterceptor;
import io.netweave.o2ims.client.internal.OriginBoundInterceptor;
import io.netweave.o2ims.client.internal.ProblemReader;
import io.netweave.o2ims.client.internal.RequestIdInterceptor;
import io.netweave.o2ims.client.internal.Transport;
import io.netweave.o2ims.model.AccessToken;
import io.netweave.o2ims.model.AlarmDictionary;
import io.netweave.o2ims.model.ApiVersions;
import io.netweave.o2ims.model.ApiView;
import io.netweave.o2ims.model.DeploymentManager;
import io.netweave.o2ims.model.O2Json;
import io.netweave.o2ims.model.OCloudInfo;
import io.netweave.o2ims.model.ObjectType;
import io.netweave.o2ims.model.Resource;
import io.netweave.o2ims.model.ResourcePool;
import io.netweave.o2ims.model.ResourceType;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * A client of one O2-IMS server's inventory API ({@code /o2ims-infrastructureInventory/v1}) and
 * monitoring API ({@code /o2ims-infrastructureMonitoring/v1}: {@link #alarms()}, {@link
 * #alarmSubscriptions()}): typed views per collection, SOL013 paging followed transparently,
 * problem details as exceptions.
 *
 * <pre>{@code
 * try (O2imsClient client = O2imsClient.builder().baseUrl("https://o2ims.example.net").build()) {
 *   Query edge = Query.builder().filter("(eq,name,edge-1)").build();
 *   for (ResourcePool pool : client.resourcePools().list(edge).toList()) {
 *     client.resources(pool.resourcePoolId()).list().forEach(r -> System.out.println(r.description()));
 *   }
 * }
 * }</pre>
 *
 * <p><b>Views.</b> The inventory methods of this class always read the v1 view (R004-era shapes),
 * whatever view the client was built for; {@link #v2()} always reads the v2 view (R005-v11:
 * locations, O-Cloud sites, pools with {@code oCloudSiteId}, types with {@code alarmDictionaryId},
 * the O-Cloud without {@code globalcloudId}, v2 subscriptions). The view given to {@link
 * Builder#apiView} or discovered with {@link Builder#discoverApiView} changes no request: {@link
 * #apiView()} reports it, and the application branches on it ({@code client.apiView() == V2 ?
 * client.v2().resourcePools() : ...}). Why no method switches: a v2 pool, type or O-Cloud is
 * another record ({@link io.netweave.o2ims.model.ResourcePoolV2}, {@link
 * io.netweave.o2ims.model.ResourceTypeV2}, {@link io.netweave.o2ims.model.OCloudInfoV2}), which one
 * typed method cannot return in either view, and v1 and v2 subscriptions are separate collections
 * on the server (each lists only its own), so a {@link #subscriptions()} that followed the view
 * would silently lose sight of the subscriptions made in the other. The monitoring API ({@link
 * #alarms()}, {@link #alarmSubscriptions()}) has a v1 only. Lists carry the server's total count
 * with {@link InventoryCollection#listWithTotal}.
 *
 * <p><b>Thread-safety and lifecycle.</b> A client is thread-safe and meant to be shared: build one
 * per server and keep it. It uses one OkHttp connection pool: its own (closed by {@link #close()})
 * or one passed to {@link Builder#connectionPool} (borrowed, never closed by the client). After
 * {@code close()} every call throws {@link O2imsException}.
 *
 * <p><b>Exceptions</b> (all unchecked, rooted at {@link O2imsException}): {@link O2imsApiException}
 * for a non-2xx answer, carrying the server's problem details, and its subclass {@link
 * O2imsPageMarkerException} while a list is read, when the server refuses the link to the next page
 * (a gateway restarted between two pages: list again from the first); {@link
 * O2imsTransportException} when no answer came (after the retries a GET is allowed), {@link
 * O2imsCertificateException} (a subclass) at once when the server's certificate is not trusted;
 * {@link O2imsTimeoutException} when a timeout elapsed; {@link O2imsResponseException} for an
 * unreadable 2xx answer; and, before sending, the model's {@link
 * io.netweave.o2ims.model.InvalidQueryException} for a query that does not fit the addressed type.
 */
public final class O2imsClient implements AutoCloseable {
  private final Api api;
  private final OkHttpClient http;
  private final boolean ownsPool;
  private final InventoryCollection<ResourceType> resourceTypes;
  private final InventoryCollection<ResourcePool> resourcePools;
  private final InventoryCollection<DeploymentManager> deploymentManagers;
  private final Subscriptions subscriptions;
  private final InventoryV2 v2;
  private final Optional<ApiView> chosenView;
  private volatile ApiView discoveredView;
  private final Alarms alarms;
  private final AlarmSubscriptions alarmSubscriptions;
  private final AlarmDictionaryReads alarmDictionaries;

  private O2imsClient(Api api, OkHttpClient http, boolean ownsPool, Optional<ApiView> chosenView) {
    this.api = api;
    this.chosenView = chosenView;
    this.v2 = new InventoryV2(api);
    this.http = http;
    this.ownsPool = ownsPool;
    this.resourceTypes =
        new InventoryCollection<>(
            api,
            api.inventory("v1", "resourceTypes"),
            ResourceType.class,
            ObjectType.RESOURCE_TYPE);
    this.resourcePools =
        new InventoryCollection<>(
            api,
            api.inventory("v1", "resourcePools"),
            ResourcePool.class,
            ObjectType.RESOURCE_POOL);
    this.deploymentManagers =
        new InventoryCollection<>(
            api,
            api.inventory("v1", "deploymentManagers"),
            DeploymentManager.class,
            ObjectType.DEPLOYMENT_MANAGER);
    this.subscriptions = new Subscriptions(api);
    this.alarms = new Alarms(api);
    this.alarmSubscriptions = new AlarmSubscriptions(api);
    this.alarmDictionaries = new AlarmDictionaryReads(api, ApiView.V1);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The O-Cloud the server describes ({@code GET {INV}/v1}). */
  public OCloudInfo oCloud() {
    return api.json().object(api.get(api.inventory("v1")), OCloudInfo.class);
  }

  /** The versions of the inventory API the server offers ({@code GET {INV}/api_versions}). */
  public ApiVersions apiVersions() {
    return api.json().object(api.get(api.inventory("api_versions")), ApiVersions.class);
  }

  /** The versions under v1 ({@code GET {INV}/v1/api_versions}). */
  public ApiVersions v1ApiVersions() {
    return api.json().object(api.get(api.inventory("v1", "api_versions")), ApiVersions.class);
  }

  /** The v2 view of the inventory (R005-v11 shapes, locations and O-Cloud sites). */
  public InventoryV2 v2() {
    return v2;
  }

  /**
   * The API view this client was built for: the one given to {@link Builder#apiView}, or (with
   * {@link Builder#discoverApiView}) the newest view the server lists in {@code api_versions} that
   * this SDK reads, asked once; {@link ApiView#V1} by default. It is a report for the application
   * to branch on: no request depends on it (the methods of this class read v1, those of {@link
   * #v2()} read v2; see the class comment).
   */
  public ApiView apiView() {
    if (chosenView.isPresent()) {
      return chosenView.get();
    }
    ApiView v = discoveredView;
    if (v == null) {
      boolean v2Served =
          apiVersions().apiVersions().stream().anyMatch(a -> a.version().startsWith("2."));
      v = v2Served ? ApiView.V2 : ApiView.V1;
      discoveredView = v;
    }
    return v;
  }

  /** The resource types. */
  public InventoryCollection<ResourceType> resourceTypes() {
    return resourceTypes;
  }

  /**
   * The alarm dictionary of a resource type ({@code GET
   * {INV}/v1/resourceTypes/{id}/alarmDictionary}): the definitions an alarm record's {@code
   * alarmDefinitionID} names.
   *
   * @throws O2imsApiException with status 404 if there is no such type, or it has no dictionary
   */
  public AlarmDictionary alarmDictionary(UUID resourceTypeId) {
    return alarmDictionaries.ofType(resourceTypeId);
  }

  /** Every alarm dictionary ({@code GET {INV}/v1/alarmDictionaries}), page after page. */
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
   * One alarm dictionary by its id ({@code GET {INV}/v1/alarmDictionaries/{id}}).
   *
   * @throws O2imsApiException with status 404 if there is none with this id
   */
  public AlarmDictionary alarmDictionaryById(UUID alarmDictionaryId) {
    return alarmDictionaries.byId(alarmDictionaryId);
  }

  /** The resource pools. */
  public InventoryCollection<ResourcePool> resourcePools() {
    return resourcePools;
  }

  /** The resources of one pool; listing an unknown pool answers 404. */
  public InventoryCollection<Resource> resources(UUID resourcePoolId) {
    return new InventoryCollection<>(
        api,
        api.inventory("v1", "resourcePools", resourcePoolId.toString(), "resources"),
        Resource.class,
        ObjectType.RESOURCE);
  }

  /** The deployment managers. */
  public InventoryCollection<DeploymentManager> deploymentManagers() {
    return deploymentManagers;
  }

  /** The inventory subscriptions. */
  public Subscriptions subscriptions() {
    return subscriptions;
  }

  /** The monitoring API's alarms, alarm service configuration and probable causes. */
  public Alarms alarms() {
    return alarms;
  }

  /** The monitoring API's alarm subscriptions. */
  public AlarmSubscriptions alarmSubscriptions() {
    return alarmSubscriptions;
  }

  /**
   * Refuses further calls and, if the client created its connection pool, closes the pool's idle
   * connections and stops its dispatcher. Idempotent.
   */
  @Override
  public void close() {
    if (api.close() && ownsPool) {
      http.connectionPool().evictAll();
      http.dispatcher().executorService().shutdown();
    }
  }

  /**
   * The server root, the API view (or {@code discover} before it was discovered) and whether the
   * client is closed; never credentials.
   */
  @Override
  public String toString() {
    String view =
        chosenView
            .map(ApiView::name)
            .orElseGet(() -> discoveredView == null ? "discover" : discoveredView.name());
    return "O2imsClient[" + api.root() + ", view=" + view + (api.closed() ? ", closed" : "") + "]";
  }

  /**
   * Configures a client. Every option may be set once (a second call is refused with {@link
   * IllegalStateException}), and contradictory options (a static token and client credentials) are
   * refused by {@link #build()}. Not thread-safe.
   */
  public static final class Builder {
    private HttpUrl baseUrl;
    private Duration connectTimeout;
    private Duration readTimeout;
    private Duration callTimeout;
    private RetryPolicy retry;
    private String bearerToken;
    private ClientCredentials clientCredentials;
    private Duration tokenRefreshBefore;
    private ClientTls tls;
    private ConnectionPool connectionPool;
    private Supplier<String> requestIds;
    private Clock clock;
    private Sleeper sleeper;
    private final List<Interceptor> interceptors = new ArrayList<>();
    private ApiView apiView;
    private boolean discover;

    private Builder() {}

    /**
     * Fixes the API view {@link O2imsClient#apiView()} reports, for the application to branch on.
     * It changes no request: {@code client.resourcePools()} and the other methods of the client
     * still read v1, {@code client.v2()} reads v2 (see the class comment for why).
     */
    public Builder apiView(ApiView view) {
      apiView = once(apiView, view, "apiView");
      return this;
    }

    /**
     * Lets {@link O2imsClient#apiView()} discover the view from the server's {@code api_versions}
     * (the newest one this SDK reads). Like {@link #apiView}, it changes no request.
     */
    public Builder discoverApiView() {
      if (discover) {
        throw new IllegalStateException("discoverApiView is already set; set it once");
      }
      discover = true;
      return this;
    }

    private static <T> T once(T current, T value, String name) {
      Objects.requireNonNull(value, name);
      if (current != null) {
        throw new IllegalStateException(name + " is already set; set it once");
      }
      return value;
    }

    /**
     * The server root, e.g. {@code https://o2ims.example.net} (the inventory API lives below it at
     * {@code /o2ims-infrastructureInventory}); required.
     *
     * @throws IllegalArgumentException if it is not an http(s) URL
     */
    public Builder baseUrl(String url) {
      HttpUrl parsed = HttpUrl.parse(url);
      if (parsed == null) {
        throw new IllegalArgumentException("not an http(s) URL: " + url);
      }
      baseUrl = once(baseUrl, parsed, "baseUrl");
      return this;
    }

    /** The server root as a URI. */
    public Builder baseUrl(URI url) {
      return baseUrl(url.toString());
    }

    /** Timeout to open a connection; default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      connectTimeout = once(connectTimeout, timeout, "connectTimeout");
      return this;
    }

    /** Timeout between bytes read or written; default 30 s. */
    public Builder readTimeout(Duration timeout) {
      readTimeout = once(readTimeout, timeout, "readTimeout");
      return this;
    }

    /** Timeout of one whole HTTP attempt, retries not included; default 60 s. */
    public Builder callTimeout(Duration timeout) {
      callTimeout = once(callTimeout, timeout, "callTimeout");
      return this;
    }

    /** How GETs are retried; default {@link RetryPolicy#DEFAULT}. */
    public Builder retry(RetryPolicy policy) {
      retry = once(retry, policy, "retry");
      return this;
    }

    /**
     * Sends this bearer token on every request to the server (the base URL's scheme, host and
     * port); never to another host a next-page link names.
     */
    public Builder bearerToken(String token) {
      bearerToken = once(bearerToken, token, "bearerToken");
      return this;
    }

    /**
     * Fetches, caches and refreshes bearer tokens with the OAuth2 client-credentials grant; they
     * are sent to the server only (as {@link #bearerToken}).
     */
    public Builder clientCredentials(ClientCredentials credentials) {
      clientCredentials = once(clientCredentials, credentials, "clientCredentials");
      return this;
    }

    /** How long before its expiry a client-credentials token is replaced; default 30 s. */
    public Builder tokenRefreshBefore(Duration margin) {
      tokenRefreshBefore = once(tokenRefreshBefore, margin, "tokenRefreshBefore");
      return this;
    }

    /** Custom trusted CAs and/or a client certificate (mTLS). */
    public Builder tls(ClientTls settings) {
      tls = once(tls, settings, "tls");
      return this;
    }

    /** Borrows a connection pool shared with other clients; the caller keeps closing it. */
    public Builder connectionPool(ConnectionPool pool) {
      connectionPool = once(connectionPool, pool, "connectionPool");
      return this;
    }

    /** Makes the {@code X-Request-Id} of each request; default random UUIDs. */
    public Builder requestIds(Supplier<String> ids) {
      requestIds = once(requestIds, ids, "requestIds");
      return this;
    }

    /** Adds an application interceptor (tracing, metrics), run after the SDK's own ones. */
    public Builder addInterceptor(Interceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /** The clock for token expiry and {@code Retry-After} dates; default the system UTC clock. */
    public Builder clock(Clock value) {
      clock = once(clock, value, "clock");
      return this;
    }

    /** How the client waits between retries; default {@link Sleeper#system()}. */
    public Builder sleeper(Sleeper value) {
      sleeper = once(sleeper, value, "sleeper");
      return this;
    }

    /**
     * @throws IllegalStateException if no base URL was given, or both a bearer token and client
     *     credentials were
     */
    public O2imsClient build() {
      if (baseUrl == null) {
        throw new IllegalStateException("baseUrl is required, e.g. https://o2ims.example.net");
      }
      if (bearerToken != null && clientCredentials != null) {
        throw new IllegalStateException("give either bearerToken or clientCredentials, not both");
      }
      if (apiView != null && discover) {
        throw new IllegalStateException("give either apiView or discoverApiView, not both");
      }
      if (tokenRefreshBefore != null && clientCredentials == null) {
        throw new IllegalStateException("tokenRefreshBefore needs clientCredentials");
      }
      Clock theClock = clock != null ? clock : Clock.systemUTC();
      JsonBodies json = new JsonBodies(O2Json.newMapper());
      boolean ownsPool = connectionPool == null;
      OkHttpClient.Builder base =
          new OkHttpClient.Builder()
              .connectionPool(ownsPool ? new ConnectionPool() : connectionPool)
              .retryOnConnectionFailure(false)
              .connectTimeout(or(connectTimeout, Duration.ofSeconds(10)))
              .readTimeout(or(readTimeout, Duration.ofSeconds(30)))
              .writeTimeout(or(readTimeout, Duration.ofSeconds(30)))
              .callTimeout(or(callTimeout, Duration.ofSeconds(60)));
      if (tls != null) {
        base.sslSocketFactory(tls.socketFactory(), tls.trustManager());
      }
      OkHttpClient tokenClient = base.build();
      OkHttpClient.Builder http =
          tokenClient
              .newBuilder()
              .addInterceptor(
                  new RequestIdInterceptor(
                      requestIds != null ? requestIds : () -> UUID.randomUUID().toString()));
      // credentials go to the configured server only, never to a host a Link header names
      if (bearerToken != null) {
        http.addInterceptor(
            new OriginBoundInterceptor(baseUrl, new BearerTokenInterceptor(bearerToken)));
      }
      if (clientCredentials != null) {
        http.addInterceptor(
            new OriginBoundInterceptor(
                baseUrl,
                new ClientCredentialsInterceptor(
                    clientCredentials,
                    tokenClient,
                    json,
                    theClock,
                    or(tokenRefreshBefore, AccessToken.DEFAULT_REFRESH_BEFORE))));
      }
      interceptors.forEach(http::addInterceptor);
      http.addInterceptor(new LoggingInterceptor());
      OkHttpClient client = http.build();
      Transport transport =
          new Transport(
              client,
              new ProblemReader(json.mapper()),
              or(retry, RetryPolicy.DEFAULT),
              sleeper != null ? sleeper : Sleeper.system(),
              theClock);
      return new O2imsClient(
          new Api(baseUrl, transport, json),
          client,
          ownsPool,
          discover ? Optional.empty() : Optional.of(apiView != null ? apiView : ApiView.V1));
    }

    private static <T> T or(T value, T fallback) {
      return value != null ? value : fallback;
    }
  }
}
