#!/usr/bin/env python3
"""Alarms on two replicas sharing Redis (hand-run, loopback only; docs/reliability.md, "Alarms on
two replicas at 10,000 records").

Start redis-server and two gateway jars on it first (demo backend, `notifications.store: redis`,
`demo.resources: 5000`, `ocloud.global_cloud_id` set), then:

  bench/alarm-replicas.py PRODUCER_PORT OTHER_PORT PRODUCER_PID

PRODUCER_PORT is the replica whose log says "is now the notification producer" (the demo O-Cloud
lives in each process: only the producer's node changes raise alarms). The script subscribes (a
receiver in this process), raises two alarms on every node through the producer's demo admin
endpoint, acknowledges 200 of them from two threads per replica at once, merges 200 distinct
extensions members into the alarm service configuration from both replicas at once, then clears
every alarm through the producer and kill -9's it after 2,000 nodes; the other replica takes over.
It prints what each subscriber received."""
import collections, http.client, http.server, json, os, signal, sys, threading, time

prod, other, pid = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
MON = "/o2ims-infrastructureMonitoring/v1"
got = collections.defaultdict(list)

class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        got[self.path].append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(204); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *a): pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()
cb = "http://127.0.0.1:%d" % server.server_address[1]

def call(port, method, path, body=None, ctype="application/json"):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request(method, path, json.dumps(body) if body is not None else None,
              {"Content-Type": ctype} if body is not None else {})
    r = c.getresponse(); b = r.read(); c.close()
    return r, b

def alarms(port, filt=""):
    ids, url = [], MON + "/alarms?fields=alarmEventRecordId" + filt
    while url:
        r, b = call(port, "GET", url)
        ids += [x["alarmEventRecordId"] for x in json.loads(b)]
        link = r.getheader("Link"); url = link[link.index("<") + 1:link.index(">")] if link else None
    return ids

def nodes(port):
    ids = []
    r, b = call(port, "GET", "/o2ims-infrastructureInventory/v1/resourcePools")
    for p in json.loads(b):
        url = "/o2ims-infrastructureInventory/v1/resourcePools/%s/resources?fields=resourceId" % p["resourcePoolId"]
        while url:
            r, b = call(port, "GET", url)
            ids += [x["resourceId"] for x in json.loads(b)]
            link = r.getheader("Link"); url = link[link.index("<") + 1:link.index(">")] if link else None
    return ids

def wait(what, pred, seconds=600):
    end = time.time() + seconds
    while not pred():
        if time.time() > end: sys.exit("gave up waiting for " + what)
        time.sleep(1)

assert call(prod, "POST", MON + "/alarmSubscriptions", {"callback": cb + "/all"})[0].status == 201
assert call(other, "POST", MON + "/alarmSubscriptions", {"callback": cb + "/ack", "filter": "ACKNOWLEDGE"})[0].status == 201
node_ids = nodes(prod)
c = http.client.HTTPConnection("127.0.0.1", prod)
def patch_node(n, conds):
    c.request("PATCH", "/admin/v1/demo/resources/" + n, json.dumps({"conditions": conds}), {"Content-Type": "application/json"})
    c.getresponse().read()
for n in node_ids: patch_node(n, {"Ready": "Unknown", "NetworkUnavailable": "True"})
wait("the alarms", lambda: len(alarms(other, "&filter=(neq,perceivedSeverity,5)")) >= 2 * len(node_ids))
print("raised:", 2 * len(node_ids))

first = alarms(other)[:200]
statuses = collections.Counter()
def ack(port):
    for i in first:
        statuses[call(port, "PATCH", MON + "/alarms/" + i, {"alarmAcknowledged": True}, "application/merge-patch+json")[0].status] += 1
ts = [threading.Thread(target=ack, args=(p,)) for p in (prod, other, prod, other)]
[t.start() for t in ts]; [t.join() for t in ts]
wait("the acknowledgements", lambda: len(got["/ack"]) >= 200)
print("acknowledge PATCHes:", dict(statuses), "ACKNOWLEDGE notifications per alarm:",
      dict(collections.Counter(collections.Counter(e["alarmEventRecordId"] for e in got["/ack"]).values())))

CFG = MON + "/alarmServiceConfiguration"
call(prod, "PUT", CFG, {"retentionPeriod": 14, "extensions": {}})
def merge(port, tag):
    for i in range(100):
        assert call(port, "PATCH", CFG, {"extensions": {"%s%d" % (tag, i): "x"}}, "application/merge-patch+json")[0].status == 200
ts = [threading.Thread(target=merge, args=a) for a in ((prod, "a"), (other, "b"))]
[t.start() for t in ts]; [t.join() for t in ts]
print("configuration merges answered 200: 200, members kept:", len(json.loads(call(other, "GET", CFG)[1])["extensions"]))
call(prod, "PUT", CFG, {"retentionPeriod": 14, "extensions": {}})

for k, n in enumerate(node_ids):
    if k == 2000:
        os.kill(pid, signal.SIGKILL); print("kill -9 of the producer after", k, "nodes cleared"); break
    patch_node(n, {"Ready": "True", "NetworkUnavailable": "False"})
wait("the clears", lambda: sum(1 for e in got["/all"] if e["notificationEventType"] == 2) >= 2 * len(node_ids))
time.sleep(5)  # lets a duplicate, if any, arrive too
per = collections.defaultdict(list)
for e in got["/all"]: per[e["alarmEventRecordId"]].append(e["notificationEventType"])
print("all-events subscriber: by type", dict(collections.Counter(e["notificationEventType"] for e in got["/all"])),
      "| CLEARs per alarm", dict(collections.Counter(v.count(2) for v in per.values())),
      "| notificationIds received twice", sum(1 for v in collections.Counter(e["notificationId"] for e in got["/all"]).values() if v > 1))
