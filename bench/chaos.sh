#!/usr/bin/env bash
# Chaos run (hand-run, bounded, loopback only): three real gateway jars on Redis (master, replica,
# three Sentinels, durable writes on) and the Kubernetes API emulator changing nodes all the time;
# callbacks that fail every third request, answer slowly, or answer 410; kill -9 of a replica every
# 4 s (then restarted), the Redis master killed once, the emulator restarted once. It runs
# o2ims-server's ChaosRun (hand-run; the suite runs the short ChaosIT); it prints the figures (changes, deliveries, duplicates, losses,
# missing subscriptions, 5xx) and fails if anything was lost.
#
# Usage (needs redis-server on the PATH; Maven offline when the dependencies are present):
#   bench/chaos.sh [SECONDS]        # default 300
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_TO_RUN="${1:-300}"
[[ "$SECONDS_TO_RUN" =~ ^[1-9][0-9]*$ ]] || { echo "usage: bench/chaos.sh [SECONDS] (a whole number, default 300)" >&2; exit 2; }
cd "$ROOT"
LOG="$(mktemp /tmp/netweave-chaos.XXXXXX.log)"
rm -rf o2ims-server/target/chaos-run.txt o2ims-server/target/chaos-logs
if ! ./mvnw -B -q -o -pl o2ims-server -am verify \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=ChaosRun -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dchaos.seconds="$SECONDS_TO_RUN" >"$LOG" 2>&1; then
  cat o2ims-server/target/chaos-run.txt 2>/dev/null || true
  echo "chaos run failed: see $LOG and o2ims-server/target/failsafe-reports/*ChaosRun*" >&2
  exit 1
fi
cat o2ims-server/target/chaos-run.txt
