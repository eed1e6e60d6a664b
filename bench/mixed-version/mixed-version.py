#!/usr/bin/env python3
"""A rolling upgrade with real processes: gateways of two builds (OLD_JAR, NEW_JAR) share one
redis-server (AOF on) and watch one cluster (the repository's Kubernetes API emulator, driven
through KubeEmulatorShell). Checks subscriptions and alarm subscriptions across versions, every
inventory change and alarm event delivered once and in order to a real callback receiver while the
producer lease moves old -> new -> old -> new (SIGTERM, then kill -9 of an old holder with
notifications pending, which a new replica must deliver with the ids the old one stored them with:
their ids in the Redis outbox, and the bodies the old one tried), and that both versions answer
reads alike. Prints HOLDS/FAILS per check.
docs/operations.md, "Upgrade", gives a run and how to build the jars.

With --auth, both run the production profile (TLS, JWTs signed by a local key, a client
certificate mapped as a subscriber; mixed_auth.py makes them) and every request carries a token;
it adds the owner checks across versions (another tenant, admins, a certificate, a token named
like it, duplicates, the per-owner quota, a token with the subscriber role alone).

What the old replicas are expected to do depends on the OLD build's generation, given by
--old-generation or, by default, read from OLD_JAR (old_build.py):
  209a83e: a build before owner namespacing (9448be2): it stores bare owners, names a duplicate's id
           to anyone, gives a certificate's subscriptions to a token whose sub is its DN and lets a
           subscriber-only token create; its v1 deployment managers list supportedLocations [] (the
           three v1 deployment-manager checks then fail, as docs/operations.md says they must).
  2bea866: a build with all of those changes (cba3b08, cdf7223, b532562 included): its replicas
           are expected to answer every check as this release does.
Builds between the two (9448be2 up to cba3b08) are neither: not supported.

Usage (after `mvn -B -q -o -pl o2ims-server -am -DskipTests package`, which also compiles the
emulator's test classes): python3 bench/mixed-version/mixed-version.py [--auth]
[--old-generation 209a83e|2bea866] OLD_JAR NEW_JAR (the same jar twice is the control run)."""
import json, os, subprocess, sys, time, threading, urllib.request, http.server, shutil, socket

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import old_build
ARGS = sys.argv[1:]
AUTH = '--auth' in ARGS
GEN_ARG = None
USAGE = ('usage: python3 bench/mixed-version/mixed-version.py [--auth]'
         ' [--old-generation 209a83e|2bea866] OLD_JAR NEW_JAR')
if '--old-generation' in ARGS:
    i = ARGS.index('--old-generation')
    if i + 1 >= len(ARGS):
        sys.exit(USAGE)
    GEN_ARG = ARGS[i + 1]; del ARGS[i:i + 2]
JARS = [a for a in ARGS if a != '--auth']
if len(JARS) != 2 or any(a.startswith('--') for a in JARS):
    sys.exit(USAGE)
for jar in JARS:
    if not os.path.isfile(jar):
        sys.exit('no such jar: %s\n%s' % (jar, USAGE))
OLD, NEW = JARS
CONTROL = os.path.realpath(OLD) == os.path.realpath(NEW)   # the same build twice: both behave as NEW
GEN = 'control' if CONTROL else old_build.generation(OLD, GEN_ARG)
print('OLD build', OLD, 'generation', GEN, flush=True)
# The old replicas' owner rules (namespaced owners, duplicates named to owners only, reader needed
# to create) are this release's from 2bea866 on: they are then expected to behave as the new ones.
OLD_AS_NEW = GEN != '209a83e'
W = os.environ.get('RUN_DIR', '/tmp/mixed-version-run'); shutil.rmtree(W, ignore_errors=True); os.makedirs(W)
def free():
    s = socket.socket(); s.bind(('127.0.0.1', 0)); p = s.getsockname()[1]; s.close(); return p
RP = free()
redis = subprocess.Popen(['redis-server', '--port', str(RP), '--appendonly', 'yes', '--dir', W, '--save', ''],
                         stdout=open(W + '/redis.log', 'w'))
procs = {}
def cleanup():   # whatever this run started, also when a check or a start fails part-way
    for p, _ in procs.values():
        p.kill(); p.wait()
    for p in (redis, globals().get('emu')):
        if p: p.kill(); p.wait()
