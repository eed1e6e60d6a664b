#!/usr/bin/env bash
# Scale run (issue 13): the real gateway jar against emulated Kubernetes clusters served by another
# JVM (EmulatedClustersRun), so that the gateway's heap is measured alone.
#
# Usage (from anywhere, after `./mvnw -B -q -pl o2ims-server -am -DskipTests package`, which also
# compiles the adapter's test classes, the emulator):
#   bench/scale.sh NODES [OUT_DIR]
# Environment (all optional):
#   CLUSTERS   emulated clusters sharing the nodes (1; more go through kubernetes.clusters)
#   ZONES      zones, i.e. resource pools per cluster (1: one pool holds every node, so a filtered
#              query over a pool is a query over every resource)
#   JAVA_OPTS  gateway JVM flags (-Xms1g -Xmx1g -XX:+UseG1GC)
#   WRK        1 to run the wrk part (cached page, cold filtered queries under load); default 1
#   DURATION   measured wrk seconds (30)
#   GZIP       1: wrk sends `Accept-Encoding: gzip` (as the SDK does), so the cached page goes out
#              gzip-compressed (server.compression.*); the summary gives the bytes on the wire and
#              the gateway's CPU per response over the measured run (the cold queries included)
#   GATEWAY_JAR the gateway jar (o2ims-server/target/o2ims-server.jar), e.g. to compare two builds
#   EXTRA_CP   classes put before the gateway jar (e.g. a module's target/classes while iterating)
#   COLD       1 to also run the 20 cold filtered queries without load, before the wrk part
#   CHURN      "RATE SECONDS" (e.g. "50 20"): at the end, the emulator changes RATE nodes a second
#              (one label each, clusters in turn) for SECONDS; the gateway's CPU time during that
#              window and during an idle window of the same length gives its CPU per change; the
#              idle window also gives the notification producer thread's CPU (the alarm passes)
# Steps: start the emulator JVM and the gateway; time to /readyz and the adapter's own "synced in"
# log figure; live heap after a full GC (jcmd GC.run, then GC.heap_info) once synced and again
# after every v1 resources page was read once; a class histogram; then wrk -t2 -c64 on the first
# cached resources page while 20 distinct filtered queries (cache misses) run one after another.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GATEWAY_JAR="${GATEWAY_JAR:-$ROOT/o2ims-server/target/o2ims-server.jar}"
TEST_CLASSES="$ROOT/o2ims-k8s-adapter/target/test-classes"
NODES="${1:?usage: bench/scale.sh NODES [OUT_DIR]}"
OUT="${2:-$(mktemp -d /tmp/netweave-scale.XXXXXX)}"
CLUSTERS="${CLUSTERS:-1}"
ZONES="${ZONES:-1}"
JAVA_OPTS="${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC}"
WRK="${WRK:-1}"
DURATION="${DURATION:-30}"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
require_counts 1 NODES CLUSTERS ZONES DURATION
[[ -z "${CHURN:-}" || "$CHURN" =~ ^[1-9][0-9]*\ +[1-9][0-9]*$ ]] \
  || { echo "CHURN must be \"RATE SECONDS\", two whole numbers (e.g. \"50 20\"), not \"$CHURN\"" >&2; exit 2; }
[[ -f "$GATEWAY_JAR" ]] || { echo "no gateway jar at $GATEWAY_JAR: build first (see the header), or set GATEWAY_JAR to a built one" >&2; exit 2; }
[[ -d "$TEST_CLASSES" ]] || { echo "no $TEST_CLASSES (the emulator): build first (see the header)" >&2; exit 2; }
mkdir -p "$OUT"
TOOLS=(curl jq jcmd python3 mkfifo)
[[ "$WRK" != 1 ]] || TOOLS+=(wrk)
require_tools "${TOOLS[@]}"
bench_traps
DATA_DIR="$(mktemp -d /tmp/netweave-scale-data.XXXXXX)"
bench_on_exit() { rm -f "$OUT/emulator.in"; }

cpu_s() { # PID -> utime+stime in seconds (fields 14 and 15 of /proc/PID/stat)
  awk -v t="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.1f", ($12 + $13) / t }' "/proc/$1/stat"
}

