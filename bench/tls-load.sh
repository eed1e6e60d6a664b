#!/usr/bin/env bash
# TLS load run (issue 13): the real gateway over TLS against a minimal Undertow server with the
# same TLS settings that answers with the same bytes (BaselineServer --tls), one server measured at
# a time and the two interleaved, loopback only:
#   - HTTP/1.1 over TLS with wrk, HTTP/2 (ALPN h2) with h2load: requests/s, p50/p99, server CPU
#     per request, for the cached resource-pool list (small body) and a 1,000-resource page;
#   - full TLS handshakes/s (openssl s_time -new) and resumed ones (s_time -reuse: the session
#     cache, or tickets under TLS 1.3) against both servers.
#
# Usage (after `./mvnw -B -q -pl jmh-benchmarks -am -DskipTests package`):
#   bench/tls-load.sh [OUT_DIR]
# Environment (all optional):
#   PROFILE     demo (TLS on, no authentication) or production (TLS, bearer JWT on every request,
#               rate limits on with a budget no run reaches) (demo)
#   KEY_TYPE    ec (P-256) or rsa (2048) server key (ec)
#   JAVA_OPTS   JVM flags of BOTH servers (-Xms1g -Xmx1g -XX:+UseG1GC)
#   CONNS       wrk connections (64)        THREADS  load generator threads (2)
#   H2_CONNS    h2load connections (8)      H2_STREAMS  concurrent streams per connection (8)
#   DURATION    measured seconds (20)       WARMUP   warm-up seconds per target (5)
#   JIT_WARMUP  seconds of HTTP/1.1 and again of HTTP/2 load each server gets once, before its
#               first measured run (30): the JIT compiler is busy for about 30 s of load on 2
#               cores (the gateway has far more code to compile than the bare server), and a
#               compiler thread that shares the cores with the IO threads during a measured run
#               shows as a tail in front of the handler chain (0 keeps the old behaviour; each
#               run's "JIT CPU µs/req" column shows whether compilation was still going on)
#   ROUNDS      how many times each gateway/baseline pair is run, interleaved (2)
#   BASELINE_PATH the path the bare server is asked (default: the gateway's path for that body, so
#               both parse the same request; BASELINE_PATH=/ reproduces runs before the eighth session)
#   BASELINE_HEADERS same (default): the bare server sends the response headers the gateway sent
#               (captured with curl -D; see http-load.sh); minimal: Content-Type only, as before
#               the ninth session
#   HS_CLIENTS  parallel s_time clients (4)
#   HS_TIME     seconds per s_time run (10) TLS_VERSION  -tls1_3 or -tls1_2 for s_time (-tls1_3)
#   RESOURCES   demo resources in the single pool (1000)
#   BODIES      which bodies to measure ("pools resources")
#   HANDSHAKES  0 skips the s_time runs (1)
#   JFR         set to 1 to record a JFR profile of the gateway during the HTTP runs (OUT_DIR/gateway.jfr)
#   ASYNC_PROFILER  path to libasyncProfiler.so: both servers start with the agent loaded (and
#               -XX:+DebugNonSafepoints); each measured HTTP run is sampled on CPU time
#               (INTERVAL_NS, 250000 ns per sample) into OUT_DIR/NAME.collapsed.txt, and the script
#               ends with bench/profile/summary.py's CPU per request per thread group and per place
#               on the I/O threads for each run (load-insensitive: samples count CPU time only)
#   GATEWAY_JAR the gateway build to run: any jar holding io.netweave.o2ims.server.Main and its
#               dependencies, e.g. an older build or jmh-benchmarks' shaded jar for an A/B of two
#               builds (o2ims-server/target/o2ims-server.jar)
# Prints markdown tables; raw tool output and logs stay in OUT_DIR. Server CPU per request is the
# process's (utime+stime over the measured run / requests); "IO threads' CPU" counts only Undertow's
# XNIO I/O threads, where both servers answer, so JIT, GC and background threads are left out: the
# steadiest of the figures on a loaded machine (a thread is charged only while it runs).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GATEWAY_JAR="${GATEWAY_JAR:-$ROOT/o2ims-server/target/o2ims-server.jar}"
BENCH_JAR="$ROOT/jmh-benchmarks/target/benchmarks.jar"
PROFILE="${PROFILE:-demo}"
KEY_TYPE="${KEY_TYPE:-ec}"
JAVA_OPTS="${JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseG1GC}"
CONNS="${CONNS:-64}"
THREADS="${THREADS:-2}"
H2_CONNS="${H2_CONNS:-8}"
H2_STREAMS="${H2_STREAMS:-8}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-5}"
JIT_WARMUP="${JIT_WARMUP:-30}"
ROUNDS="${ROUNDS:-2}"
HS_TIME="${HS_TIME:-10}"
HS_CLIENTS="${HS_CLIENTS:-4}"
TLS_VERSION="${TLS_VERSION:--tls1_3}"
RESOURCES="${RESOURCES:-1000}"
JFR="${JFR:-0}"
BODIES="${BODIES:-pools resources}"
HANDSHAKES="${HANDSHAKES:-1}"
BASELINE_HEADERS="${BASELINE_HEADERS:-same}"
[[ "$BASELINE_HEADERS" == same || "$BASELINE_HEADERS" == minimal ]] \
  || { echo "BASELINE_HEADERS must be same or minimal" >&2; exit 2; }