import atexit; atexit.register(cleanup)
SEC = None
if AUTH:
    import mixed_auth
    SEC = mixed_auth.Security(W, max_per_subject=4)
REPO = os.path.dirname(os.path.dirname(HERE))
EMU_CLASSES = os.environ.get('EMU_CLASSES', '/tmp/mixed-version-emu')
subprocess.run(['javac', '-cp', REPO + '/o2ims-k8s-adapter/target/test-classes:' + NEW, '-d', EMU_CLASSES,
                HERE + '/KubeEmulatorShell.java'], check=True)
CPATH = EMU_CLASSES + ':' + REPO + '/o2ims-k8s-adapter/target/test-classes:' + NEW
emu = subprocess.Popen(['java', '-cp', CPATH, 'KubeEmulatorShell'], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
EMU = emu.stdout.readline().split()[1]
def k8s(line):
    emu.stdin.write(line + '\n'); emu.stdin.flush(); assert emu.stdout.readline().startswith('OK')
k8s('label n1 topology.kubernetes.io/region eu-central-1')   # two regions: v1 supportedLocations has two
time.sleep(0.5)
got = []; refused = []; lock = threading.Lock(); failing = [False]   # refused: bodies answered 503 (round 4)
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get('Content-Length', 0)); b = json.loads(self.rfile.read(n))
        if failing[0]:
            with lock: refused.append((self.path, b))
            self.send_response(503); self.end_headers(); return
        with lock: got.append((self.path, b))
        self.send_response(204); self.end_headers()
    def do_GET(self): self.send_response(200); self.end_headers()
    def log_message(self, *a): pass
CP = free()
srv = http.server.ThreadingHTTPServer(('127.0.0.1', CP), H)
threading.Thread(target=srv.serve_forever, daemon=True).start()

def start(name, jar):
    port = free()
    env = dict(os.environ, NETWEAVE_NOTIFICATIONS_STORE='redis', NETWEAVE_REDIS_URL=f'redis://127.0.0.1:{RP}/0',
               NETWEAVE_BACKEND='kubernetes', NETWEAVE_KUBERNETES_API_URL=EMU,
               NETWEAVE_OCLOUD_GLOBAL_CLOUD_ID='6e0b7d58-8f3c-4a34-9d0e-5b2f0f6f0a11',
               NETWEAVE_OCLOUD_SERVICE_URI='http://o2ims.example.net:8080',
               NETWEAVE_SERVER_PAGE_MARKER_SECRET='s11j-shared-secret-0123456789',
               NETWEAVE_NOTIFICATIONS_LEASE_TTL='3s', NETWEAVE_NOTIFICATIONS_POLL_INTERVAL='50ms',
               NETWEAVE_NOTIFICATIONS_RETRY_INITIAL_DELAY='200ms', NETWEAVE_NOTIFICATIONS_RETRY_MAX_DELAY='1s',
               NETWEAVE_NOTIFICATIONS_MAX_ATTEMPTS='100000', NETWEAVE_ALARMS_EVALUATION_INTERVAL='200ms')
    args = ['java', '-Xmx256m', '-jar', jar, '--port', str(port), '--data-dir', f'{W}/{name}-data']
    if SEC: args += ['--profile', 'production', '--config', SEC.config]
    p = subprocess.Popen(args, env=env, stdout=open(f'{W}/{name}.log', 'a'), stderr=subprocess.STDOUT)
    url = f'{"https" if SEC else "http"}://127.0.0.1:{port}'
    for _ in range(240):
        try:
            if urllib.request.urlopen(url + '/readyz', timeout=2, context=SEC and SEC.tls()).status == 200: break
        except Exception: pass
        time.sleep(0.5)
    else: raise SystemExit(name + ' not ready')
    procs[name] = (p, url); print(time.strftime('%H:%M:%S'), 'started', name, jar, url, flush=True); return url
def stop(name, kill=False):
    p, _ = procs.pop(name)
    (p.kill if kill else p.terminate)(); p.wait()
    print(time.strftime('%H:%M:%S'), 'killed' if kill else 'stopped (SIGTERM)', name, flush=True)

