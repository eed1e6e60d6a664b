#!/usr/bin/env bash
# CPU profile of one server under the HTTP load of http-load.sh's pools run: the real gateway (demo
# backend, one pool of 1,000 resources, defaults: access log on) or BaselineServer on the same
# bytes, sampled by async-profiler on CPU time (so a busy machine slows the run but does not skew
# the per-request figures much), then summarised per thread group and per place on the I/O threads.
# With MODE=h2tls both listen on HTTPS with the same self-signed P-256 certificate (the gateway's
# TLS defaults; BaselineServer --tls) and the load is HTTP/2 over TLS, tls-load.sh's h2load
# command (-t2 -c8 -m8). Both modes also print the process's read and write system calls per
# request (/proc/PID/io): writes per response do not depend on the machine's load; reads per
# request do, through how many requests one read finds (they rise as the request rate falls).
#
# Usage (after `./mvnw -B -q -pl o2ims-server,jmh-benchmarks -am -DskipTests package`):
#   ASYNC_PROFILER=/path/to/libasyncProfiler.so bench/cpu-profile.sh gateway|baseline [OUT_DIR]
#   MODE=h2tls ASYNC_PROFILER=... bench/cpu-profile.sh gateway|baseline [OUT_DIR]
# async-profiler comes from Maven Central, e.g.
#   mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:3.0 -Dmaven.repo.local=/tmp/ap-m2
#   unzip -o -d /tmp/ap /tmp/ap-m2/tools/profiler/async-profiler/3.0/async-profiler-3.0.jar
#   ASYNC_PROFILER=/tmp/ap/linux-x64/libasyncProfiler.so
# Environment (optional): BASELINE_HEADERS (same: the bare server sends the response headers the
# gateway sent, captured when the gateway is profiled into the same OUT_DIR; minimal: Content-Type
# only, as before the ninth session), BASELINE_PATH (the path the bare server is asked; default the
# gateway's pools path, so both parse the same request line; / as before the eighth session),
# JAR (the gateway jar), WARMUP seconds (25: the gateway's JIT compiler is
# busy for about 30 s of load on 2 cores), DURATION seconds (20), INTERVAL_NS (250000 ns of CPU
# per sample), EVENT (cpu; itimer where perf events are not allowed), MODE (http: plain HTTP/1.1
# with wrk; h2tls: HTTP/2 over TLS with h2load), H2LOAD_ARGS (extra h2load arguments in h2tls
# mode, split on spaces, e.g. H2LOAD_ARGS="-H X-Request-Id:fixed-id" to send one request id).
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
MODE="${MODE:-http}"
read -r -a H2LOAD_EXTRA <<<"${H2LOAD_ARGS:-}"
[[ -f "$LIB" ]] || { echo "ASYNC_PROFILER: no file $LIB (see the header of this script)" >&2; exit 2; }
case "$TARGET" in
  gateway) NEEDED_JAR="$JAR" ;;
  *) NEEDED_JAR="$BENCH_JAR" ;;
esac
[[ -f "$NEEDED_JAR" ]] || { echo "missing $NEEDED_JAR: build first (see the header of this script)" >&2; exit 2; }
TOOLS=(wrk curl python3)
[[ "${MODE:-http}" != h2tls ]] || TOOLS=(h2load openssl curl python3)
for tool in "${TOOLS[@]}"; do
  command -v "$tool" >/dev/null || { echo "$tool not installed (apt-get install -y wrk nghttp2-client curl openssl)" >&2; exit 2; }
done
mkdir -p "$OUT"
DATA_DIR="$(mktemp -d /tmp/netweave-cpu-profile-data.XXXXXX)"
JAVA_FLAGS=(-Xms1g -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch -XX:+UnlockDiagnosticVMOptions
  -XX:+DebugNonSafepoints "-agentpath:$LIB")

PID=""
cleanup() { # the server's exit status (143 once killed) must not become the script's
  if [[ -n "$PID" ]]; then
    kill "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
POOLS_FILE="$OUT/pools.json"
GATEWAY_TLS=()
BASELINE_TLS=()
SCHEME=http
CURL_TLS=()
case "$MODE" in
  http) ;;
  h2tls)
    # One key pair per OUT_DIR, so that a gateway and a baseline profiled into it share it.
    [[ -f "$OUT/server.key" ]] || openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
      -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
      -keyout "$OUT/server.key" -out "$OUT/server.crt" 2>/dev/null
    GATEWAY_TLS=(--tls-cert "$OUT/server.crt" --tls-key "$OUT/server.key")
    BASELINE_TLS=(--tls "$OUT/server.crt" "$OUT/server.key")
    SCHEME=https
    CURL_TLS=(-k)
    ;;
  *) echo "MODE must be http or h2tls" >&2; exit 2 ;;
