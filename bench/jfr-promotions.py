#!/usr/bin/env python3
"""What a JVM's young collections copied, by class: the objects that survive, whose copying is
what makes a young pause long (not what was allocated).

Record with the settings beside this script (JFR's promotion events, off by default), then:

  java -XX:StartFlightRecording:filename=/tmp/promo.jfr,settings=bench/jfr-promotions.jfc \\
    -cp jmh-benchmarks/target/benchmarks.jar io.netweave.o2ims.bench.notify.NotificationLoadRun \\
    200 1000 0 5 --hosts=4 --receivers=process --warmup=100 --warmup-jit=5
  bench/jfr-promotions.py /tmp/promo.jfr [LAST_COLLECTIONS] [TOP]

LAST_COLLECTIONS (25) keeps the events of the last collections only (the measured part of a run);
TOP (20) rows. Each event stands for the PLAB it opened (its size) or, outside a PLAB, the object
itself, so the shares are of bytes copied, sampled one PLAB at a time. byte[] rows are then split
by size (powers of two), since a byte[] is anything from a string's characters to an I/O buffer.
Needs the JDK's `jfr` tool on PATH.
"""
import collections
import json
import subprocess
import sys


def main(argv):
    if len(argv) < 2 or len(argv) > 4:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: jfr-promotions.py RECORDING.jfr [LAST_COLLECTIONS] [TOP]", file=sys.stderr)
        return 2
    try:
        last = int(argv[2]) if len(argv) > 2 else 25
        top = int(argv[3]) if len(argv) > 3 else 20
    except ValueError:
        print("LAST_COLLECTIONS and TOP are whole numbers", file=sys.stderr)
        return 2
    out = subprocess.run(
        ["jfr", "print", "--json", "--events",
         "jdk.PromoteObjectInNewPLAB,jdk.PromoteObjectOutsidePLAB", argv[1]],
        check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    if not events:
        print("no promotion events: was the recording made with bench/jfr-promotions.jfc?")
        return 1
    newest = max(e["values"]["gcId"] for e in events)
    by_class = collections.Counter()
    count = collections.Counter()
    byte_arrays = collections.Counter()
    for e in events:
        v = e["values"]
        if v["gcId"] <= newest - last:
            continue
        name = v["objectClass"]["name"] if v.get("objectClass") else "?"
        weight = v.get("plabSize") or v["objectSize"]
        by_class[name] += weight
        count[name] += 1
        if name == "[B":
            size = v["objectSize"]
            byte_arrays[1 << (size.bit_length() - 1)] += weight
    total = sum(by_class.values())
    print(f"collections {newest - last + 1} to {newest}: {sum(count.values())} events,"
          f" {total / 1e6:.1f} MB of PLABs (and objects outside them) they stand for")
    print("| class | share | events |")
    print("|---|---|---|")
    for name, weight in by_class.most_common(top):
        print(f"| `{name}` | {weight / total * 100:.1f} % | {count[name]} |")
    if byte_arrays:
        print("\nbyte[] by size (from, in bytes):")
        for size in sorted(byte_arrays):
            print(f"  {size:>8}: {byte_arrays[size] / total * 100:.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
