#!/usr/bin/env python3
"""How much of the slow deliveries' time the JVM spent in stop-the-world GC pauses.

Reads the slow-delivery trace (bench/notify-trace.xml, see bench/notify-slow-stages.sh) and a GC log
of the same process written with wall-clock times, then prints, for the traced deliveries, how many
had a GC pause inside their store-to-2xx window and how much of their time those pauses took.

Run the load with both (the trace threshold in ms; the GC log's `time` decoration is required):

  java -Dnetweave.notify.trace_millis=30 -Dlogback.configurationFile=bench/notify-trace.xml \\
    -Dtrace.file=/tmp/trace.log -Xlog:gc:file=/tmp/gc.log:time,uptime \\
    -cp jmh-benchmarks/target/benchmarks.jar io.netweave.o2ims.bench.notify.NotificationLoadRun \\
    200 1000 0 5 --hosts=4 --receivers=process --warmup=100 --warmup-jit=5
  bench/notify-gc-overlap.py /tmp/trace.log /tmp/gc.log [MIN_SEQUENCE]

MIN_SEQUENCE skips the warm-up's notifications, as in notify-slow-stages.sh. The last table gives
the same per 10 ms of the deliveries' store-to-2xx time (100 ms and over in one row). The trace line's
timestamp is when the outcome was recorded; the window is [recorded - 2xx->recorded - total,
recorded - 2xx->recorded] (the trace's own stage figures), to the millisecond.
"""
import datetime
import re
import sys

TRACE = re.compile(
    r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) .*slow delivery .*seq=(\d+) .*total=(\d+) ms:.*"
    r"2xx->recorded=(-?\d+)")
# e.g. "[2026-12-07T06:01:02.345+0000][51.475s] GC(28) Pause Young (Normal) (...) 204M->60M(256M)
# 11.299ms": the first decoration must be `time`; any others (uptime, level, tags) may follow it.
PAUSE = re.compile(r"^\[([^\]]+)\](?:\[[^\]]*\])* GC\(\d+\) Pause (.*) (\d+\.\d+)ms$")


def day_millis(h, m, s, ms):
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms)


def pauses(gc_log):
    """(start, end) of every stop-the-world pause, in milliseconds of the UTC day."""
    out = []
    for line in open(gc_log, encoding="utf-8"):
        m = PAUSE.match(line.strip())
        if not m:
            continue
        # the `time` decoration, e.g. 2026-12-07T06:01:02.345+0000, logged when the pause ended
        stamp = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f%z")
        stamp = stamp.astimezone(datetime.timezone.utc)
        end = day_millis(stamp.hour, stamp.minute, stamp.second, stamp.microsecond // 1000)
        out.append((end - float(m.group(3)), end, m.group(2)))
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: notify-gc-overlap.py TRACE_LOG GC_LOG [MIN_SEQUENCE]")
    minimum = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    stops = pauses(sys.argv[2])
    traced = 0
    hit = 0
    shares = []
    paused_ms = []
    by_total = {}
    for line in open(sys.argv[1], encoding="utf-8"):
        m = TRACE.match(line)
        if not m or int(m.group(5)) < minimum:
            continue
        traced += 1
        total = int(m.group(6))
        end = day_millis(*m.group(1, 2, 3, 4)) - int(m.group(7))
        start = end - total
        inside = sum(max(0.0, min(end, b) - max(start, a)) for a, b, _ in stops)
        row = by_total.setdefault(min(total // 10 * 10, 100), [0, 0, 0.0])
        row[0] += 1
        row[1] += inside > 0
        row[2] += inside
        if inside > 0:
            hit += 1
            paused_ms.append(inside)
            shares.append(inside / max(total, 1))
    print(f"GC pauses in the log: {len(stops)}, "
          f"{sum(b - a for a, b, _ in stops):.1f} ms in all")
    print(f"traced deliveries: {traced}; with a pause inside their window: {hit}"
          + (f" ({100.0 * hit / traced:.1f} %)" if traced else ""))
    if paused_ms:
        paused_ms.sort()
        shares.sort()
        mid = len(paused_ms) // 2
        print(f"  paused time inside the window, ms: median {paused_ms[mid]:.1f}, "
              f"max {paused_ms[-1]:.1f}; share of the delivery's time: median "
              f"{100 * shares[mid]:.0f} %, max {100 * shares[-1]:.0f} %")
    print("store-to-2xx ms | deliveries | with a pause inside | mean paused ms")
    for low in sorted(by_total):
        n, with_pause, paused = by_total[low]
        label = f"{low}+" if low == 100 else f"{low}-{low + 9}"
        print(f"{label:>15} | {n:10d} | {100.0 * with_pause / n:17.1f} % | {paused / n:14.1f}")


if __name__ == "__main__":
    main()