esac
case "$TARGET" in
  gateway)
    NETWEAVE_DEMO_RESOURCE_POOLS=1 NETWEAVE_DEMO_RESOURCES=1000 NETWEAVE_SERVER_HOST=127.0.0.1 \
      java "${JAVA_FLAGS[@]}" -jar "$JAR" --port "$PORT" --data-dir "$DATA_DIR" --backend demo \
      "${GATEWAY_TLS[@]}" >"$OUT/server.out" 2>"$OUT/server.log" &
    URL="$SCHEME://127.0.0.1:$PORT/o2ims-infrastructureInventory/v1/resourcePools"
    ;;
  baseline)
    # The body the gateway serves; taken from an earlier gateway profile in the same OUT_DIR or made here.
    [[ -f "$POOLS_FILE" ]] || { echo "baseline needs $POOLS_FILE: profile the gateway into $OUT first" >&2; exit 2; }
    # the response headers the gateway sent, captured with the body (see http-load.sh's
    # BASELINE_HEADERS: same or minimal)
    HEADER_ARGS=()
    if [[ "${BASELINE_HEADERS:-same}" != minimal ]]; then
      [[ -f "$OUT/pools.headers.txt" ]] || { echo "baseline needs $OUT/pools.headers.txt: profile the gateway into $OUT first (or BASELINE_HEADERS=minimal)" >&2; exit 2; }
      HEADER_ARGS=(--headers "$OUT/pools.headers.txt")
    fi
    java "${JAVA_FLAGS[@]}" -cp "$BENCH_JAR" io.netweave.o2ims.bench.http.BaselineServer "$PORT" \
      "$POOLS_FILE" "${HEADER_ARGS[@]}" "${BASELINE_TLS[@]}" >"$OUT/server.out" 2>&1 &
    # the gateway's request path, so that both servers parse the same request line
    URL="$SCHEME://127.0.0.1:$PORT${BASELINE_PATH:-/o2ims-infrastructureInventory/v1/resourcePools}"
    ;;
  *) echo "target must be gateway or baseline" >&2; exit 2 ;;
esac
PID=$!
SERVER_LOG="$OUT/server.out"
[[ "$TARGET" != gateway ]] || SERVER_LOG="$OUT/server.log"
for i in $(seq 1 180); do
  curl -fsS "${CURL_TLS[@]}" -o /dev/null --max-time 2 "$URL" 2>/dev/null && break
  kill -0 "$PID" 2>/dev/null || { echo "the $TARGET exited before $URL answered; the end of $SERVER_LOG:" >&2; tail -n 15 "$SERVER_LOG" >&2; exit 1; }
  ((i < 180)) || { echo "no answer from $URL within 90 s (see $SERVER_LOG)" >&2; exit 1; }
  sleep 0.5
done
[[ "$TARGET" == gateway ]] && curl -fsS "${CURL_TLS[@]}" --http1.1 --max-time 30 -D "$OUT/pools.headers.txt" "$URL" -o "$POOLS_FILE"

# load SECONDS OUTPUT: the mode's load generator against URL
load() {
  if [[ "$MODE" == h2tls ]]; then
    h2load -t2 -c8 -m8 -D"$1" "${H2LOAD_EXTRA[@]}" "$URL" >"$2" 2>&1
    grep -q "Application protocol: h2" "$2" || { echo "h2 was not negotiated (see $2)" >&2; exit 1; }
  else
    wrk -t2 -c64 -d"$1s" --latency "$URL" >"$2"
  fi
}
# syscalls PID -> "reads writes" system calls of the process so far (/proc/PID/io)
syscalls() { awk '/^syscr:/ { r = $2 } /^syscw:/ { w = $2 } END { print r, w }' "/proc/$1/io"; }

LOAD_OUT="$OUT/$TARGET.wrk.txt"
[[ "$MODE" == http ]] || LOAD_OUT="$OUT/$TARGET.h2load.txt"
load "$WARMUP" "$OUT/$TARGET.warmup.txt"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
java "$ROOT/bench/profile/AsyncProfilerCommand.java" "$PID" "$LIB" \
  "start,event=$EVENT,interval=$INTERVAL_NS,threads" >/dev/null
read -r READS_BEFORE WRITES_BEFORE < <(syscalls "$PID")
load "$DURATION" "$LOAD_OUT"
read -r READS_AFTER WRITES_AFTER < <(syscalls "$PID")
java "$ROOT/bench/profile/AsyncProfilerCommand.java" "$PID" "$LIB" \
  "stop,collapsed,file=$OUT/$TARGET.collapsed.txt" >/dev/null
if [[ "$MODE" == h2tls ]]; then
  REQUESTS="$(awk '/^requests:/ { print $8 }' "$LOAD_OUT")"
  RATE="$(awk '/^finished in/ { gsub(",", "", $4); print $4 }' "$LOAD_OUT")"
else
  REQUESTS="$(awk '/requests in/ { print $1 }' "$LOAD_OUT")"
  RATE="$(awk '/^Requests\/sec:/ { print $2 }' "$LOAD_OUT")"
fi
echo "$TARGET ($MODE): $REQUESTS requests in ${DURATION}s ($RATE/s) after ${WARMUP}s of warm-up; load average $LOAD_START at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end; raw files in $OUT"
awk -v r=$((READS_AFTER - READS_BEFORE)) -v w=$((WRITES_AFTER - WRITES_BEFORE)) -v n="$REQUESTS" \
  'BEGIN { printf "system calls per request: %.3f read, %.3f write (the whole process)\n", r / n, w / n }'
python3 "$ROOT/bench/profile/summary.py" "$OUT/$TARGET.collapsed.txt" "$REQUESTS" "$INTERVAL_NS"