ASYNC_PROFILER="${ASYNC_PROFILER:-}"
INTERVAL_NS="${INTERVAL_NS:-250000}"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
require_counts 1 CONNS THREADS H2_CONNS H2_STREAMS DURATION ROUNDS HS_TIME HS_CLIENTS RESOURCES INTERVAL_NS
require_counts 0 WARMUP JIT_WARMUP
require_bodies
[[ "$HANDSHAKES" == 0 || "$HANDSHAKES" == 1 ]] || { echo "HANDSHAKES must be 0 or 1" >&2; exit 2; }
OUT="${1:-$(mktemp -d /tmp/netweave-tls-load.XXXXXX)}"
mkdir -p "$OUT"

[[ -f "$GATEWAY_JAR" ]] || { echo "no gateway jar at $GATEWAY_JAR: run ./mvnw -B -q -pl jmh-benchmarks -am -DskipTests package, or set GATEWAY_JAR to a built one" >&2; exit 2; }
[[ -f "$BENCH_JAR" ]] || { echo "missing $BENCH_JAR: run ./mvnw -B -q -pl jmh-benchmarks -am -DskipTests package" >&2; exit 2; }
for tool in wrk h2load openssl curl jq python3; do
  command -v "$tool" >/dev/null || { echo "$tool not installed (wrk, nghttp2-client, openssl, curl, jq)" >&2; exit 2; }
done

bench_traps
DATA_DIR="$(mktemp -d /tmp/netweave-tls-load-data.XXXXXX)"

# --- key material: a CA-less self-signed server certificate for 127.0.0.1 -------------------------
case "$KEY_TYPE" in
  ec) openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
        -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
        -keyout "$OUT/server.key" -out "$OUT/server.crt" 2>/dev/null ;;
  rsa) openssl req -x509 -newkey rsa:2048 -nodes -days 2 \
        -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
        -keyout "$OUT/server.key" -out "$OUT/server.crt" 2>/dev/null ;;
  *) echo "KEY_TYPE must be ec or rsa" >&2; exit 2 ;;
esac

AUTH_HEADER=()
METRICS_AUTH=()
CONFIG_ARGS=()
if [[ "$PROFILE" == production ]]; then
  # A token signer: RSA key, its public JWK set for auth.static_keys_file, one RS256 reader token.
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$OUT/signer.key" 2>/dev/null
  python3 - "$OUT" <<'PY'
import base64, json, subprocess, sys, time
out = sys.argv[1]
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
mod = subprocess.run(["openssl", "rsa", "-in", f"{out}/signer.key", "-noout", "-modulus"],
                     capture_output=True, text=True, check=True).stdout.strip().split("=", 1)[1]
n = bytes.fromhex(mod)
json.dump({"keys": [{"kty": "RSA", "kid": "bench", "alg": "RS256", "use": "sig",
                     "n": b64(n), "e": b64((65537).to_bytes(3, "big"))}]},
          open(f"{out}/jwks.json", "w"))
