#!/usr/bin/env bash
# Alarm lists at scale (hand-run, loopback only): one gateway jar (demo backend, 5,000 nodes) on a
# fresh redis-server; every node gets Ready=Unknown and NetworkUnavailable=True through the demo
# admin endpoint, which raises 10,000 alarms (NodeUnreachable, NodeNetworkUnavailable; no
# debounce). Then it times the first page (server.page_size 1000) of a filtered list: 20 requests
# one after another (median, p90), then wrk with 8 connections for 15 s (requests/s).
#
# Usage (needs redis-server, wrk and python3 on the PATH):
#   bench/alarm-list.sh [GATEWAY_JAR]   # default o2ims-server/target/o2ims-server.jar
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${1:-$ROOT/o2ims-server/target/o2ims-server.jar}"
[[ -f "$JAR" ]] || { echo "usage: bench/alarm-list.sh [GATEWAY_JAR] (no $JAR)" >&2; exit 2; }
WORK="$(mktemp -d /tmp/netweave-alarm-list.XXXXXX)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
REDIS_PORT="$(free_port)"
PORT="$(free_port)"
redis-server --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes \
  --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log"
cat >"$WORK/gateway.yaml" <<YAML
notifications:
  store: redis
redis:
  url: redis://127.0.0.1:$REDIS_PORT
demo:
  resources: 5000
YAML
java -Xmx512m -jar "$JAR" --config="$WORK/gateway.yaml" --data-dir="$WORK/data" --port="$PORT" \
  >"$WORK/gateway.log" 2>&1 &
GATEWAY=$!
trap 'kill "$GATEWAY" 2>/dev/null || true; kill "$(cat "$WORK/redis.pid")" 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; do sleep 1; done

python3 - "$PORT" <<'PY'
import http.client, json, sys, time
port = int(sys.argv[1])
c = http.client.HTTPConnection("127.0.0.1", port)
def get(url):
    c.request("GET", url); r = c.getresponse(); return r, r.read()
ids = []
r, b = get("/o2ims-infrastructureInventory/v1/resourcePools")
for pool in json.loads(b):
    url = "/o2ims-infrastructureInventory/v1/resourcePools/%s/resources?fields=resourceId" % pool["resourcePoolId"]
    while url:
        r, b = get(url)
        ids += [x["resourceId"] for x in json.loads(b)]
        link = r.getheader("Link")
        url = link[link.index("<") + 1:link.index(">")] if link else None
body = json.dumps({"conditions": {"Ready": "Unknown", "NetworkUnavailable": "True"}})
for i in ids:
    c.request("PATCH", "/admin/v1/demo/resources/" + i, body, {"Content-Type": "application/json"})
    c.getresponse().read()
while True:
    r, b = get("/o2ims-infrastructureMonitoring/v1/alarms?fields=alarmEventRecordId")
    if int(r.getheader("X-Total-Count")) >= 2 * len(ids):
        break
    time.sleep(1)
print("alarms:", r.getheader("X-Total-Count"))
PY

URL="/o2ims-infrastructureMonitoring/v1/alarms?filter=(eq,perceivedSeverity,0);(gte,alarmRaisedTime,2026-01-01T00:00:00Z)"
python3 - "$PORT" "$URL" <<'PY'
import http.client, statistics, sys, time
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1])); ts = []
for _ in range(20):
    t = time.time(); c.request("GET", sys.argv[2]); r = c.getresponse(); r.read()
    assert r.status == 200, r.status
    ts.append((time.time() - t) * 1000)
print("first page, one client: median %.0f ms, p90 %.0f ms" % (statistics.median(ts), sorted(ts)[17]))
PY
wrk -t2 -c8 -d15s "http://127.0.0.1:$PORT$URL" | grep -E "Requests/sec|requests in|timeout"