def req(method, url, body=None, tok=None, cert=False):
    """tok: the bearer token (with --auth, tenant A's subscriber token unless given); cert: present
    the mapped client certificate instead of a token."""
    data = None if body is None else json.dumps(body).encode()
    headers = {'Content-Type': 'application/json', 'X-Requested-With': 'mixed'}
    if SEC and not cert: headers['Authorization'] = 'Bearer ' + (tok or SEC.token('smo-a'))
    r = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(r, timeout=10, context=SEC and SEC.tls(cert)) as resp:
            t = resp.read(); return resp.status, (json.loads(t) if t else None)
    except urllib.error.HTTPError as e:
        t = e.read(); return e.code, (json.loads(t) if t else None)

INV2 = '/o2ims-infrastructureInventory/v2'
INV = '/o2ims-infrastructureInventory/v1'; MON = '/o2ims-infrastructureMonitoring/v1'
results = []
def check(what, cond, detail=''):
    results.append((what, bool(cond), detail)); print(('HOLDS ' if cond else 'FAILS ') + what, detail, flush=True)

A = start('oldA', OLD); B = start('newB', NEW)
for (n, u, o) in (('old', A, B), ('new', B, A)):
    s, b = req('POST', u + INV + '/subscriptions', {'callback': f'http://127.0.0.1:{CP}/inv-{n}'})
    check(f'subscription created on {n}', s == 201, str(s)); sid = b['subscriptionId']
    s2, b2 = req('GET', o + INV + '/subscriptions/' + sid)
    check(f'subscription created on {n}: read on the other', s2 == 200 and b2 == b, f'{s2} {b2}')
    s2, l = req('GET', o + INV + '/subscriptions')
    check(f'subscription created on {n}: listed on the other', sid in [x['subscriptionId'] for x in l])
    s2, d = req('POST', o + INV + '/subscriptions', {'callback': f'http://127.0.0.1:{CP}/inv-{n}'})
    check(f'subscription created on {n}: its duplicate refused on the other (409 naming it)', s2 == 409 and sid in json.dumps(d), str(s2))
    s, a = req('POST', u + MON + '/alarmSubscriptions', {'callback': f'http://127.0.0.1:{CP}/alarm-{n}'})
    check(f'alarm subscription created on {n}', s == 201, f'{s} {a}'); aid = a['alarmSubscriptionId']
    s2, a2 = req('GET', o + MON + '/alarmSubscriptions/' + aid)
    check(f'alarm subscription created on {n}: read on the other', s2 == 200 and a2 == a, f'{s2} {a2}')
    s2, l = req('GET', o + MON + '/alarmSubscriptions')
    check(f'alarm subscription created on {n}: listed on the other', aid in [x['alarmSubscriptionId'] for x in l])
    for coll, idk in ((INV + '/subscriptions', 'subscriptionId'), (MON + '/alarmSubscriptions', 'alarmSubscriptionId')):
        _, t = req('POST', u + coll, {'callback': f'http://127.0.0.1:{CP}/tmp-{n}'})
        s3, _ = req('DELETE', o + coll + '/' + t[idk]); s4, _ = req('GET', u + coll + '/' + t[idk]); s5, _ = req('GET', o + coll + '/' + t[idk])
        check(f'{coll.rsplit("/",1)[1]} created on {n}: deleted on the other, 404 on both', (s3, s4, s5) == (200, 404, 404), f'{s3} {s4} {s5}')