now = int(time.time())
header = b64(json.dumps({"alg": "RS256", "kid": "bench", "typ": "JWT"}).encode())
# the load's reader token, and an admin token for /metrics (an admin path)
for name, scope in (("token", "role:o2ims-reader"), ("admin-token", "role:o2ims-admin")):
    payload = b64(json.dumps({"iss": "https://bench.invalid", "aud": "o2ims", "sub": "bench",
                              "scope": scope, "iat": now, "exp": now + 6 * 3600}).encode())
    signing_input = f"{header}.{payload}".encode()
    sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", f"{out}/signer.key"],
                         input=signing_input, capture_output=True, check=True).stdout
    open(f"{out}/{name}", "w").write(f"{header}.{payload}.{b64(sig)}")
PY
  cat >"$OUT/production.yaml" <<YAML
auth:
  static_keys_file: $OUT/jwks.json
  issuer: https://bench.invalid
  audience: [o2ims]
rate_limit:
  read_per_minute: 1000000000
YAML
  AUTH_HEADER=(-H "Authorization: Bearer $(cat "$OUT/token")")
  METRICS_AUTH=(-H "Authorization: Bearer $(cat "$OUT/admin-token")")
  CONFIG_ARGS=(--profile production --config "$OUT/production.yaml")
elif [[ "$PROFILE" != demo ]]; then
  echo "PROFILE must be demo or production" >&2; exit 2
fi

# switches PID FILE: each thread's id, name and voluntary/nonvoluntary context switches so far
switches() {
  local t
  for t in /proc/"$1"/task/*; do
    awk -v tid="${t##*/}" -v comm="$(tr ' ' '_' <"$t/comm" 2>/dev/null)" \
      '/^voluntary_ctxt_switches/ { v = $2 } /^nonvoluntary_ctxt_switches/ { n = $2 }
       END { print tid, comm, v + 0, n + 0 }' "$t/status" 2>/dev/null || true
  done >"$2"
}

# switches_per_request BEFORE AFTER REQUESTS -> "io_preempted io_slept woken top": per 1,000 requests,
# the IO threads' involuntary switches (descheduled while runnable: the delay in front of the
# handler chain that a busy core causes), their voluntary ones (waits in epoll) and the voluntary
# switches of every other thread (each is a wake-up after a sleep: work handed to another thread),
# with the three threads woken most
switches_per_request() {
  python3 - "$1" "$2" "$3" <<'PY'
import re, sys
def load(path):
    return {l.split()[0]: l.split()[1:] for l in open(path) if l.strip()}
before, after, n = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3]) or 1
io_n = io_v = woken = 0
others = {}
for tid, (comm, v, nv) in after.items():
    b = before.get(tid, [comm, "0", "0"])
    dv, dn = int(v) - int(b[1]), int(nv) - int(b[2])
    if "I/O-" in comm:
        io_v += dv; io_n += dn
    else:
        woken += dv
        name = re.sub(r"\d+$", "N", comm)
        others[name] = others.get(name, 0) + dv
top = ",".join(f"{k}:{v * 1000 / n:.1f}" for k, v in sorted(others.items(), key=lambda kv: -kv[1])[:3] if v > 0)
print(f"{io_n * 1000 / n:.1f} {io_v * 1000 / n:.1f} {woken * 1000 / n:.1f} {top or '-'}")
PY
}

# after_run NAME REQUESTS: appends the run's context switches and JIT/GC CPU per request to
# OUT/switches
after_run() {
  local jb jit gb gc
  read -r _ jb gb <"$OUT/$1.ticks-before"
  read -r _ jit gc <"$OUT/$1.ticks-after"
  echo "$1 $(switches_per_request "$OUT/$1.switches-before" "$OUT/$1.switches-after" "$2")" \
    "$(cpu_per_request "$jb" "$jit" "$2") $(cpu_per_request "$gb" "$gc" "$2")" >>"$OUT/switches"
}

# profile_start PID / profile_stop PID NAME: async-profiler on CPU time over one measured run
profile_start() {
  [[ -z "$ASYNC_PROFILER" ]] || java "$ROOT/bench/profile/AsyncProfilerCommand.java" "$1" "$ASYNC_PROFILER" \
    "start,event=cpu,interval=$INTERVAL_NS,threads" >/dev/null
}
profile_stop() {
  [[ -z "$ASYNC_PROFILER" ]] || java "$ROOT/bench/profile/AsyncProfilerCommand.java" "$1" "$ASYNC_PROFILER" \
    "stop,collapsed,file=$OUT/$2.collapsed.txt" >/dev/null
}

