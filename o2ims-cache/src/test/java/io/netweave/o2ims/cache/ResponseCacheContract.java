package io.netweave.o2ims.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ResponseCache} tier must have. A tier's test extends this class, says
 * how to build the tier from {@link #SETTINGS} and how to let time pass.
 */
public abstract class ResponseCacheContract {

  /** Subscriptions expire quickly so that expiry is testable against a real Redis. */
  protected static final Duration SHORT_TTL = Duration.ofMillis(400);

  protected static final CacheSettings SETTINGS =
      CacheSettings.builder()
          .ttl(CacheRegion.SUBSCRIPTIONS, SHORT_TTL)
          .ttl(CacheRegion.OCLOUD, Duration.ZERO)
          .maxBytes(64L * 1024 * 1024)
          .build();

  protected ResponseCache cache;

  /** A new, empty cache of the tier under test, built with {@code settings}. */
  protected abstract ResponseCache newCache(CacheSettings settings);

  /**
   * Lets {@code duration} pass for the tier: advance a fake ticker, or nothing where the tier runs
   * on real time (the contract then polls with Awaitility).
   */
  protected abstract void elapse(Duration duration);

  /** Whether {@link ResponseCache#peek} can answer (the tier holds entries in process). */
  protected abstract boolean holdsEntriesInProcess();

  /**
   * Waits until a write sent asynchronously to a remote tier is visible; a no-op for in-process
   * tiers.
   */
  protected void awaitVisible(CacheKey key) {
    await().atMost(Duration.ofSeconds(30)).until(() -> cache.get(key).isPresent());
  }

  @BeforeEach
  void createCache() {
    cache = newCache(SETTINGS);
  }

  @AfterEach
  void closeCache() {
    cache.close();
  }

  protected static CacheKey key(CacheRegion region, String path) {
    return new CacheKey(region, "v1", path, "");
  }

  protected static CachedResponse response(String body) {
    return new CachedResponse(
        200,
        Map.of("Content-Type", "application/json", "X-Total-Count", "1"),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static String body(Optional<CachedResponse> response) {
    return new String(response.orElseThrow().body(), StandardCharsets.UTF_8);
  }

  @Test
  void storedResponseIsReturnedWithStatusHeadersAndBody() {
    CacheKey key = key(CacheRegion.RESOURCE_POOLS, "/resourcePools");
    CachedResponse stored =
        new CachedResponse(
            206,
            Map.of("Link", "</next>; rel=\"next\"", "X-Total-Count", "1200", "É", "ü"),
            "[{\"resourcePoolId\":\"a\"}]".getBytes(StandardCharsets.UTF_8));

    cache.put(key, stored);
    awaitVisible(key);

    CachedResponse read = cache.get(key).orElseThrow();
    assertThat(read.status()).isEqualTo(206);
    assertThat(read.headers()).isEqualTo(stored.headers());
    assertThat(read.body()).isEqualTo(stored.body());
  }

  @Test
  void unknownKeyIsAMiss() {
    assertThat(cache.get(key(CacheRegion.RESOURCES, "/resources/none"))).isEmpty();
    assertThat(cache.peek(key(CacheRegion.RESOURCES, "/resources/none"))).isEmpty();
  }

  @Test
  void keysDifferingInViewPathOrQueryAreDistinct() {
    CacheKey base = new CacheKey(CacheRegion.RESOURCES, "v1", "/resources", "filter=a");
    CacheKey otherView = new CacheKey(CacheRegion.RESOURCES, "v2", "/resources", "filter=a");
    CacheKey otherPath = new CacheKey(CacheRegion.RESOURCES, "v1", "/resources/x", "filter=a");
    CacheKey otherQuery = new CacheKey(CacheRegion.RESOURCES, "v1", "/resources", "filter=b");
    cache.put(base, response("base"));
    cache.put(otherView, response("view"));
    cache.put(otherPath, response("path"));
    awaitVisible(base);
    awaitVisible(otherView);
    awaitVisible(otherPath);

    assertThat(body(cache.get(base))).isEqualTo("base");
    assertThat(body(cache.get(otherView))).isEqualTo("view");
    assertThat(body(cache.get(otherPath))).isEqualTo("path");
    assertThat(cache.get(otherQuery)).isEmpty();
  }

  @Test
  void peekAnswersFromProcessMemoryOnly() {
    CacheKey key = key(CacheRegion.RESOURCE_TYPES, "/resourceTypes");
    cache.put(key, response("types"));
    awaitVisible(key);

    if (holdsEntriesInProcess()) {
      assertThat(body(cache.peek(key))).isEqualTo("types");
    } else {
      assertThat(cache.peek(key)).isEmpty();
    }
  }

  /**
   * A read as the server makes it (CachedReads): a peek on the IO thread and, on a miss, the load
   * on a worker; then a second read that the peek answers. Each read is one lookup in the region's
   * counts, so the hit ratio that the dashboard and NetweaveLowCacheHitRatio read is per request
   * (the peek's miss was counted beside the load's, and a missed read was two misses).
   */
  @Test
  void eachReadIsOneLookupWhetherThePeekOrTheLoadAnswersIt() {
    CacheRegion region = CacheRegion.RESOURCE_TYPES;
    CacheKey key = key(region, "/resourceTypes/counted");
    RegionStats before = cache.stats().region(region);

    assertThat(cache.peek(key)).isEmpty();
    cache.load(key, k -> Loaded.storable(response("types")));
    Optional<CachedResponse> second = cache.peek(key);

    RegionStats after = cache.stats().region(region);
    if (holdsEntriesInProcess()) {
      assertThat(second).isPresent();
      assertThat(after.misses() - before.misses()).isEqualTo(1);
      assertThat(after.hits() - before.hits()).isEqualTo(1);
    } else {
      assertThat(second).isEmpty();
      assertThat(after.misses() + after.hits())
          .as("region counts are the in-process tier's")
          .isZero();
    }
  }

  @Test
  void invalidatingARegionDropsOnlyThatRegion() {
    CacheKey pool = key(CacheRegion.RESOURCE_POOLS, "/resourcePools");
    CacheKey resource = key(CacheRegion.RESOURCES, "/resources");
    cache.put(pool, response("pools"));
    cache.put(resource, response("resources"));
    awaitVisible(pool);
    awaitVisible(resource);

    cache.invalidate(CacheRegion.RESOURCE_POOLS);

    await().atMost(Duration.ofSeconds(30)).until(() -> cache.get(pool).isEmpty());
    assertThat(body(cache.get(resource))).isEqualTo("resources");
  }

  @Test
  void responsesStoredAfterAnInvalidationAreServed() {
    CacheKey pool = key(CacheRegion.RESOURCE_POOLS, "/resourcePools");
    cache.put(pool, response("old"));
    awaitVisible(pool);
    cache.invalidate(CacheRegion.RESOURCE_POOLS);
    await().atMost(Duration.ofSeconds(30)).until(() -> cache.get(pool).isEmpty());

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              cache.put(pool, response("new"));
              return cache.get(pool).map(r -> body(Optional.of(r))).orElse("").equals("new");
            });
  }

  @Test
  void invalidateAllDropsEveryRegion() {
    CacheKey pool = key(CacheRegion.RESOURCE_POOLS, "/resourcePools");
    CacheKey manager = key(CacheRegion.DEPLOYMENT_MANAGERS, "/deploymentManagers");
    cache.put(pool, response("pools"));
    cache.put(manager, response("managers"));
    awaitVisible(pool);
    awaitVisible(manager);

    cache.invalidateAll();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cache.get(pool).isEmpty() && cache.get(manager).isEmpty());
  }

  @Test
  void entryExpiresAfterItsRegionTtl() {
    CacheKey subscription = key(CacheRegion.SUBSCRIPTIONS, "/subscriptions");
    CacheKey pool = key(CacheRegion.RESOURCE_POOLS, "/resourcePools");
    cache.put(subscription, response("subscriptions"));
    cache.put(pool, response("pools"));
    awaitVisible(subscription);
    awaitVisible(pool);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              elapse(SHORT_TTL.plusMillis(1));
              return cache.get(subscription).isEmpty();
            });

    assertThat(body(cache.get(pool))).isEqualTo("pools");
  }

  @Test
  void aResponseThatGrewAGzipBodyIsWeighedAgainWhereHeldInProcessAndKeepsItsExpiry() {
    CacheKey key = key(CacheRegion.SUBSCRIPTIONS, "/subscriptions?gzip");
    cache.put(key, response("x".repeat(4096)));
    if (!holdsEntriesInProcess()) {
      // a tier that holds nothing in process has nothing to weigh: the stored bytes stay as they
      // are
      awaitVisible(key);
      CachedResponse read = cache.get(key).orElseThrow();
      read.gzipBody(identity -> new byte[100]);
      cache.reweigh(key, read);
      CachedResponse again = cache.get(key).orElseThrow();
      assertThat(body(Optional.of(again))).isEqualTo("x".repeat(4096));
      assertThat(again.gzipBody()).isEmpty();
      return;
    }
    CachedResponse held = cache.peek(key).orElseThrow();
    long before = cache.stats().region(CacheRegion.SUBSCRIPTIONS).weightedSize();

    held.gzipBody(identity -> new byte[100]);
    cache.reweigh(key, held);

    assertThat(cache.stats().region(CacheRegion.SUBSCRIPTIONS).weightedSize())
        .isEqualTo(before + 100);
    assertThat(cache.peek(key)).containsSame(held);
    elapse(SHORT_TTL.plusMillis(1));
    assertThat(cache.peek(key)).isEmpty();
  }

  @Test
  void reweighingAResponseTheCacheDoesNotHoldChangesNothing() {
    CacheKey key = key(CacheRegion.RESOURCE_POOLS, "/resourcePools?reweigh");
    cache.put(key, response("held"));
    awaitVisible(key);
    CachedResponse other = response("other");
    other.gzipBody(identity -> new byte[100]);

    cache.reweigh(key, other);

    assertThat(body(cache.get(key))).isEqualTo("held");
  }

  @Test
  void regionWithZeroTtlIsNeverCached() {
    CacheKey ocloud = key(CacheRegion.OCLOUD, "/");
    cache.put(ocloud, response("ocloud"));
    AtomicInteger loads = new AtomicInteger();

    cache.get(ocloud, k -> response("loaded " + loads.incrementAndGet()));
    cache.get(ocloud, k -> response("loaded " + loads.incrementAndGet()));

    assertThat(cache.get(ocloud)).isEmpty();
    assertThat(loads).hasValue(2);
  }

  @Test
  void largeBodiesRoundTrip() {
    byte[] large = new byte[3 * 1024 * 1024];
    new Random(7).nextBytes(large);
    CacheKey key = key(CacheRegion.RESOURCES, "/resources?large");
    cache.put(key, new CachedResponse(200, Map.of("X-Total-Count", "20000"), large));
    awaitVisible(key);

    assertThat(cache.get(key).orElseThrow().body()).isEqualTo(large);
  }

  @Test
  void loaderResultIsStoredAndReturned() {
    CacheKey key = key(CacheRegion.RESOURCE_POOLS, "/resourcePools/loaded");

    CachedResponse loaded = cache.get(key, k -> response("rendered"));

    assertThat(body(Optional.of(loaded))).isEqualTo("rendered");
    awaitVisible(key);
    assertThat(cache.get(key, k -> response("rendered again")))
        .satisfies(r -> assertThat(body(Optional.of(r))).isEqualTo("rendered"));
  }

  @Test
  void loaderFailureIsThrownAndNothingIsCached() {
    CacheKey key = key(CacheRegion.RESOURCE_POOLS, "/resourcePools/failing");

    assertThatThrownBy(
            () ->
                cache.get(
                    key,
                    k -> {
                      throw new IllegalStateException("backend down");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("backend down");
    assertThat(cache.get(key)).isEmpty();
  }

  @Test
  void concurrentLoadsOfOneKeyRenderOnce() throws Exception {
    CacheKey key = key(CacheRegion.RESOURCE_TYPES, "/resourceTypes/collapsed");
    int threads = 8;
    CountDownLatch loaderEntered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger renders = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<CachedResponse>> results = new ArrayList<>();
      results.add(
          pool.submit(
              () ->
                  cache.get(
                      key,
                      k -> {
                        renders.incrementAndGet();
                        loaderEntered.countDown();
                        awaitLatch(release);
                        return response("once");
                      })));
      assertThat(loaderEntered.await(30, TimeUnit.SECONDS)).isTrue();
      for (int i = 1; i < threads; i++) {
        results.add(
            pool.submit(
                () ->
                    cache.get(
                        key,
                        k -> {
                          renders.incrementAndGet();
                          return response("again");
                        })));
      }
      release.countDown();
      for (Future<CachedResponse> result : results) {
        assertThat(body(Optional.of(result.get(30, TimeUnit.SECONDS)))).isIn("once", "again");
      }
      assertThat(body(Optional.of(results.get(0).get()))).isEqualTo("once");
      if (holdsEntriesInProcess()) {
        assertThat(renders).hasValue(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A miss storm on one key: the first caller's loader waits until every other caller is waiting
   * for it (counted by the tier, so no timing is involved), then answers with a response it marks
   * not storable. Tiers with an in-process tier render once and hand that response to everyone; a
   * tier without one (Redis alone) has no collapsing and renders per call.
   */
  @Test
  void concurrentMissesOfOneKeyWaitForTheLoadInFlight() throws Exception {
    CacheRegion region = CacheRegion.RESOURCES;
    CacheKey key = key(region, "/resources/storm");
    int threads = 8;
    AtomicInteger renders = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      Function<CacheKey, Loaded> render =
          k -> {
            int n = renders.incrementAndGet();
            if (holdsEntriesInProcess()) {
              awaitWaiters(region, threads - 1);
            }
            return new Loaded(response("render " + n), false);
          };
      List<Future<CachedResponse>> results = loadFromEach(pool, threads, key, render);
      List<String> bodies = new ArrayList<>();
      for (Future<CachedResponse> result : results) {
        bodies.add(body(Optional.of(result.get(30, TimeUnit.SECONDS))));
      }
      if (holdsEntriesInProcess()) {
        assertThat(renders).hasValue(1);
        assertThat(bodies).containsOnly("render 1");
        assertThat(cache.stats().region(region).loadWaitCount()).isEqualTo(threads - 1);
      } else {
        assertThat(renders).hasValue(threads);
      }
      assertThat(cache.get(key)).as("a response marked not storable is not kept").isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void failedLoadIsThrownToItsWaitersAndTheNextCallLoadsAgain() throws Exception {
    CacheRegion region = CacheRegion.RESOURCE_POOLS;
    CacheKey key = key(region, "/resourcePools/storm");
    int threads = holdsEntriesInProcess() ? 6 : 1;
    AtomicInteger renders = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      Function<CacheKey, Loaded> fail =
          k -> {
            renders.incrementAndGet();
            awaitWaiters(region, threads - 1);
            throw new IllegalStateException("backend down");
          };
      List<Future<CachedResponse>> results = loadFromEach(pool, threads, key, fail);
      for (Future<CachedResponse> result : results) {
        assertThatThrownBy(() -> result.get(30, TimeUnit.SECONDS))
            .hasCauseInstanceOf(IllegalStateException.class)
            .hasRootCauseMessage("backend down");
      }
      assertThat(renders).hasValue(1);
      assertThat(cache.get(key)).isEmpty();

      CachedResponse retried =
          cache.load(
              key,
              k -> {
                renders.incrementAndGet();
                return Loaded.storable(response("recovered"));
              });

      assertThat(body(Optional.of(retried))).isEqualTo("recovered");
      assertThat(renders).hasValue(2);
      awaitVisible(key);
      assertThat(body(cache.get(key))).isEqualTo("recovered");
    } finally {
      pool.shutdownNow();
    }
  }

  /** Each of {@code callers} tasks on {@code pool} loads {@code key} with {@code loader}. */
  private List<Future<CachedResponse>> loadFromEach(
      ExecutorService pool, int callers, CacheKey key, Function<CacheKey, Loaded> loader) {
    List<Future<CachedResponse>> results = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      results.add(pool.submit(() -> cache.load(key, loader)));
    }
    return results;
  }

  private void awaitWaiters(CacheRegion region, int waiters) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cache.stats().region(region).loadWaitCount() >= waiters);
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void concurrentReadersAndWritersNeverSeeAnotherKeysResponse() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        done.add(
            pool.submit(
                () -> {
                  Random random = new Random(seed);
                  int checked = 0;
                  for (int i = 0; i < 300; i++) {
                    String path = "/resources/" + random.nextInt(50);
                    CacheKey key = key(CacheRegion.RESOURCES, path);
                    if (random.nextBoolean()) {
                      cache.put(key, response(path));
                    } else {
                      Optional<CachedResponse> read = cache.get(key);
                      if (read.isPresent()) {
                        assertThat(body(read)).isEqualTo(path);
                        checked++;
                      }
                    }
                    if (i % 100 == 99 && seed == 0) {
                      cache.invalidate(CacheRegion.RESOURCES);
                    }
                  }
                  return checked;
                }));
      }
      int checked = 0;
      for (Future<Integer> f : done) {
        checked += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(checked).isPositive();
    } finally {
      pool.shutdownNow();
    }
  }
}