def owners_across_versions():
    """--auth: who sees, deletes, duplicates and counts whose subscriptions across the versions."""
    admin, other, dn_token = SEC.token('noc', 'admin'), SEC.token('smo-b'), SEC.token(SEC.dn)
    def ids(l): return [x[idk] for x in l] if isinstance(l, list) else l
    def stored(coll, sid):   # the record as the store holds it (owner shape), through redis-cli
        key = 'netweave:' + ('alarm:' if coll.startswith(MON) else '') + 'subs'
        out = subprocess.run(['redis-cli', '-p', str(RP), 'HGET', key, sid], capture_output=True, text=True).stdout
        d = json.loads(out); return d.get('owner'), d.get('ownerKey')
    V = {'old': A, 'new': B}
    for coll, idk in ((INV + '/subscriptions', 'subscriptionId'), (INV2 + '/subscriptions', 'subscriptionId'),
                      (MON + '/alarmSubscriptions', 'alarmSubscriptionId')):
        c = coll.rsplit('/', 1)[1] + ('-v2' if coll.startswith(INV2) else '')
        for n, m in (('old', 'new'), ('new', 'old')):
            u, o = V[n], V[m]
            cb = {'callback': f'http://127.0.0.1:{CP}/own-{n}-{c}'}
            s, b = req('POST', u + coll, cb); sid = b[idk]
            check(f'{c} of tenant A created on {n}', s == 201, str(s))
            bare = n == 'old' and not OLD_AS_NEW
            check(f'{c} created on {n}: stored ' + ('with a bare owner only' if bare else 'with the bare owner and the namespaced one'),
                  stored(coll, sid) == (('smo-a', None) if bare else ('smo-a', 'token:' + mixed_auth.ISSUER + '|smo-a')), str(stored(coll, sid)))
            for w in (n, m):
                s1, b1 = req('GET', V[w] + coll + '/' + sid); _, l1 = req('GET', V[w] + coll)
                check(f'{c} of A created on {n}: A reads and lists it on {w}', s1 == 200 and b1 == b and sid in ids(l1), f'{s1} {b1}')
                s2, _ = req('GET', V[w] + coll + '/' + sid, tok=other); _, l2 = req('GET', V[w] + coll, tok=other)
                s3, _ = req('DELETE', V[w] + coll + '/' + sid, tok=other)
                check(f'{c} of A created on {n}: tenant B on {w}: not listed, GET 404, DELETE 404', sid not in ids(l2) and (s2, s3) == (404, 404), f'{s2} {s3}')
                s4, b4 = req('GET', V[w] + coll + '/' + sid, tok=admin); _, l4 = req('GET', V[w] + coll, tok=admin)
                check(f'{c} of A created on {n}: an admin reads and lists it on {w}', s4 == 200 and b4 == b and sid in ids(l4), str(s4))
            s5, d5 = req('POST', o + coll, cb)
            check(f'{c} of A created on {n}: A\'s duplicate on {m}: 409 naming it', s5 == 409 and sid in json.dumps(d5), f'{s5} {d5}')
            s6, d6 = req('POST', o + coll, cb, tok=admin)
            check(f'{c} of A created on {n}: an admin\'s duplicate on {m}: 409 naming it', s6 == 409 and sid in json.dumps(d6), f'{s6} {d6}')
            for w in (n, m):
                s7, d7 = req('POST', V[w] + coll, cb, tok=other)
                if w == 'new' or OLD_AS_NEW:
                    check(f'{c} of A created on {n}: tenant B\'s duplicate on {w}: 409 without its id', s7 == 409 and sid not in json.dumps(d7), f'{s7} {d7}')
                else:   # the previous release names it to anyone (fixed in cdf7223): expected while it runs
                    check(f'{c} of A created on {n}: tenant B\'s duplicate on old: 409 naming it (the previous release\'s way)', s7 == 409 and sid in json.dumps(d7), f'{s7} {d7}')
            s8, _ = req('DELETE', o + coll + '/' + sid)
            g = [req('GET', V[w] + coll + '/' + sid, tok=t)[0] for w in ('old', 'new') for t in (None, admin)]
            check(f'{c} of A created on {n}: A deletes it on {m}; 404 on both, to A and an admin', s8 == 200 and g == [404] * 4, f'{s8} {g}')

            # a client certificate's subscription, and a token whose sub is written like its DN
            cbc = {'callback': f'http://127.0.0.1:{CP}/cert-{n}-{c}'}
            s, b = req('POST', u + coll, cbc, cert=True); sid = b[idk]
            check(f'{c} of the certificate created on {n}', s == 201, str(s))
            check(f'{c} of the certificate created on {n}: stored as such',
                  stored(coll, sid) == ((SEC.dn, None) if n == 'old' and not OLD_AS_NEW else (SEC.dn, 'cert:' + SEC.dn)), str(stored(coll, sid)))
            for w in (n, m):
                s1, b1 = req('GET', V[w] + coll + '/' + sid, cert=True); _, l1 = req('GET', V[w] + coll, cert=True)
                check(f'{c} of the certificate created on {n}: the certificate reads and lists it on {w}', s1 == 200 and b1 == b and sid in ids(l1), str(s1))
                s2, _ = req('GET', V[w] + coll + '/' + sid); _, l2 = req('GET', V[w] + coll)
                check(f'{c} of the certificate created on {n}: tenant A on {w}: not listed, GET 404', s2 == 404 and sid not in ids(l2), str(s2))
                s3, _ = req('GET', V[w] + coll + '/' + sid, tok=dn_token); _, l3 = req('GET', V[w] + coll, tok=dn_token)
                if w == 'new' or OLD_AS_NEW:
                    check(f'{c} of the certificate created on {n}: a token whose sub is its DN, on {w}: not listed, GET 404',
                          s3 == 404 and sid not in ids(l3), str(s3))
                else:   # the previous release stores and compares bare subjects (security.md): expected while it runs
                    check(f'{c} of the certificate created on {n}: a token whose sub is its DN, on old: reads it (the previous release\'s way)',
                          s3 == 200 and sid in ids(l3), str(s3))
            s8, _ = req('DELETE', o + coll + '/' + sid, cert=True)
            g = [req('GET', V[w] + coll + '/' + sid, cert=True)[0] for w in ('old', 'new')]
            check(f'{c} of the certificate created on {n}: it deletes it on {m}; 404 on both', s8 == 200 and g == [404, 404], f'{s8} {g}')

            # the exception security.md names: made by a token whose sub is written like the DN
            cbt = {'callback': f'http://127.0.0.1:{CP}/dn-token-{n}-{c}'}
            s, b = req('POST', u + coll, cbt, tok=dn_token); sid = b[idk]
            seen = {(w, who): req('GET', V[w] + coll + '/' + sid, tok=dn_token if who == 'token' else None, cert=who == 'cert')[0]
                    for w in ('old', 'new') for who in ('token', 'cert')}
            if OLD_AS_NEW:
                want = {k: 200 if k[1] == 'token' else 404 for k in seen}
            elif n == 'old':   # stored bare: the new version gives it to the certificate, the old to both
                want = {('old', 'token'): 200, ('old', 'cert'): 200, ('new', 'token'): 404, ('new', 'cert'): 200}
            else:              # stored with its key: the new version gives it to the token, the old to both
                want = {('old', 'token'): 200, ('old', 'cert'): 200, ('new', 'token'): 200, ('new', 'cert'): 404}
            check(f'{c} made on {n} by a token whose sub is the DN: who reads it where (GET status)', s == 201 and seen == want, f'{s} {seen}')
            check(f'{c} made on {n} by a token whose sub is the DN: an admin deletes it', req('DELETE', o + coll + '/' + sid, tok=admin)[0] == 200)

        # subscriptions.max_per_subject (4) counted across versions: 2 made on each, the 5th refused on both
        q = SEC.token('smo-q'); made = []
        for w in ('old', 'old', 'new', 'new'):
            s, b = req('POST', V[w] + coll, {'callback': f'http://127.0.0.1:{CP}/quota-{len(made)}-{c}'}, tok=q)
            made.append((w, b.get(idk) if s == 201 else None, s))
        check(f'{c}: tenant Q creates 2 on old and 2 on new (quota 4)', [x[2] for x in made] == [201] * 4, str(made))
        over = [req('POST', V[w] + coll, {'callback': f'http://127.0.0.1:{CP}/quota-over-{c}'}, tok=q) for w in ('old', 'new')]
        check(f'{c}: tenant Q\'s 5th is refused on old and on new (403)', [x[0] for x in over] == [403, 403], str(over))
        s, _ = req('DELETE', B + coll + '/' + str(made[0][1]), tok=q)
        s2, b2 = req('POST', A + coll, {'callback': f'http://127.0.0.1:{CP}/quota-again-{c}'}, tok=q)
        s3, _ = req('POST', B + coll, {'callback': f'http://127.0.0.1:{CP}/quota-over-{c}'}, tok=q)
        check(f'{c}: one of Q\'s made on old deleted on new frees one place: made on old, then the next refused on new',
              (s, s2, s3) == (200, 201, 403), f'{s} {s2} {s3}')
        for x in [m[1] for m in made[1:]] + [b2.get(idk)]:
            if x: req('DELETE', A + coll + '/' + x, tok=admin)
        check(f'{c}: an admin deletes Q\'s on old; Q lists none on new', req('GET', B + coll, tok=q)[1] == [])

        # a token with the subscriber role alone: the previous release lets it create, this one
        # asks for reader too (cba3b08); what it made on the old one stays its own on the new one
        so = SEC.token('smo-s', 'subscriber-only')
        s1, b1 = req('POST', A + coll, {'callback': f'http://127.0.0.1:{CP}/subscriber-only-{c}'}, tok=so)
        s2, b2 = req('POST', B + coll, {'callback': f'http://127.0.0.1:{CP}/subscriber-only-2-{c}'}, tok=so)
        if OLD_AS_NEW:
            check(f'{c}: a subscriber-only token\'s create is refused on both (403)', (s1, s2) == (403, 403), f'{s1} {s2} {b2}')
        else:
            check(f'{c}: a subscriber-only token creates on old (201, the previous release\'s way) and is refused on new (403 problem naming reader)',
                  s1 == 201 and s2 == 403 and 'reader' in json.dumps(b2), f'{s1} {s2} {b2}')
            sid = b1[idk]
            g = [req('GET', V[w] + coll + '/' + sid, tok=so)[0] for w in ('old', 'new')]
            ls = ids(req('GET', B + coll, tok=so)[1])
            s3, _ = req('DELETE', B + coll + '/' + sid, tok=so)
            check(f'{c}: what it made on old it reads on both, lists and deletes on new', g == [200, 200] and ls == [sid] and s3 == 200, f'{g} {ls} {s3}')