# jit_warmup URL: JIT_WARMUP seconds of each protocol's load on one server, not measured
jit_warmup() {
  ((JIT_WARMUP > 0)) || return 0
  timeout $((JIT_WARMUP + 30)) wrk -t"$THREADS" -c"$CONNS" -d"${JIT_WARMUP}s" --timeout 10s \
    "${AUTH_HEADER[@]}" "$1" >/dev/null || true
  timeout $((JIT_WARMUP + 30)) h2load -t"$THREADS" -c"$H2_CONNS" -m"$H2_STREAMS" -D"$JIT_WARMUP" \
    "${AUTH_HEADER[@]}" "$1" >/dev/null 2>&1 || true
}

# h1 NAME PID URL: HTTP/1.1 over TLS with wrk (each connection handshakes once, then keep-alive)
h1() {
  local name="$1" pid="$2" url="$3" f="$OUT/$1.txt" before after io_before io_after
  timeout $((WARMUP + 30)) wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" --timeout 10s "${AUTH_HEADER[@]}" "$url" \
    >"$OUT/$name.warmup.txt" || true
  profile_start "$pid"
  switches "$pid" "$OUT/$name.switches-before"
  thread_ticks "$pid" >"$OUT/$name.ticks-before"
  before="$(cpu_ticks "$pid")"
  io_before="$(io_cpu_ticks "$pid")"
  local from
  from="$(date +%H:%M:%S.%3N)"
  timeout $((DURATION + 30)) wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout 10s --latency \
    "${AUTH_HEADER[@]}" "$url" >"$f" || true
  after="$(cpu_ticks "$pid")"
  io_after="$(io_cpu_ticks "$pid")"
  switches "$pid" "$OUT/$name.switches-after"
  thread_ticks "$pid" >"$OUT/$name.ticks-after"
  profile_stop "$pid" "$name"
  echo "$name $from $(date +%H:%M:%S.%3N)" >>"$OUT/windows"
  local rps requests non2xx p50 p99 errors
  rps="$(awk '/^Requests\/sec:/ { print $2 }' "$f")"
  requests="$(awk '/requests in/ { print $1 }' "$f")"
  non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $5 }' "$f")"
  errors="$(awk '/Socket errors:/ { print $0 }' "$f")"
  p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")"
  p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")"
  after_run "$name" "$requests"
  echo "$name $rps $p50 $p99 $(cpu_per_request "$before" "$after" "$requests") $requests ${non2xx:-0}" \
    "$(cpu_per_request "$io_before" "$io_after" "$requests")" >>"$OUT/results"
  [[ -z "$errors" ]] || echo "$name: $errors" >&2
}

