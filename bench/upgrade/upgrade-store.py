#!/usr/bin/env python3
"""An upgrade on a kept store, with real processes: FIRST_JAR (the old release) runs on a data
directory (embedded store) or a real redis-server (--redis), watching the repository's Kubernetes API emulator
(bench/mixed-version/KubeEmulatorShell.java); it is given inventory and alarm subscriptions (with
filters), an alarm acknowledged, a changed alarmServiceConfiguration and notifications left pending
(the callback receiver answers 503); it is stopped (SIGTERM, or kill -9 with --kill) and SECOND_JAR
starts on the same store with the receiver answering 204. Checks every subscription and alarm
subscription unchanged, the configuration and the acknowledgement kept, each pending notification
delivered once and in order, and no ERROR in the new gateway's log. Prints HOLDS/FAILS per check.
A downgrade is the same run with the jars swapped (the new one first).

Usage (after `./mvnw -B -q -o -pl o2ims-server -am -DskipTests package`, which also compiles the
emulator's test classes): python3 bench/upgrade/upgrade-store.py [--redis] [--kill] FIRST_JAR SECOND_JAR
docs/operations.md, "Upgrade", gives the runs."""
import json, os, subprocess, sys, time, threading, urllib.request, http.server, shutil, socket, atexit

ARGS = sys.argv[1:]
REDIS = '--redis' in ARGS; KILL = '--kill' in ARGS
JARS = [a for a in ARGS if not a.startswith('--')]
if len(JARS) != 2: sys.exit(__doc__)
FIRST, SECOND = JARS
HERE = os.path.dirname(os.path.abspath(__file__)); REPO = os.path.dirname(os.path.dirname(HERE))
W = os.environ.get('RUN_DIR', '/tmp/upgrade-store-run'); shutil.rmtree(W, ignore_errors=True); os.makedirs(W)
def free():
    s = socket.socket(); s.bind(('127.0.0.1', 0)); p = s.getsockname()[1]; s.close(); return p
RP = free(); redis = None
if REDIS:
    redis = subprocess.Popen(['redis-server', '--port', str(RP), '--appendonly', 'yes', '--dir', W, '--save', ''],
                             stdout=open(W + '/redis.log', 'w'))
procs = {}
def cleanup():
    for p, _ in procs.values(): p.kill(); p.wait()
    for p in (redis, globals().get('emu')):
        if p: p.kill(); p.wait()
atexit.register(cleanup)
EMU_CLASSES = os.environ.get('EMU_CLASSES', '/tmp/upgrade-store-emu')
MV = os.path.join(REPO, 'bench/mixed-version')
K8S_TC = os.environ.get('K8S_TEST_CLASSES', REPO + '/o2ims-k8s-adapter/target/test-classes')
subprocess.run(['javac', '-cp', K8S_TC + ':' + SECOND, '-d', EMU_CLASSES,
                MV + '/KubeEmulatorShell.java'], check=True)
emu = subprocess.Popen(['java', '-cp', EMU_CLASSES + ':' + K8S_TC + ':' + SECOND,
                        'KubeEmulatorShell'], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
EMU = emu.stdout.readline().split()[1]
def k8s(line):
    emu.stdin.write(line + '\n'); emu.stdin.flush(); assert emu.stdout.readline().startswith('OK')

got = []; refused = [0]; lock = threading.Lock(); failing = [True]
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get('Content-Length', 0)); b = json.loads(self.rfile.read(n))
        with lock:
            if failing[0]:
                refused[0] += 1; self.send_response(503); self.end_headers(); return
            got.append((self.path, b))
        self.send_response(204); self.end_headers()
    def do_GET(self): self.send_response(200); self.end_headers()
    def log_message(self, *a): pass
CP = free()
srv = http.server.ThreadingHTTPServer(('127.0.0.1', CP), H)
threading.Thread(target=srv.serve_forever, daemon=True).start()

