#!/usr/bin/env python3
"""The per-owner subscription quota during a rolling upgrade, with real processes: one gateway of
the previous build (OLD_JAR) and two of this one (NEW_JAR) share one redis-server, under the
production profile (mixed_auth.py: TLS, tokens; subscriptions.max_per_subject 5), watching the
repository's Kubernetes API emulator. For v1 subscriptions and alarm subscriptions, tenant Q
(11 checks each, 22 in all; every burst also checks that each create it had refused was the
quota's 403 problem):

1. makes 2 on old (201 each); then 40 creates at once on the two new replicas store exactly 3 more;
2. old deletes one of them (200); 40 creates at once on the new replicas store exactly 1 more, and
   Q then holds exactly 5;
3. Redis's owner counts (<prefix>subs:owners) equal the records' owners, recounted by hand;
4. Q's subscriptions deleted, 40 creates at once over old and both new replicas: how many are
   stored is printed (INFO), not checked; then a create on a new replica is refused (403) and the
   owner counts again equal the records'.

What 4 shows depends on which release OLD_JAR is; the script does not tell them apart. An old
replica of 2bea866 or earlier (any build before 4748361) counts the quota in the gateway, under its
own lock, and then creates, so the creates it answers race the others and may take Q past its
quota (6 for a quota of 5 once beside 2bea866, docs/operations.md); it never writes
<prefix>subs:owners, and its writes bump <prefix>subs:revision (from 7037ac2 on: run no older one
beside this release), so the checks after the burst hold through the new replica's recount of
every record, an overshoot included. An old replica from 4748361 on (98cd970, the release before
this one, included) counts in the same Redis script as the new ones and keeps the owner counts
itself: the burst cannot store more than 5 (it stored exactly 5 in every run beside 98cd970), and
nothing is recounted.

Prints HOLDS/FAILS per check. Usage (after `mvn -B -q -o -pl o2ims-server -am -DskipTests package`,
which also compiles the emulator's test classes):
python3 bench/mixed-version/quota.py OLD_JAR NEW_JAR"""
import itertools, json, os, subprocess, sys, time, socket, shutil, urllib.request, urllib.error
from concurrent.futures import ThreadPoolExecutor

if len(sys.argv) != 3 or not all(os.path.isfile(a) for a in sys.argv[1:]):
    sys.exit('usage: python3 bench/mixed-version/quota.py OLD_JAR NEW_JAR (two built gateway jars)')
OLD, NEW = sys.argv[1:3]
W = os.environ.get('RUN_DIR', '/tmp/quota-mixed-run'); shutil.rmtree(W, ignore_errors=True); os.makedirs(W)
def free():
    s = socket.socket(); s.bind(('127.0.0.1', 0)); p = s.getsockname()[1]; s.close(); return p
HERE = os.path.dirname(os.path.abspath(__file__)); sys.path.insert(0, HERE)
import mixed_auth
QUOTA = 5
SEC = mixed_auth.Security(W, max_per_subject=QUOTA)
REPO = os.path.dirname(os.path.dirname(HERE))
RP = free()
procs = {}
redis = subprocess.Popen(['redis-server', '--port', str(RP), '--appendonly', 'yes', '--dir', W, '--save', ''],
                         stdout=open(W + '/redis.log', 'w'))
EMU_CLASSES = os.environ.get('EMU_CLASSES', '/tmp/quota-mixed-emu')
subprocess.run(['javac', '-cp', REPO + '/o2ims-k8s-adapter/target/test-classes:' + NEW, '-d', EMU_CLASSES,
                HERE + '/KubeEmulatorShell.java'], check=True)
