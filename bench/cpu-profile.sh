#!/usr/bin/env bash
# CPU profile of one server under the HTTP load of http-load.sh's pools run: the real gateway (demo
# backend, one pool of 1,000 resources, defaults: access log on) or BaselineServer on the same
# bytes, sampled by async-profiler on CPU time (so a busy machine slows the run but does not skew
# the per-request figures much), then summarised per thread group and per place on the I/O threads.
#
# Usage (after `mvn -B -q -o -pl o2ims-server,jmh-benchmarks -am -DskipTests package`):
#   ASYNC_PROFILER=/path/to/libasyncProfiler.so bench/cpu-profile.sh gateway|baseline [OUT_DIR]
# async-profiler comes from Maven Central, e.g.
#   mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:3.0 -Dmaven.repo.local=/tmp/ap-m2
#   unzip -o -d /tmp/ap /tmp/ap-m2/tools/profiler/async-profiler/3.0/async-profiler-3.0.jar
#   ASYNC_PROFILER=/tmp/ap/linux-x64/libasyncProfiler.so
# Environment (optional): JAR (the gateway jar), WARMUP seconds (25: the gateway's JIT compiler is
# busy for about 30 s of load on 2 cores), DURATION seconds (20), INTERVAL_NS (250000 ns of CPU
# per sample), EVENT (cpu; itimer where perf events are not allowed).
# JVM flags: -Xms1g -Xmx1g -XX:+UseG1GC as http-load.sh, plus -XX:+AlwaysPreTouch (without it a
# slow run keeps touching fresh heap pages: page faults that a fast run does not have) and
# -XX:+DebugNonSafepoints; the agent is loaded at start-up (loading it later recompiles everything).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${1:?usage: cpu-profile.sh gateway|baseline [OUT_DIR]}"
OUT="${2:-$(mktemp -d /tmp/netweave-cpu-profile.XXXXXX)}"
JAR="${JAR:-$ROOT/o2ims-server/target/o2ims-server.jar}"
BENCH_JAR="$ROOT/jmh-benchmarks/target/benchmarks.jar"
LIB="${ASYNC_PROFILER:?set ASYNC_PROFILER to libasyncProfiler.so (see the header of this script)}"
WARMUP="${WARMUP:-25}"
DURATION="${DURATION:-20}"
INTERVAL_NS="${INTERVAL_NS:-250000}"
EVENT="${EVENT:-cpu}"
mkdir -p "$OUT"
DATA_DIR="$(mktemp -d /tmp/netweave-cpu-profile-data.XXXXXX)"
JAVA_FLAGS=(-Xms1g -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch -XX:+UnlockDiagnosticVMOptions
  -XX:+DebugNonSafepoints "-agentpath:$LIB")

PID=""
cleanup() {
  [[ -n "$PID" ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT INT TERM

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
POOLS_FILE="$OUT/pools.json"
case "$TARGET" in
  gateway)
    NETWEAVE_DEMO_RESOURCE_POOLS=1 NETWEAVE_DEMO_RESOURCES=1000 \
      java "${JAVA_FLAGS[@]}" -jar "$JAR" --port "$PORT" --data-dir "$DATA_DIR" --backend demo \
      >"$OUT/server.out" 2>"$OUT/server.log" &
    URL="http://127.0.0.1:$PORT/o2ims-infrastructureInventory/v1/resourcePools"
    ;;
  baseline)
    # The body the gateway serves; taken from an earlier gateway profile in the same OUT_DIR or made here.
    [[ -f "$POOLS_FILE" ]] || { echo "baseline needs $POOLS_FILE: profile the gateway into $OUT first" >&2; exit 2; }
    java "${JAVA_FLAGS[@]}" -cp "$BENCH_JAR" io.netweave.o2ims.bench.http.BaselineServer "$PORT" \
      "$POOLS_FILE" >"$OUT/server.out" 2>&1 &
    URL="http://127.0.0.1:$PORT/"
    ;;
  *) echo "target must be gateway or baseline" >&2; exit 2 ;;
esac
PID=$!
for _ in $(seq 1 180); do
  curl -fsS -o /dev/null --max-time 2 "$URL" 2>/dev/null && break
  sleep 0.5
done
[[ "$TARGET" == gateway ]] && curl -fsS --max-time 30 "$URL" -o "$POOLS_FILE"

wrk -t2 -c64 -d"${WARMUP}s" "$URL" >"$OUT/$TARGET.warmup.txt"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
java "$ROOT/bench/profile/AsyncProfilerCommand.java" "$PID" "$LIB" \
  "start,event=$EVENT,interval=$INTERVAL_NS,threads" >/dev/null
wrk -t2 -c64 -d"${DURATION}s" --latency "$URL" >"$OUT/$TARGET.wrk.txt"
java "$ROOT/bench/profile/AsyncProfilerCommand.java" "$PID" "$LIB" \
  "stop,collapsed,file=$OUT/$TARGET.collapsed.txt" >/dev/null
REQUESTS="$(awk '/requests in/ { print $1 }' "$OUT/$TARGET.wrk.txt")"
echo "$TARGET: $REQUESTS requests in ${DURATION}s ($(awk '/^Requests\/sec:/ { print $2 }' "$OUT/$TARGET.wrk.txt")/s) after ${WARMUP}s of warm-up; load average $LOAD_START at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end; raw files in $OUT"
python3 "$ROOT/bench/profile/summary.py" "$OUT/$TARGET.collapsed.txt" "$REQUESTS" "$INTERVAL_NS"