def start(name, jar):
    port = free()
    env = dict(os.environ, NETWEAVE_BACKEND='kubernetes', NETWEAVE_KUBERNETES_API_URL=EMU,
               NETWEAVE_OCLOUD_GLOBAL_CLOUD_ID='6e0b7d58-8f3c-4a34-9d0e-5b2f0f6f0a11',
               NETWEAVE_OCLOUD_SERVICE_URI='http://o2ims.example.net:8080',
               NETWEAVE_SERVER_PAGE_MARKER_SECRET='upgrade-store-secret-0123456789',
               NETWEAVE_NOTIFICATIONS_LEASE_TTL='3s', NETWEAVE_NOTIFICATIONS_POLL_INTERVAL='50ms',
               NETWEAVE_NOTIFICATIONS_RETRY_INITIAL_DELAY='200ms', NETWEAVE_NOTIFICATIONS_RETRY_MAX_DELAY='1s',
               NETWEAVE_NOTIFICATIONS_MAX_ATTEMPTS='100000', NETWEAVE_ALARMS_EVALUATION_INTERVAL='200ms')
    if REDIS:
        env.update(NETWEAVE_NOTIFICATIONS_STORE='redis', NETWEAVE_REDIS_URL=f'redis://127.0.0.1:{RP}/0')
    args = ['java', '-Xmx256m', '-jar', jar, '--port', str(port), '--data-dir', f'{W}/data']
    log = f'{W}/{name}.log'
    p = subprocess.Popen(args, env=env, stdout=open(log, 'a'), stderr=subprocess.STDOUT)
    url = f'http://127.0.0.1:{port}'
    for _ in range(240):
        if p.poll() is not None: break
        try:
            if urllib.request.urlopen(url + '/readyz', timeout=2).status == 200: break
        except Exception: pass
        time.sleep(0.5)
    else: p.poll()
    procs[name] = (p, url); print(time.strftime('%H:%M:%S'), 'started', name, jar, url, 'exit', p.returncode, flush=True)
    return url
def stop(name, kill=False):
    p, _ = procs.pop(name); (p.kill if kill else p.terminate)(); p.wait()
    print(time.strftime('%H:%M:%S'), 'killed' if kill else 'stopped (SIGTERM)', name, flush=True)
def req(method, url, body=None, ctype='application/json'):
    data = None if body is None else json.dumps(body).encode()
    r = urllib.request.Request(url, data=data, method=method, headers={'Content-Type': ctype})
    try:
        with urllib.request.urlopen(r, timeout=10) as resp:
            t = resp.read(); return resp.status, (json.loads(t) if t else None)
    except urllib.error.HTTPError as e:
        t = e.read(); return e.code, (json.loads(t) if t else None)
INV = '/o2ims-infrastructureInventory/v1'; MON = '/o2ims-infrastructureMonitoring/v1'
results = []
def check(what, cond, detail=''):
    results.append((what, bool(cond))); print(('HOLDS ' if cond else 'FAILS ') + what, detail, flush=True)
def wait_for(f, limit=60):
    end = time.time() + limit
    while time.time() < end:
        v = f()
        if v: return v
        time.sleep(0.3)
    return None

A = start('first', FIRST)
subs = []
for path, flt in (('inv-all', None), ('inv-res', '(eq,objectType,Resource)')):
    body = {'callback': f'http://127.0.0.1:{CP}/{path}'}
    if flt: body['filter'] = flt
    s, b = req('POST', A + INV + '/subscriptions', body); check(f'{path} subscription created', s == 201, f'{s} {b}')
    subs.append(b)
asubs = []
for path, flt in (('alarm-all', None), ('alarm-noack', '(neq,notificationEventType,3)')):
    body = {'callback': f'http://127.0.0.1:{CP}/{path}'}
    if flt: body['filter'] = flt
    s, b = req('POST', A + MON + '/alarmSubscriptions', body); check(f'{path} alarm subscription created', s == 201, f'{s} {b}')
    asubs.append(b)
s, cfg = req('PATCH', A + MON + '/alarmServiceConfiguration', {'retentionPeriod': 9}, 'application/merge-patch+json')
check('alarmServiceConfiguration changed', s == 200 and cfg.get('retentionPeriod') == 9, f'{s} {cfg}')
# changes while the receiver refuses: pending notifications
k8s('add up1 zone-0'); time.sleep(0.5)
k8s('label up1 step 1'); time.sleep(0.5)
k8s('cond up1 Ready Unknown')
alarm = wait_for(lambda: next((a for a in (req('GET', A + MON + '/alarms')[1] or [])
                               if 'up1' in json.dumps(a) and not a.get('alarmAcknowledged')), None))