thread_cpu() { # PID NAME_PREFIX -> CPU seconds of the process's threads whose name starts so
  local t total=0 ticks
  ticks="$(getconf CLK_TCK)"
  for t in /proc/"$1"/task/*; do
    [[ "$(cat "$t/comm" 2>/dev/null)" == "$2"* ]] || continue
    total=$((total + $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$t/stat" 2>/dev/null || echo 0)))
  done
  awk -v v="$total" -v t="$ticks" 'BEGIN { printf "%.2f", v / t }'
}

live_heap_mb() { # PID -> MB used after a full GC
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/garbage-first heap|def new generation|PSYoungGen/ {
    for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); printf "%.1f", v / 1024; exit } }'
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/summary.txt"

# The emulator reads churn commands from a FIFO held open by this script (fd 3).
mkfifo "$OUT/emulator.in"
exec 3<>"$OUT/emulator.in"
java -Xmx6g -XX:+UseParallelGC -cp "$TEST_CLASSES:$GATEWAY_JAR" \
  io.netweave.o2ims.k8s.EmulatedClustersRun "$NODES" "$CLUSTERS" "$ZONES" \
  <"$OUT/emulator.in" >"$OUT/emulator.out" 2>&1 &
PIDS+=("$!")
until grep -q '^ready' "$OUT/emulator.out"; do
  kill -0 "${PIDS[0]}" 2>/dev/null || { cat "$OUT/emulator.out" >&2; exit 1; }
  sleep 0.5
done
grep '^ready' "$OUT/emulator.out" | tee -a "$OUT/summary.txt"
mapfile -t URLS < <(awk '/^cluster / { print $3 }' "$OUT/emulator.out")
EMU_CPU_BEFORE="$(cpu_s "${PIDS[0]}")"

ENV=(NETWEAVE_KUBERNETES_API_URL="${URLS[0]}" NETWEAVE_KUBERNETES_CLUSTER_NAME=c0)
if ((CLUSTERS > 1)); then
  json="["
  for ((i = 1; i < CLUSTERS; i++)); do
    ((i > 1)) && json+=","
    json+="{\"name\":\"c$i\",\"api_url\":\"${URLS[$i]}\"}"
  done
  ENV+=(NETWEAVE_KUBERNETES_CLUSTERS="$json]")
fi

PORT="$(free_port)"
GW="http://127.0.0.1:$PORT"
start_ns="$(date +%s%N)"
# shellcheck disable=SC2086
env "${ENV[@]}" java $JAVA_OPTS -cp "${EXTRA_CP:+$EXTRA_CP:}$GATEWAY_JAR" io.netweave.o2ims.server.Main \
  --port "$PORT" --data-dir "$DATA_DIR" --backend kubernetes >"$OUT/gateway.out" 2>"$OUT/gateway.log" &
GW_PID=$!
PIDS+=("$GW_PID")
until curl -fsS --max-time 5 -o /dev/null "$GW/readyz" 2>/dev/null; do
  kill -0 "$GW_PID" 2>/dev/null || { tail -20 "$OUT/gateway.log" >&2; exit 1; }
  sleep 0.2
done
ready_ms=$((($(date +%s%N) - start_ns) / 1000000))
echo "gateway JVM start to /readyz 200: $ready_ms ms; CPU used by then: gateway $(cpu_s "$GW_PID") s, emulator $(awk -v a="$(cpu_s "${PIDS[0]}")" -v b="$EMU_CPU_BEFORE" 'BEGIN { printf "%.1f", a - b }') s; load average $(cut -d' ' -f1-3 /proc/loadavg)" \
  | tee -a "$OUT/summary.txt"
grep -o 'Kubernetes inventory synced: .*' "$OUT/gateway.log" | tee -a "$OUT/summary.txt" || true

echo "live heap after full GC, synced, nothing read: $(live_heap_mb "$GW_PID") MB" \
  | tee -a "$OUT/summary.txt"

INV="$GW/o2ims-infrastructureInventory/v1"
curl -fsS "$INV/resourcePools" -o "$OUT/pools.json"
curl -fsS "$INV/resourceTypes" -o /dev/null
curl -fsS "$INV/deploymentManagers" -o /dev/null
pages=0
read_count=0
FIRST_PAGE=""
for pool in $(jq -r '.[].resourcePoolId' "$OUT/pools.json"); do
  url="$INV/resourcePools/$pool/resources"
  [[ -n "$FIRST_PAGE" ]] || FIRST_PAGE="$url"
  while [[ -n "$url" ]]; do
    curl -fsS -D "$OUT/headers.txt" "$url" -o "$OUT/page.json"
    pages=$((pages + 1))
    read_count=$((read_count + $(jq length "$OUT/page.json")))
    url="$( (grep -i '^link:' "$OUT/headers.txt" || true) | sed -n 's/.*<\([^>]*\)>; *rel="next".*/\1/p' | tr -d '\r')"
    [[ -z "$url" || "$url" == http* ]] || url="$GW$url"
  done
done
echo "read $read_count resources in $pages pages" | tee -a "$OUT/summary.txt"
heap="$(live_heap_mb "$GW_PID")"
echo "live heap after full GC, every page read once: $heap MB ($(awk -v h="$heap" -v n="$NODES" 'BEGIN { printf "%.0f", h * 1048576 / n }') bytes per node)" \
  | tee -a "$OUT/summary.txt"
jcmd "$GW_PID" GC.class_histogram >"$OUT/histogram-full.txt"
head -40 "$OUT/histogram-full.txt" >"$OUT/histogram.txt"
# The histogram counts live objects' bytes; G1's "used" also counts the unused tails of humongous
# regions (each cached 1 MB page body takes two 1 MB regions with -Xmx1g).
echo "live objects (class histogram total): $(awk '$1 == "Total" { printf "%.1f", $3 / 1048576 }' "$OUT/histogram-full.txt") MB" \
  | tee -a "$OUT/summary.txt"

cold_queries() { # FILE: 20 distinct (eq,extensions/nodeName,...) misses, one after another
  : >"$1"
  local i name
  for i in $(seq 1 20); do
    name="$(printf 'c0-node-%06d' $(((i * 7919 + ${2:-0}) % (NODES / CLUSTERS))))"
    curl -fsS -o "$OUT/cold.json" -w '%{time_total}\n' \
      "$FIRST_PAGE?filter=(eq,extensions/nodeName,$name)" >>"$1"
    [[ "$(jq length "$OUT/cold.json")" == 1 ]] || echo "filter $name did not select one node" >&2
  done
}
cold_summary() { # FILE LABEL
  awk '{ printf "%s%.1f", (NR > 1 ? " " : ""), $1 * 1000 }' "$1" >"$1.ms"
  sort -n "$1" | awk -v label="$2" -v first="$(head -1 "$1")" '{ v[NR] = $1 * 1000 } END {
    printf "20 cold filtered queries (eq on extensions/nodeName) %s, ms: first %.1f; min %.1f median %.1f max %.1f\n", label, first * 1000, v[1], v[int((NR + 1) / 2)], v[NR] }' \
    | tee -a "$OUT/summary.txt"
}