# h2 NAME PID URL: HTTP/2 over TLS (ALPN h2) with h2load; percentiles from its per-request log
h2() {
  local name="$1" pid="$2" url="$3" f="$OUT/$1.txt" before after io_before io_after
  timeout $((WARMUP + 30)) h2load -t"$THREADS" -c"$H2_CONNS" -m"$H2_STREAMS" -D"$WARMUP" \
    "${AUTH_HEADER[@]}" "$url" >"$OUT/$name.warmup.txt" 2>&1 || true
  profile_start "$pid"
  switches "$pid" "$OUT/$name.switches-before"
  thread_ticks "$pid" >"$OUT/$name.ticks-before"
  before="$(cpu_ticks "$pid")"
  io_before="$(io_cpu_ticks "$pid")"
  local from
  from="$(date +%H:%M:%S.%3N)"
  timeout $((DURATION + 30)) h2load -t"$THREADS" -c"$H2_CONNS" -m"$H2_STREAMS" -D"$DURATION" \
    --log-file="$OUT/$name.log" "${AUTH_HEADER[@]}" "$url" >"$f" 2>&1 || true
  after="$(cpu_ticks "$pid")"
  io_after="$(io_cpu_ticks "$pid")"
  switches "$pid" "$OUT/$name.switches-after"
  thread_ticks "$pid" >"$OUT/$name.ticks-after"
  profile_stop "$pid" "$name"
  echo "$name $from $(date +%H:%M:%S.%3N)" >>"$OUT/windows"
  grep -q "Application protocol: h2" "$f" || { echo "$name: h2 was not negotiated" >&2; exit 1; }
  local rps requests bad p50 p99
  rps="$(awk '/^finished in/ { gsub(",", "", $4); print $4 }' "$f")"
  requests="$(awk '/^requests:/ { print $8 }' "$f")"
  bad="$(awk '/^status codes:/ { gsub(",", ""); print $5 + $7 + $9 }' "$f")"
  # log lines: start time (µs), status, elapsed (µs)
  read -r p50 p99 < <(awk '{ print $3 }' "$OUT/$name.log" | sort -n | awk '
    { v[NR] = $1 } END { i50 = int(NR * 0.50); i99 = int(NR * 0.99); if (i50 < 1) i50 = 1; if (i99 < 1) i99 = 1
      printf "%.3f %.3f\n", v[i50] / 1000, v[i99] / 1000 }')
  rm -f "$OUT/$name.log"
  after_run "$name" "$requests"
  echo "$name $rps $p50 $p99 $(cpu_per_request "$before" "$after" "$requests") $requests ${bad:-0}" \
    "$(cpu_per_request "$io_before" "$io_after" "$requests")" >>"$OUT/results"
}

# handshakes NAME PORT PATH MODE: HS_CLIENTS parallel openssl s_time clients, MODE -new (full
# handshake per connection) or -reuse (each client resumes its first session); the rate is the sum
# of the clients' connections over the longest client's real seconds
handshakes() {
  local name="$1" port="$2" path="$3" mode="$4" i
  local pids=()
  for i in $(seq 1 "$HS_CLIENTS"); do
    timeout $((HS_TIME + 30)) openssl s_time -connect "127.0.0.1:$port" "$TLS_VERSION" "$mode" \
      -time "$HS_TIME" -www "$path" >"$OUT/$name.$i.txt" 2>&1 &
    pids+=("$!")
  done
  for i in "${pids[@]}"; do wait "$i" || true; done
  local conns=0 real=0 reused=0 line c r
  for i in $(seq 1 "$HS_CLIENTS"); do
    line="$(grep 'connections in .* real seconds' "$OUT/$name.$i.txt" | tail -1 || true)"
    c="$(awk '{ print $1 + 0 }' <<<"$line")"
    r="$(awk '{ print $4 + 0 }' <<<"$line")"
    conns=$((conns + c))
    ((r > real)) && real="$r"
    # s_time prints one character per connection: 'r' when the session was resumed
    r="$(grep -v 'connections\|Collecting\|Now timing\|starting\|real seconds' "$OUT/$name.$i.txt" \
      | tr -cd 'r' | wc -c)"
    reused=$((reused + r))
  done
  local rate
  rate="$(awk -v c="$conns" -v r="$real" 'BEGIN { if (r > 0) printf "%.0f", c / r; else print "nan" }')"
  echo "$name $rate $conns $reused" >>"$OUT/handshakes"
}

LOAD_BEFORE="$(cut -d" " -f1-3 /proc/loadavg)"
: >"$OUT/results"
: >"$OUT/handshakes"
: >"$OUT/windows"
: >"$OUT/switches"
GW_PORT="$(free_port)"
GW_JAVA_OPTS="$JAVA_OPTS"
[[ "$JFR" != 1 ]] || GW_JAVA_OPTS="$GW_JAVA_OPTS -XX:StartFlightRecording=filename=$OUT/gateway.jfr,settings=profile"
if [[ -n "$ASYNC_PROFILER" ]]; then
  [[ -f "$ASYNC_PROFILER" ]] || { echo "ASYNC_PROFILER: no file $ASYNC_PROFILER" >&2; exit 2; }
  # the agent is loaded at start (loading it later recompiles everything), in both servers
  JAVA_OPTS="$JAVA_OPTS -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -agentpath:$ASYNC_PROFILER"
  GW_JAVA_OPTS="$GW_JAVA_OPTS -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints -agentpath:$ASYNC_PROFILER"
fi
# shellcheck disable=SC2086
NETWEAVE_DEMO_RESOURCE_POOLS=1 NETWEAVE_DEMO_RESOURCES="$RESOURCES" NETWEAVE_SERVER_HOST=127.0.0.1 \
  java $GW_JAVA_OPTS -cp "$GATEWAY_JAR" io.netweave.o2ims.server.Main --port "$GW_PORT" --data-dir "$DATA_DIR" --backend demo \
  --tls-cert "$OUT/server.crt" --tls-key "$OUT/server.key" "${CONFIG_ARGS[@]}" \
  >"$OUT/gateway.out" 2>"$OUT/gateway.log" &
GW_PID=$!
PIDS+=("$GW_PID")
GW="https://127.0.0.1:$GW_PORT"
wait_started "$GW_PID" "$OUT/gateway.log" "$GW/readyz" 90 -k

POOLS_URL="$GW/o2ims-infrastructureInventory/v1/resourcePools"
curl -fksS --http1.1 --max-time 30 "${AUTH_HEADER[@]}" -D "$OUT/pools.headers.txt" "$POOLS_URL" \
  -o "$OUT/pools.json"
POOL_ID="$(jq -r '.[0].resourcePoolId' "$OUT/pools.json")"
RES_URL="$POOLS_URL/$POOL_ID/resources"
curl -fksS --http1.1 --max-time 30 "${AUTH_HEADER[@]}" -D "$OUT/resources.headers.txt" "$RES_URL" \
  -o "$OUT/resources.json"
[[ "$(jq length "$OUT/resources.json")" == "$RESOURCES" ]] \
  || { echo "expected $RESOURCES resources in $RES_URL" >&2; exit 1; }

for body in $BODIES; do
  case "$body" in pools) url="$POOLS_URL" ;; *) url="$RES_URL" ;; esac
  BL_PORT="$(free_port)"
  header_args=()
  [[ "$BASELINE_HEADERS" == minimal ]] || header_args=(--headers "$OUT/$body.headers.txt")
  start_baseline "$BL_PORT" "$OUT/$body.json" "${header_args[@]}" --tls "$OUT/server.crt" "$OUT/server.key"
  jit_warmup "$url"
  # the bare server answers every path with its body: ask it the gateway's request path
  BL_URL="https://127.0.0.1:$BL_PORT${BASELINE_PATH:-${url#"$GW"}}"
  jit_warmup "$BL_URL"
  for round in $(seq 1 "$ROUNDS"); do
    h1 "gateway-$body-h1-r$round" "$GW_PID" "$url"
    h1 "baseline-$body-h1-r$round" "$BASELINE_PID" "$BL_URL"
    h2 "gateway-$body-h2-r$round" "$GW_PID" "$url"
    h2 "baseline-$body-h2-r$round" "$BASELINE_PID" "$BL_URL"
  done
  if [[ "$body" == pools && "$HANDSHAKES" == 1 ]]; then
    for round in $(seq 1 "$ROUNDS"); do
      for mode in -new -reuse; do
        handshakes "gateway${mode}-r$round" "$GW_PORT" /healthz "$mode"
        handshakes "baseline${mode}-r$round" "$BL_PORT" /healthz "$mode"
      done
    done
  fi
  stop "$BASELINE_PID"