check('alarm raised', alarm is not None)
s, acked = req('PATCH', A + MON + '/alarms/' + alarm['alarmEventRecordId'], {'alarmAcknowledged': True},
               'application/merge-patch+json')
check('alarm acknowledged', s == 200, f'{s} {acked}')
k8s('label up1 step 2'); time.sleep(0.5)
k8s('label up1 step 3')
wait_for(lambda: refused[0] >= 4, 30); time.sleep(2)
print('refused so far', refused[0], flush=True)
stop('first', kill=KILL)
before_alarm = alarm['alarmEventRecordId']
with lock: failing[0] = False
B = start('second', SECOND)
check('second starts on the kept store', procs['second'][0].poll() is None)
for b in subs:
    s, g = req('GET', B + INV + '/subscriptions/' + b['subscriptionId'])
    check('subscription kept ' + b['callback'].rsplit('/', 1)[1], s == 200 and g == b, f'{s} {g}')
for b in asubs:
    s, g = req('GET', B + MON + '/alarmSubscriptions/' + b['alarmSubscriptionId'])
    check('alarm subscription kept ' + b['callback'].rsplit('/', 1)[1], s == 200 and g == b, f'{s} {g}')
s, c2 = req('GET', B + MON + '/alarmServiceConfiguration')
check('alarmServiceConfiguration kept', s == 200 and c2.get('retentionPeriod') == 9, f'{s} {c2}')
s, a2 = req('GET', B + MON + '/alarms/' + before_alarm)
check('alarm acknowledgement kept', s == 200 and a2.get('alarmAcknowledged') is True, f'{s} {a2}')
def quiet(secs=6, limit=120):
    last, since, end = -1, time.time(), time.time() + limit
    while time.time() < end:
        with lock: n = len(got)
        if n != last: last, since = n, time.time()
        elif time.time() - since > secs: return
        time.sleep(0.3)
quiet()
k8s('label up1 step 4'); time.sleep(0.5); k8s('cond up1 Ready True'); quiet()
with lock: ev = list(got)
def steps(path):
    out = []
    for p, b in ev:
        if p != '/' + path: continue
        st = (b.get('postObjectState') or {}).get('extensions', {})
        if st.get('nodeName') == 'up1' or 'up1' in json.dumps(st): out.append((b['notificationEventType'], st.get('labels', {}).get('step')))
    return out
for path in ('inv-all', 'inv-res', 'alarm-all', 'alarm-noack'):
    mine = [b for p, b in ev if p == '/' + path]
    ids = [b.get('notificationId') or json.dumps(b, sort_keys=True) for b in mine]
    check(f'{path}: nothing delivered twice', len(ids) == len(set(ids)), f'{len(ids)} delivered')
    print('   ', path, [(b.get('notificationEventType'), b.get('objectRef', '').rsplit('/', 2)[-2:]) for b in mine][:20])
for path in ('inv-all', 'inv-res'):
    seq = [x[1] for x in steps(path)]
    st = [x for x in seq if x is not None]
    check(f'{path}: every up1 step delivered, in order', st == sorted(st) and {'1', '2', '3', '4'} <= set(st), str(steps(path)))
alarms = [(b['notificationEventType'], b.get('alarmAcknowledged')) for p, b in ev if p == '/alarm-all']
check('alarm-all: NEW, ACKNOWLEDGE and CLEAR delivered, in that order', alarms == [(0, False), (3, True), (2, True)]
      or [a[0] for a in alarms] == [0, 3, 2], str(alarms))
alarms2 = [b['notificationEventType'] for p, b in ev if p == '/alarm-noack']
check('alarm-noack (filter neq 3): NEW and CLEAR, no ACKNOWLEDGE', alarms2 == [0, 2], str(alarms2))
errs = [l for l in open(f'{W}/second.log') if ' ERROR ' in l or 'Exception' in l]
check('second gateway log: no ERROR or exception', not errs, ''.join(errs[:5]))
stop('second')
print('SUMMARY', sum(1 for _, c in results if c), 'hold,', sum(1 for _, c in results if not c), 'fail', flush=True)
sys.exit(0 if all(c for _, c in results) else 1)