if [[ "${COLD:-0}" == 1 ]]; then
  cold_queries "$OUT/cold-idle.txt" 1
  cold_summary "$OUT/cold-idle.txt" "without load (load average $(cut -d' ' -f1 /proc/loadavg))"
fi

if [[ "$WRK" == 1 ]]; then
  WRK_HEADERS=()
  [[ "${GZIP:-0}" != 1 ]] || WRK_HEADERS=(-H 'Accept-Encoding: gzip')
  curl -fsS "$FIRST_PAGE" -o "$OUT/first-page.json"
  curl -fsS "${WRK_HEADERS[@]}" -D "$OUT/first-page.wire-headers.txt" "$FIRST_PAGE" \
    -o "$OUT/first-page.wire"
  echo "cached page: $FIRST_PAGE ($(wc -c <"$OUT/first-page.json") bytes, $(wc -c <"$OUT/first-page.wire") on the wire with ${WRK_HEADERS[*]:-no Accept-Encoding})" \
    | tee -a "$OUT/summary.txt"
  wrk -t2 -c64 -d10s "${WRK_HEADERS[@]}" "$FIRST_PAGE" >/dev/null
  wrk_cpu_before="$(cpu_s "$GW_PID")"
  wrk -t2 -c64 -d"${DURATION}s" --latency "${WRK_HEADERS[@]}" "$FIRST_PAGE" >"$OUT/wrk.txt" &
  WRK_PID=$!
  PIDS+=("$WRK_PID")
  sleep 3
  cold_queries "$OUT/cold.txt" 0
  wait "$WRK_PID"
  wrk_cpu="$(awk -v a="$(cpu_s "$GW_PID")" -v b="$wrk_cpu_before" 'BEGIN { printf "%.2f", a - b }')"
  echo "wrk -t2 -c64 -d${DURATION}s ${WRK_HEADERS[*]} on the cached page:" | tee -a "$OUT/summary.txt"
  grep -E 'Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors' "$OUT/wrk.txt" | tee -a "$OUT/summary.txt"
  echo "gateway CPU over the run: $wrk_cpu s, $(awk -v c="$wrk_cpu" -v n="$(awk '/requests in/ { print $1 }' "$OUT/wrk.txt")" 'BEGIN { printf "%.0f", c * 1e6 / n }') µs per response (the 20 cold queries included); load average $(cut -d' ' -f1-3 /proc/loadavg)" \
    | tee -a "$OUT/summary.txt"
  cold_summary "$OUT/cold.txt" "during that load"