done

curl -fksS --max-time 30 "${METRICS_AUTH[@]}" "$GW/metrics" -o "$OUT/gateway-metrics.txt" \
  || echo "could not fetch $GW/metrics (see above); the run's figures do not depend on it" >&2
stop "$GW_PID"

pools_bytes="$(wc -c <"$OUT/pools.json")"
res_bytes="$(wc -c <"$OUT/resources.json")"
echo "PROFILE=$PROFILE KEY_TYPE=$KEY_TYPE; HTTP/1.1: wrk -t$THREADS -c$CONNS; HTTP/2: h2load -t$THREADS -c$H2_CONNS -m$H2_STREAMS;"
echo "${DURATION}s measured after ${WARMUP}s warm-up (and ${JIT_WARMUP}s per protocol once per server and body), $ROUNDS interleaved rounds; baseline headers: $BASELINE_HEADERS; JAVA_OPTS=$JAVA_OPTS; $(nproc) CPUs;"
echo "load average before/after: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg); raw output in $OUT"
echo
echo "| Run | Body | Requests/s | p50 ms | p99 ms | Server CPU µs/req | IO threads' CPU µs/req | Requests | Non-2xx |"
echo "|---|---|---|---|---|---|---|---|---|"
while read -r name rps p50 p99 cpu n bad iocpu; do
  case "$name" in *pools*) size="$pools_bytes B" ;; *) size="$res_bytes B" ;; esac
  echo "| $name | $size | $rps | $p50 | $p99 | $cpu | $iocpu | $n | $bad |"
