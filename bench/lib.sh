# Shell helpers shared by the bench/ scripts (http-load.sh, tls-load.sh, scale.sh); sourced, not
# run. What a script using them provides:
#   PIDS      array of the processes it started (killed and reaped on exit by bench_cleanup)
#   DATA_DIR  a scratch directory removed on exit (optional)
#   bench_on_exit  a function run last on exit, for what else the script must remove (optional)
#   OUT, BENCH_JAR, JAVA_OPTS  for start_baseline
# bench_traps installs the exit trap; an interrupt exits with 130 and runs it once.

PIDS=()

bench_cleanup() {
  local pid
  for pid in "${PIDS[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]:-}"; do
    [[ -n "$pid" ]] && wait "$pid" 2>/dev/null || true
  done
  [[ -z "${DATA_DIR:-}" ]] || rm -rf "$DATA_DIR"
  ! declare -F bench_on_exit >/dev/null || bench_on_exit
}

bench_traps() {
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_http() { # URL SECONDS [CURL_OPTION...]: until the URL answers 2xx (-k for self-signed https)
  local url="$1" within="$2" deadline=$((SECONDS + $2))
  shift 2
  until curl -fsS --max-time 5 -o /dev/null "$@" "$url" 2>/dev/null; do
    ((SECONDS < deadline)) || { echo "no answer from $url within $within s" >&2; return 1; }
    sleep 0.5
  done
}

# wait_started PID LOG URL SECONDS [CURL_OPTION...]: as wait_http, but gives up at once when the
# server process PID has exited (a port in use, a jar that does not start), showing the end of LOG
wait_started() {
  local pid="$1" log="$2" url="$3" within="$4" deadline=$((SECONDS + $4))
  shift 4
  until curl -fsS --max-time 5 -o /dev/null "$@" "$url" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the server process exited before $url answered; the end of $log:" >&2
      tail -n 15 "$log" >&2 || true
      return 1
    fi
    ((SECONDS < deadline)) || { echo "no answer from $url within $within s (log: $log)" >&2; return 1; }
    sleep 0.5
  done
}

require_tools() { # TOOL...: exits 2 naming every missing tool
  local tool missing=()
  for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  ((${#missing[@]} == 0)) && return 0
  echo "missing tools: ${missing[*]} (apt-get install -y: wrk for wrk, nghttp2-client for h2load, jq, curl, openssl; jcmd comes with the JDK)" >&2
  exit 2
}

require_counts() { # MIN NAME...: exits 2 naming every variable whose value is not a whole number >= MIN
  local min="$1" name value bad=()
  shift
  for name in "$@"; do
    value="${!name}"
    [[ "$value" =~ ^[0-9]+$ ]] && ((10#$value >= min)) || bad+=("$name=$value")
  done
  ((${#bad[@]} == 0)) && return 0
  echo "not a whole number >= $min: ${bad[*]}" >&2
  exit 2
}

require_bodies() { # every word of $BODIES is pools or resources, and there is one; else exits 2
  local body
  [[ -n "${BODIES// /}" ]] || { echo "BODIES is empty: pools, resources or both (\"pools resources\")" >&2; exit 2; }
  for body in $BODIES; do
    [[ "$body" == pools || "$body" == resources ]] \
      || { echo "unknown body in BODIES: $body (pools, resources or both: \"pools resources\")" >&2; exit 2; }
  done
}

cpu_ticks() { # PID -> utime+stime in clock ticks (fields 14 and 15 of /proc/PID/stat)
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

thread_ticks() { # PID -> "io jit gc" clock ticks of the XNIO I/O, JIT compiler and GC threads
  local t comm io=0 jit=0 gc=0 ticks
  for t in /proc/"$1"/task/*; do
    comm="$(cat "$t/comm" 2>/dev/null)" || continue
    ticks="$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$t/stat" 2>/dev/null)" || continue
    case "$comm" in
      *"I/O-"*) io=$((io + ticks)) ;;
      C1\ Compiler* | C2\ Compiler*) jit=$((jit + ticks)) ;;
      GC\ Thread* | G1\ *) gc=$((gc + ticks)) ;;
    esac
  done
  echo "$io $jit $gc"
}

io_cpu_ticks() { # PID -> clock ticks of the process's Undertow IO threads (XNIO-* I/O-*)
  local io _
  read -r io _ _ <<<"$(thread_ticks "$1")"
  echo "$io"
}

cpu_per_request() { # BEFORE_TICKS AFTER_TICKS REQUESTS -> server CPU µs per request
  awk -v b="$1" -v a="$2" -v t="$(getconf CLK_TCK)" -v n="$3" \
    'BEGIN { if (n > 0) printf "%.1f", (a - b) / t * 1e6 / n; else print "nan" }'
}

to_ms() { # wrk latency like 812.00us, 1.23ms, 1.05s -> milliseconds
  awk -v v="$1" 'BEGIN {
    if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
    else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
    else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
    else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
    else { printf "nan" } }'
}

# start_baseline PORT BODY_FILE [--headers CURL_D_FILE] [--tls CERT KEY]: BaselineServer on the body, waited for; sets
# BASELINE_PID (and adds it to PIDS)
start_baseline() {
  local port="$1" body="$2" scheme=http arg
  shift 2
  for arg in "$@"; do [[ "$arg" != --tls ]] || scheme=https; done
  # shellcheck disable=SC2086
  java $JAVA_OPTS -cp "$BENCH_JAR" io.netweave.o2ims.bench.http.BaselineServer "$port" "$body" "$@" \
    >"$OUT/baseline-$port.log" 2>&1 &
  BASELINE_PID=$!
  PIDS+=("$BASELINE_PID")
  wait_started "$BASELINE_PID" "$OUT/baseline-$port.log" "$scheme://127.0.0.1:$port/" 60 -k
}

stop() { # PID: ends a process this script started and reaps it
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
