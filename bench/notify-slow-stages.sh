#!/usr/bin/env bash
# Summarizes the slow-delivery trace (DEBUG logger
# io.netweave.o2ims.server.internal.notify.DeliveryDispatcher.slow, see bench/notify-trace.xml):
# for the deliveries that took >= 50 ms (or -Dnetweave.notify.trace_millis=N) from being stored to
# their 2xx, how many spent most of that
# time in each stage, and each stage's median, p90 and max in ms.
#
# Usage: bench/notify-slow-stages.sh TRACE_LOG [MIN_SEQUENCE]
#   MIN_SEQUENCE  skip outbox sequences below it (with NotificationLoadRun --warmup=W on a fresh
#                 embedded outbox, the warm-up's notifications are sequences 1 to W x matching)
# Stages: stored->queued (the entry stored until a poll handed its queue to the workers; negative
# when the drain was queued first), queued->started (waiting for a worker thread to run it),
# started->read (lease and batch read), read->sent (earlier entries of the same batch),
# sent->2xx (the HTTP exchange), 2xx->recorded (the outcome written to the outbox).
set -euo pipefail
LOG="${1:?usage: $0 TRACE_LOG [MIN_SEQUENCE]}"
MIN="${2:-0}"
TMP="$(mktemp)"
trap 'rm -f "$TMP"' EXIT
[[ -r "$LOG" ]] || { echo "no trace file $LOG" >&2; exit 2; }
grep -q 'slow delivery' "$LOG" || { echo "no 'slow delivery' lines in $LOG: was the run started with -Dlogback.configurationFile=bench/notify-trace.xml -Dtrace.file=$LOG?" >&2; exit 1; }
# One line per stage and delivery: "stage value", then "longest stage" per delivery.
grep 'slow delivery' "$LOG" | awk -v min="$MIN" '
  {
    seq = -1
    for (i = 1; i <= NF; i++) if ($i ~ /^seq=/) { split($i, a, "="); seq = a[2] + 0 }
    if (seq < min) next
    for (i = 1; i <= NF; i++) if ($i ~ /^total=/) { split($i, a, "="); print "total", a[2] + 0 }
    best = ""; bestv = -1e18
    for (i = 1; i <= NF; i++) {
      if ($i ~ /->/) {
        split($i, a, "="); print a[1], a[2] + 0
        if (a[2] + 0 > bestv) { bestv = a[2] + 0; best = a[1] }
      }
    }
    print "longest", best
  }' > "$TMP"
# The trace holds the deliveries at or over the run's threshold (-Dnetweave.notify.trace_millis,
# 50 ms unless set), which the trace does not record: the shortest traced total shows it.
echo "slow deliveries traced: $(grep -c '^longest' "$TMP" || true) (shortest total $(awk '$1 == "total" { if (m == "" || $2 < m) m = $2 } END { print (m == "" ? "-" : m) }' "$TMP") ms; traced from -Dnetweave.notify.trace_millis, 50 ms unless set)"
printf '%-16s %8s %7s %7s %7s\n' stage longest median p90 max
for k in 'stored->queued' 'queued->started' 'started->read' 'read->sent' 'sent->2xx' '2xx->recorded'; do
  longest=$(grep -c "^longest $k\$" "$TMP" || true)
  { grep "^$k " "$TMP" || true; } | awk '{print $2}' | sort -n | awk -v k="$k" -v l="$longest" '
    { v[NR] = $1 }
    END {
      if (NR == 0) exit
      p90 = int(NR * 0.9); if (p90 < 1) p90 = 1
      printf "%-16s %8d %7d %7d %7d\n", k, l, v[int((NR + 1) / 2)], v[p90], v[NR]
    }'
done