done <"$OUT/results"
echo
echo "| Body | Protocol | Round | Throughput gateway/baseline | p99 gateway/baseline | CPU/req gateway/baseline | IO threads' CPU/req gateway/baseline |"
echo "|---|---|---|---|---|---|---|"
for body in $BODIES; do
  for proto in h1 h2; do
    for round in $(seq 1 "$ROUNDS"); do
      read -r _ grps _ gp99 gcpu _ _ gio < <(grep "^gateway-$body-$proto-r$round " "$OUT/results")
      read -r _ brps _ bp99 bcpu _ _ bio < <(grep "^baseline-$body-$proto-r$round " "$OUT/results")
      awk -v b="$body" -v p="$proto" -v r="$round" -v g="$grps" -v bl="$brps" -v gp="$gp99" \
        -v bp="$bp99" -v gc="$gcpu" -v bc="$bcpu" -v gi="$gio" -v bi="$bio" 'BEGIN {
        printf "| %s | %s | %s | %.2f | %.2fx | %.2fx | %.2fx |\n", b, (p == "h1" ? "HTTP/1.1" : "HTTP/2"), r,
          g / bl, gp / bp, gc / bc, gi / bi }'
    done
  done
done
echo
# Context switches per 1,000 requests (from /proc/PID/task/*/status over each measured run): a
# gateway IO thread that hands work to another thread (a cache's maintenance task, a log writer)
# wakes it, and on a machine with few cores the woken thread can take the IO thread's core while
# requests wait in front of the handler chain.
echo "| Run | IO threads descheduled while runnable /1k req | IO threads' waits (epoll) /1k req | Other threads woken /1k req (most woken) | JIT CPU µs/req | GC CPU µs/req |"
echo "|---|---|---|---|---|---|"
while read -r name pre slept woken top jit gc; do
  echo "| $name | $pre | $slept | $woken ($top) | $jit | $gc |"
done <"$OUT/switches"
echo
# Where a request waits: the gateway's own time per request (its access log's milliseconds, from
# the handler chain's start to the exchange's end) over each measured run. A client-side p99 far
# above it is time spent before the chain starts (socket and TLS queues, an IO thread busy with
# other connections), not inside it.
echo "| Gateway run | Server-side p50 ms | p99 ms | max ms | Requests logged |"
echo "|---|---|---|---|---|"
grep '^gateway-' "$OUT/windows" | while read -r name from to; do
  awk -v from="$from" -v to="$to" '/netweave\.access/ && $1 >= from && $1 <= to {
      ms = $NF; sub(/ms$/, "", ms); print ms + 0 }' "$OUT/gateway.log" | sort -n \
    | awk -v n="$name" '{ v[NR] = $1 } END {
        if (NR == 0) { printf "| %s | | | | 0 |\n", n; exit }
        i99 = int(NR * 0.99); if (i99 < 1) i99 = 1
        printf "| %s | %d | %d | %d | %d |\n", n, v[int((NR + 1) / 2)], v[i99], v[NR], NR }'
done
echo
echo "$HS_CLIENTS parallel openssl s_time $TLS_VERSION -time $HS_TIME -www /healthz (the clients' CPU is on the same machine)"
echo
echo "| Run | Handshakes/s | Connections | Resumed |"
echo "|---|---|---|---|"
while read -r name rate conns reused; do
  echo "| $name | $rate | $conns | $reused |"
done <"$OUT/handshakes"
if [[ -n "$ASYNC_PROFILER" ]]; then
  echo
  echo "CPU-time profiles (async-profiler, $INTERVAL_NS ns per sample) of each measured run:"
  while read -r name _ _ _ _ n _ _; do
    [[ -f "$OUT/$name.collapsed.txt" ]] || continue
    echo
    echo "$name:"
    python3 "$ROOT/bench/profile/summary.py" "$OUT/$name.collapsed.txt" "$n" "$INTERVAL_NS"
  done <"$OUT/results"
fi