if SEC: owners_across_versions()

nodes = []
def round_(tag):
    name = f'r{tag}'; nodes.append(name)
    k8s(f'add {name} zone-{int(tag) % 2}'); time.sleep(0.4)
    k8s(f'label {name} round {tag}'); time.sleep(0.4)
    k8s(f'cond {name} Ready Unknown'); time.sleep(1.0)
    k8s(f'cond {name} Ready True')
def count(): 
    with lock: return len(got)
def quiet(secs=5, limit=90):
    last, since, end = -1, time.time(), time.time() + limit
    while time.time() < end:
        n = count()
        if n != last: last, since = n, time.time()
        elif time.time() - since > secs: return
        time.sleep(0.2)

round_('1'); quiet()                       # producer: oldA (started first)
stop('oldA'); round_('2'); quiet()         # lease old -> new
C = start('oldC', OLD); stop('newB')       # lease new -> old
round_('3'); quiet()
D = start('newD', NEW)
def pending_ids():
    """The notificationIds of the entries in the Redis outbox (<prefix>e:<subscription>), read by redis-cli."""
    cli = ['redis-cli', '-p', str(RP), '--raw']
    out = set()
    for k in subprocess.run(cli + ['--scan', '--pattern', '*:e:*'], capture_output=True, text=True).stdout.split():
        for v in subprocess.run(cli + ['HVALS', k], capture_output=True, text=True).stdout.splitlines():
            i = json.loads(v).get('notificationId') if v.startswith('{') else None
            if i: out.add(i)
    return out
