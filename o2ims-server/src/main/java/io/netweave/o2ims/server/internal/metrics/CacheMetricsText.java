package io.netweave.o2ims.server.internal.metrics;

import io.netweave.o2ims.cache.CacheRegion;
import io.netweave.o2ims.cache.CacheStats;
import io.netweave.o2ims.cache.RegionStats;
import io.netweave.o2ims.cache.SharedTierStats;
import java.util.function.ToDoubleFunction;

/**
 * The response cache's figures in Prometheus text: per region (label {@code region}, the
 * configuration name such as {@code resource_pools}) hits, misses, loads, waits for a load in
 * flight, load time, evictions, entries and bytes of the in-process tier, the overall hit ratio,
 * and the shared Redis tier's hits, misses, errors, skipped lookups and connection state. One
 * instance per scrape.
 */
final class CacheMetricsText {
  private final CacheStats stats;

  CacheMetricsText(CacheStats stats) {
    this.stats = stats;
  }

  void appendTo(StringBuilder out) {
    region(out, "netweave_cache_hits_total", "counter", "Cache hits.", RegionStats::hits);
    region(out, "netweave_cache_misses_total", "counter", "Cache misses.", RegionStats::misses);
    region(
        out,
        "netweave_cache_loads_total",
        "counter",
        "Responses rendered on a miss.",
        RegionStats::loadCount);
    region(
        out,
        "netweave_cache_load_failures_total",
        "counter",
        "Renders that failed.",
        RegionStats::loadFailureCount);
    region(
        out,
        "netweave_cache_load_waits_total",
        "counter",
        "Misses answered by waiting for the same render already in flight.",
        RegionStats::loadWaitCount);
    region(
        out,
        "netweave_cache_load_seconds_total",
        "counter",
        "Time spent rendering on misses.",
        s -> s.totalLoadTimeNanos() / 1e9);
    region(
        out,
        "netweave_cache_evictions_total",
        "counter",
        "Entries evicted by size.",
        RegionStats::evictionCount);
    region(
        out,
        "netweave_cache_expirations_total",
        "counter",
        "Entries expired by TTL.",
        RegionStats::expirationCount);
    region(
        out,
        "netweave_cache_entries",
        "gauge",
        "Entries held in-process.",
        RegionStats::entryCount);
    region(
        out, "netweave_cache_bytes", "gauge", "Bytes held in-process.", RegionStats::weightedSize);
    region(
        out, "netweave_cache_hit_ratio", "gauge", "Hits / (hits + misses).", RegionStats::hitRatio);
    single(
        out,
        "netweave_cache_overall_hit_ratio",
        "gauge",
        "Hit ratio over every region.",
        stats.hitRatio());

    SharedTierStats shared = stats.shared();
    single(
        out,
        "netweave_cache_redis_enabled",
        "gauge",
        "1 when a Redis tier is configured.",
        bit(shared.enabled()));
    single(
        out,
        "netweave_cache_redis_connected",
        "gauge",
        "1 while Redis is connected.",
        bit(shared.connected()));
    single(
        out,
        "netweave_cache_redis_degraded",
        "gauge",
        "1 while Redis is skipped after failures.",
        bit(shared.degraded()));
    single(out, "netweave_cache_redis_hits_total", "counter", "Shared-tier hits.", shared.hits());
    single(
        out,
        "netweave_cache_redis_misses_total",
        "counter",
        "Shared-tier misses.",
        shared.misses());
    single(
        out,
        "netweave_cache_redis_errors_total",
        "counter",
        "Shared-tier errors.",
        shared.errors());
    single(
        out,
        "netweave_cache_redis_skipped_total",
        "counter",
        "Lookups that skipped Redis while it was degraded.",
        shared.skipped());
  }

  private void region(
      StringBuilder out,
      String name,
      String type,
      String help,
      ToDoubleFunction<RegionStats> value) {
    header(out, name, type, help);
    for (CacheRegion region : CacheRegion.values()) {
      out.append(name)
          .append("{region=\"")
          .append(region.configName())
          .append("\"} ")
          .append(value.applyAsDouble(stats.region(region)))
          .append('\n');
    }
  }

  private static void single(
      StringBuilder out, String name, String type, String help, double value) {
    header(out, name, type, help);
    out.append(name).append(' ').append(value).append('\n');
  }

  private static void header(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static double bit(boolean value) {
    return value ? 1 : 0;
  }
}