fi
if [[ -n "${CHURN:-}" ]]; then
  read -r rate seconds <<<"$CHURN"
  before="$(cpu_s "$GW_PID")"
  producer_before="$(thread_cpu "$GW_PID" notify-produce)"
  sleep "$seconds"
  idle="$(awk -v a="$(cpu_s "$GW_PID")" -v b="$before" 'BEGIN { printf "%.2f", a - b }')"
  producer="$(awk -v a="$(thread_cpu "$GW_PID" notify-produce)" -v b="$producer_before" 'BEGIN { printf "%.2f", a - b }')"
  # the notification producer thread runs the alarm pass (alarms.evaluation_interval, 1 s)
  echo "idle ${seconds} s: gateway CPU $idle s, of which the notification producer thread (alarm passes) $producer s, $(awk -v p="$producer" -v s="$seconds" 'BEGIN { printf "%.1f", p * 1000 / s }') ms per second; load average $(cut -d' ' -f1-3 /proc/loadavg)" \
    | tee -a "$OUT/summary.txt"
  before="$(cpu_s "$GW_PID")"
  appl_before="$(thread_cpu "$GW_PID" k8s-inventory-a)"
  lines="$(wc -l <"$OUT/emulator.out")"
  echo "churn $rate $seconds" >&3
  until tail -n +"$((lines + 1))" "$OUT/emulator.out" | grep -q '^churned'; do
    kill -0 "${PIDS[0]}" 2>/dev/null || { echo "the emulator exited during the churn:" >&2; tail -20 "$OUT/emulator.out" >&2; exit 1; }
    sleep 0.5
  done
  sleep 2 # let the last changes through the informers
  busy="$(awk -v a="$(cpu_s "$GW_PID")" -v b="$before" 'BEGIN { printf "%.2f", a - b }')"
  appl="$(awk -v a="$(thread_cpu "$GW_PID" k8s-inventory-a)" -v b="$appl_before" 'BEGIN { printf "%.2f", a - b }')"
  patches="$(tail -n +"$((lines + 1))" "$OUT/emulator.out" | awk '/^churned/ { print $2 }')"
  echo "churn: $(tail -n +"$((lines + 1))" "$OUT/emulator.out" | grep '^churned'); gateway CPU $busy s during it (+2 s) against $idle s idle over ${seconds} s: $(awk -v b="$busy" -v i="$idle" -v n="$patches" -v s="$seconds" 'BEGIN { printf "%.2f", (b - i * (s + 2) / s) * 1000 / n }') ms of CPU per node change; the clusters' applier threads (k8s-inventory-applier: each cluster's changes and the merged snapshot) $appl s, $(awk -v a="$appl" -v n="$patches" 'BEGIN { printf "%.2f", a * 1000 / n }') ms per change; load average $(cut -d' ' -f1-3 /proc/loadavg)" \
    | tee -a "$OUT/summary.txt"
fi
echo "live heap after full GC, at the end (with the columns the filtered queries built): $(live_heap_mb "$GW_PID") MB" \
  | tee -a "$OUT/summary.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/summary.txt"
echo "raw files in $OUT"