failing[0] = True; round_('4'); time.sleep(3)   # held by oldC, receiver refusing: pending
stored_by_old = pending_ids()                   # stored by oldC (the only producer since round 3), not delivered
stop('oldC', kill=True); failing[0] = False     # kill -9 the old holder; newD takes over after the lease TTL
quiet(6); round_('5'); quiet()

for path in ('inv-old', 'inv-new'):
    with lock: ev = [b for p, b in got if p == '/' + path]
    ids = [e['notificationId'] for e in ev]
    check(f'{path}: no notification delivered twice', len(ids) == len(set(ids)), f'{len(ids)} delivered')
    byref = {}
    for e in ev: byref.setdefault(e['objectRef'], []).append(e)
    for ref, es in byref.items():
        kinds = [e['notificationEventType'] for e in es]
        st = [json.dumps((e.get('postObjectState') or {}).get('supportedLocations')) for e in es] if '/deploymentManagers/' in ref else ''
        print('   ', path, ref.replace(INV, ''), kinds, ' '.join(st))
    for n in nodes:
        mine = [(e['notificationEventType'], (e.get('postObjectState') or {}).get('extensions', {}).get('conditions', {}).get('Ready'),
                 (e.get('postObjectState') or {}).get('extensions', {}).get('labels', {}).get('round'))
                for e in ev if (e.get('postObjectState') or e.get('priorObjectState') or {}).get('extensions', {}).get('nodeName') == n]
        # The node's states in order; a catch-up (a hand-over) notifies the difference from what was
        # last notified, so states between two notified ones may be folded into one (by design).
        states = [('True', None), ('True', n[1:]), ('Unknown', n[1:]), ('True', n[1:])]
        at = -1
        for m in mine:  # each notified state is a later state of the node than the one before
            at = next((i for i in range(at + 1, len(states)) if states[i] == m[1:]), len(states))
        ok = (bool(mine) and [m[0] for m in mine] == [0] + [1] * (len(mine) - 1)
              and at == len(states) - 1)
        check(f'{path}: node {n}: create, label, Unknown, True: each once, in order'
              + (' (some folded by a catch-up)' if ok and len(mine) < len(states) else ''), ok, str(mine))
    other = [(e['notificationEventType'], e['objectRef'].replace(INV, '')) for e in ev
             if '/deploymentManagers/' not in e['objectRef'] and not (e.get('postObjectState') or e.get('priorObjectState') or {}).get('extensions', {}).get('nodeName') in nodes]
    check(f'{path}: nothing else notified but deployment managers', not other, str(other))
    dm = [e for e in ev if '/deploymentManagers/' in e['objectRef']]
    flips = [e for e in dm if (e.get('priorObjectState') or {}).get('capacity') == (e.get('postObjectState') or {}).get('capacity')]
    check(f'{path}: every deployment manager modify changes its capacity (one per node added)', not flips and len(dm) == len(nodes),
          f'{len(dm)} modifies, {len(flips)} without a capacity change: ' + str([(e['priorObjectState'].get('supportedLocations'), e['postObjectState'].get('supportedLocations')) for e in flips]))