emu = subprocess.Popen(['java', '-cp', EMU_CLASSES + ':' + REPO + '/o2ims-k8s-adapter/target/test-classes:' + NEW,
                        'KubeEmulatorShell'], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
EMU = emu.stdout.readline().split()[1]

def start(name, jar):
    port = free()
    env = dict(os.environ, NETWEAVE_NOTIFICATIONS_STORE='redis', NETWEAVE_REDIS_URL=f'redis://127.0.0.1:{RP}/0',
               NETWEAVE_BACKEND='kubernetes', NETWEAVE_KUBERNETES_API_URL=EMU,
               NETWEAVE_OCLOUD_GLOBAL_CLOUD_ID='6e0b7d58-8f3c-4a34-9d0e-5b2f0f6f0a11',
               NETWEAVE_SERVER_PAGE_MARKER_SECRET='s13c-shared-secret-0123456789')
    p = subprocess.Popen(['java', '-Xmx256m', '-jar', jar, '--port', str(port), '--data-dir', f'{W}/{name}-data',
                          '--profile', 'production', '--config', SEC.config],
                         env=env, stdout=open(f'{W}/{name}.log', 'a'), stderr=subprocess.STDOUT)
    procs[name] = p
    url = f'https://127.0.0.1:{port}'
    for _ in range(240):
        try:
            if urllib.request.urlopen(url + '/readyz', timeout=2, context=SEC.tls()).status == 200: return url
        except Exception: pass
        time.sleep(0.5)
    raise SystemExit(name + ' not ready')

def req(method, url, body=None, tok=None):
    data = None if body is None else json.dumps(body).encode()
    headers = {'Content-Type': 'application/json', 'X-Requested-With': 'quota',
               'Authorization': 'Bearer ' + tok}
    r = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(r, timeout=30, context=SEC.tls()) as resp:
            t = resp.read(); return resp.status, (json.loads(t) if t else None)
    except urllib.error.HTTPError as e:
        t = e.read(); return e.code, (json.loads(t) if t else None)

results = []
def check(what, cond, detail=''):
    results.append((what, bool(cond))); print(('HOLDS ' if cond else 'FAILS ') + what, detail, flush=True)

def redis_cli(*args):
    return subprocess.run(['redis-cli', '-p', str(RP), '--raw', *args], capture_output=True, text=True).stdout

try:
    old = start('old', OLD); new1 = start('new1', NEW); new2 = start('new2', NEW)
    q = SEC.token('smo-q'); admin = SEC.token('noc', 'admin')
    INV = '/o2ims-infrastructureInventory/v1/subscriptions'; MON = '/o2ims-infrastructureMonitoring/v1/alarmSubscriptions'
    n = itertools.count()   # next() is atomic: every callback distinct
    def create(url, tag):
        return req('POST', url, {'callback': f'http://127.0.0.1:9/{tag}-{next(n)}'}, tok=q)
    def burst(urls, tag):
        with ThreadPoolExecutor(16) as pool:
            answers = list(pool.map(lambda i: create(urls[i % len(urls)], 'burst'), range(40)))
        refused = [a for a in answers if a[0] != 201]
        check(f'{tag}: every refusal is the quota\'s 403 problem', all(
            a[0] == 403 and 'subscriptions.max_per_subject' in a[1]['detail'] for a in refused),
            str([a for a in refused if a[0] != 403][:2]))
        return len(answers) - len(refused)
    def held(coll, idk):
        s, l = req('GET', new1 + coll, tok=admin)
        return [x[idk] for x in l]
    for coll, idk, prefix in ((INV, 'subscriptionId', 'netweave:'), (MON, 'alarmSubscriptionId', 'netweave:alarm:')):
        name = coll.rsplit('/', 1)[1]
        made = [create(old + coll, 'old') for _ in range(2)]
        check(f'{name}: Q makes 2 on old', [m[0] for m in made] == [201, 201], str(made))
        got = burst([new1 + coll, new2 + coll], f'{name} new-only burst')
        check(f'{name}: 40 at once on the two new replicas store 3 more (quota {QUOTA})', got == 3, str(got))
        s, _ = req('DELETE', old + coll + '/' + made[0][1][idk], tok=q)
        check(f'{name}: old deletes one of Q\'s', s == 200, str(s))
        got = burst([new1 + coll, new2 + coll], f'{name} new-only burst after old\'s delete')
        check(f'{name}: then 40 at once on the new replicas store exactly 1 more', got == 1, str(got))
        check(f'{name}: Q holds {QUOTA}', len(held(coll, idk)) == QUOTA)
        def owner_counts(what):
            counts = {}
            for line in filter(None, redis_cli('HVALS', prefix + 'subs').splitlines()):
                r = json.loads(line)
                o = r.get('ownerKey') or 'legacy:' + r['owner']
                counts[o] = counts.get(o, 0) + 1
            raw = [l for l in redis_cli('HGETALL', prefix + 'subs:owners').splitlines() if l]
            stored = {raw[i]: int(raw[i + 1]) for i in range(0, len(raw), 2)}
            check(f'{name}: {what}the owner counts in Redis equal the records\' owners', stored == counts, f'{stored} {counts}')
        owner_counts('')
        for x in held(coll, idk):
            req('DELETE', new1 + coll + '/' + x, tok=admin)
        got = burst([old + coll, new1 + coll, new2 + coll], f'{name} mixed burst')
        print(f'INFO {name}: 40 at once over old and the two new replicas stored {got} (quota {QUOTA})', flush=True)
        s, _ = create(new1 + coll, 'after')   # a new replica's create recounts what the old one wrote
        check(f'{name}: after the mixed burst a create on a new replica is refused (403)', s == 403, str(s))
        owner_counts('after it, ')
        for x in held(coll, idk):
            req('DELETE', new1 + coll + '/' + x, tok=admin)
    print('\nSUMMARY', time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime()))
    for w, ok in results: print(('HOLDS ' if ok else 'FAILS ') + w)
finally:
    for p in procs.values(): p.terminate(); p.wait()
    redis.terminate(); emu.kill()
