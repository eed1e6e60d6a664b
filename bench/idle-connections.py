#!/usr/bin/env python3
"""How long a running gateway keeps three kinds of quiet HTTP/1.1 connection open (seconds).

  1. a keep-alive connection after one GET            -> server.idle_timeout (default 120 s)
  2. a new connection that never sends a byte         -> server.idle_timeout
  3. a second request whose body stops after 4 bytes  -> server.read_timeout (default 30 s)

Usage (the gateway with its defaults on port 18911, then this; about two minutes):
  NETWEAVE_SERVER_PORT=18911 NETWEAVE_STORAGE_DATA_DIR=$(mktemp -d) \
    java -jar o2ims-server/target/o2ims-server.jar &
  python3 bench/idle-connections.py 18911
"""
import socket, sys, time, threading
if len(sys.argv) != 2 or not sys.argv[1].isdigit():
    sys.exit('usage: python3 bench/idle-connections.py PORT (a running gateway on 127.0.0.1:PORT)')
port = int(sys.argv[1])
res = {}
def idle():
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
    buf = b""
    while b"\r\n\r\n" not in buf:
        buf += s.recv(4096)
    head, _, body = buf.partition(b"\r\n\r\n")
    n = int([l.split(b":")[1] for l in head.split(b"\r\n") if l.lower().startswith(b"content-length")][0])
    while len(body) < n:
        body += s.recv(4096)
    t0 = time.monotonic()
    s.settimeout(300)
    try:
        r = s.recv(1)
    except OSError as e:
        r = repr(e)
    res["idle keep-alive after one GET"] = (round(time.monotonic() - t0, 1), r)
def stalled():
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
    time.sleep(1); s.recv(65536)
    s.sendall(b"POST /o2ims-infrastructureInventory/v1/subscriptions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ca")
    t0 = time.monotonic()
    s.settimeout(300)
    out = b""
    try:
        while True:
            r = s.recv(65536)
            if not r: break
            out += r
    except OSError as e:
        out += repr(e).encode()
    res["stalled body on the second request"] = (round(time.monotonic() - t0, 1), out[:60])
def fresh():
    s = socket.create_connection(("127.0.0.1", port))
    t0 = time.monotonic()
    s.settimeout(300)
    try:
        r = s.recv(1)
    except OSError as e:
        r = repr(e)
    res["new connection, no byte sent"] = (round(time.monotonic() - t0, 1), r)
ts = [threading.Thread(target=f) for f in (idle, stalled, fresh)]
[t.start() for t in ts]; [t.join() for t in ts]
for k, v in res.items(): print(f"{k}: closed after {v[0]} s ({v[1]!r})")