# Round 4's notifications were stored by the old holder (oldC; its id derivation) and refused while
# it held the lease; the new replica delivered them after the kill -9. A notification keeps the id
# it was stored with, whichever version delivers it (the new release derives inventory ids
# otherwise, 01388f8): every id pending in the outbox at the kill arrives, and each one the old
# holder had tried (the head of each subscription's queue) arrives with the id and body it was
# refused with.
with lock: delivered = [b['notificationId'] for p, b in got]
check('the notifications the old holder stored and had not delivered when killed: each delivered with its stored id',
      stored_by_old and all(i in delivered for i in stored_by_old),
      f'{len(stored_by_old)} pending, {sum(1 for i in stored_by_old if i not in delivered)} never delivered')
for path in ('inv-old', 'inv-new', 'alarm-old', 'alarm-new'):
    with lock:
        tried = {b['notificationId']: b for p, b in refused if p == '/' + path}
        done = {b['notificationId']: b for p, b in got if p == '/' + path}
    lost = [i for i in tried if i not in done]; changed = [i for i in tried if i in done and done[i] != tried[i]]
    check(f'{path}: every notification refused while the old replica held the lease delivered later with its id and body',
          tried and not lost and not changed, f'{len(tried)} refused, {len(lost)} never delivered, {len(changed)} with another body')
for path in ('alarm-old', 'alarm-new'):
    with lock: ev = [b for p, b in got if p == '/' + path]
    ids = [e['notificationId'] for e in ev]
    check(f'{path}: no alarm notification delivered twice', len(ids) == len(set(ids)), f'{len(ids)} delivered')
    for n in nodes:
        mine = [e['notificationEventType'] for e in ev if e.get('extensions', {}).get('nodeName') == n]
        check(f'{path}: node {n}: NEW then CLEAR, once each', mine == [0, 2], str(mine))

for path in [INV, INV + '/resourcePools', INV + '/deploymentManagers', INV + '/resourceTypes',
             '/o2ims-infrastructureInventory/v2/deploymentManagers', '/o2ims-infrastructureInventory/v2/locations',
             '/o2ims-infrastructureInventory/v2/oCloudSites', MON + '/alarms', INV + '/subscriptions', INV2 + '/subscriptions',
             MON + '/alarmSubscriptions']:
    E = start('oldE', OLD) if 'oldE' not in procs else procs['oldE'][1]
    a = [req('GET', u + path) for u in (E, D, E, D)]
    same = a[0] == a[1] == a[2] == a[3]
    check('same answer on old and new: ' + path, same, '' if same else json.dumps([x[1] for x in a[:2]])[:600])
    if SEC and path.endswith('ubscriptions'):
        for who, t in (('an admin', SEC.token('noc', 'admin')), ('tenant B', SEC.token('smo-b'))):
            a = [req('GET', u + path, tok=t) for u in (E, D)]
            check(f'same answer on old and new to {who}: ' + path, a[0] == a[1], json.dumps([x[1] for x in a])[:600])

json.dump(got, open(W + '/got.json', 'w'))
print('\nSUMMARY', time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())); [print(('HOLDS ' if ok else 'FAILS ') + w, d[:300]) for w, ok, d in results]
for n in list(procs): stop(n)
redis.terminate(); emu.kill(); srv.shutdown()
