#!/usr/bin/env python3
"""The Redis response cache shared by two builds: after an invalidation, one replica renders v1
deploymentManagers (stored in the shared tier), then the other is asked. Prints what each served.
Usage: python3 bench/mixed-version/shared-cache.py OLD_JAR NEW_JAR (docs/operations.md, "Upgrade")."""
import json, os, subprocess, sys, time, urllib.request, shutil, socket
if len(sys.argv) != 3 or not all(os.path.isfile(a) for a in sys.argv[1:]):
    sys.exit('usage: python3 bench/mixed-version/shared-cache.py OLD_JAR NEW_JAR (two built gateway jars)')
OLD, NEW = sys.argv[1:3]
W = os.environ.get('RUN_DIR', '/tmp/mixed-version-cache'); shutil.rmtree(W, ignore_errors=True); os.makedirs(W)
def free():
    s = socket.socket(); s.bind(('127.0.0.1', 0)); p = s.getsockname()[1]; s.close(); return p
RP = free()
redis = subprocess.Popen(['redis-server', '--port', str(RP), '--appendonly', 'yes', '--dir', W, '--save', ''], stdout=subprocess.DEVNULL)
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
EMU_CLASSES = os.environ.get('EMU_CLASSES', '/tmp/mixed-version-emu')
subprocess.run(['javac', '-cp', REPO + '/o2ims-k8s-adapter/target/test-classes:' + NEW, '-d', EMU_CLASSES,
                HERE + '/KubeEmulatorShell.java'], check=True)
CPATH = EMU_CLASSES + ':' + REPO + '/o2ims-k8s-adapter/target/test-classes:' + NEW
emu = subprocess.Popen(['java', '-cp', CPATH, 'KubeEmulatorShell'], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
EMU = emu.stdout.readline().split()[1]
emu.stdin.write('label n1 topology.kubernetes.io/region eu-central-1\n'); emu.stdin.flush(); emu.stdout.readline()
ps = []
def start(name, jar):
    port = free()
    env = dict(os.environ, NETWEAVE_NOTIFICATIONS_STORE='redis', NETWEAVE_REDIS_URL=f'redis://127.0.0.1:{RP}/0',
               NETWEAVE_BACKEND='kubernetes', NETWEAVE_KUBERNETES_API_URL=EMU)
    p = subprocess.Popen(['java', '-Xmx256m', '-jar', jar, '--port', str(port), '--data-dir', f'{W}/{name}'], env=env,
                         stdout=open(f'{W}/{name}.log', 'w'), stderr=subprocess.STDOUT); ps.append(p)
    url = f'http://127.0.0.1:{port}'
    for _ in range(240):
        try:
            if urllib.request.urlopen(url + '/readyz', timeout=2).status == 200: return url
        except Exception: pass
        time.sleep(0.5)
def get(u): return json.load(urllib.request.urlopen(u + '/o2ims-infrastructureInventory/v1/deploymentManagers'))[0]['supportedLocations']
def invalidate(u):
    urllib.request.urlopen(urllib.request.Request(u + '/admin/v1/cache/invalidate?region=deployment_managers', method='POST', headers={'X-Requested-With': 'x'}))
o = start('old', OLD); n = start('new', NEW)
for first, second, names in ((o, n, ('old', 'new')), (n, o, ('new', 'old'))):
    invalidate(first); time.sleep(1)
    a = get(first); time.sleep(1); b = get(second)
    print(f'after invalidation: {names[0]} renders {a}; then {names[1]} serves {b}')
for p in ps: p.terminate(); p.wait()
redis.terminate(); emu.kill()
