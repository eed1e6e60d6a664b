#!/usr/bin/env python3
"""One line per NotificationLoadRun: its latency, CPU per delivery, the receivers' GC share, its
verdict, and the engine's young pauses and survivors over the measured part, from the run's output
and a GC log written with ages:

  java -Xlog:gc+age=trace,gc:file=/tmp/gc.log:time,uptime \\
    -cp jmh-benchmarks/target/benchmarks.jar io.netweave.o2ims.bench.notify.NotificationLoadRun \\
    200 1000 0 5 --hosts=4 --receivers=process --warmup=100 --warmup-jit=5 > /tmp/run.txt
  bench/notify-gc-summary.py /tmp/run.txt /tmp/gc.log [SECONDS]

SECONDS (42): the pauses of the last SECONDS of the GC log count (the measured part of the run
above lasts 40 s, and the run ends right after it). Survivors: the bytes of the age table's last
line at each of those collections (what the collection left in survivor space).
"""
import re
import sys


def uptime(line):
    return float(re.search(r"\]\[([\d.]+)s\]", line).group(1))


def main(argv):
    if len(argv) not in (3, 4):
        print("usage: notify-gc-summary.py RUN_OUTPUT GC_LOG [SECONDS]", file=sys.stderr)
        return 2
    window = float(argv[3]) if len(argv) == 4 else 42.0
    run = open(argv[1]).read().split("warm-up total")[-1]
    gc = open(argv[2]).read().splitlines()
    latency = re.search(r"latency store->2xx ms: (.*) \(n=", run)
    cpu = re.search(r"(\d+) us per delivery; receiver process .*?: (\d+) us", run)
    receiver_gc = re.search(r"receiver process threads \(measured part\): .*?gc [\d.]+ s \(([\d.]+) %\)", run)
    unique = re.search(r"delivered\(unique\)=(\d+)", run)
    out_of_order = re.search(r"out-of-order=(\d+)", run)
    ends = [line for line in gc if "Pause Young" in line and line.endswith("ms")]
    if not ends:
        print("no young pauses in the GC log (was it written with -Xlog:gc...?)", file=sys.stderr)
        return 1
    last = uptime(ends[-1])
    pauses, survivors, age_total = [], [], None
    for line in gc:
        m = re.search(r"GC\(\d+\) - age +\d+: +\d+ bytes, +(\d+) total", line)
        if m:
            age_total = int(m.group(1))
        if "Pause Young" in line and line.endswith("ms"):
            if uptime(line) > last - window:
                pauses.append(float(line.split()[-1][:-2]))
                if age_total is not None:
                    survivors.append(age_total)
            age_total = None
    pauses.sort()
    print(
        f"{latency.group(1) if latency else '?'}; engine / receivers µs per delivery"
        f" {'/'.join(cpu.groups()) if cpu else '?'}; receivers' GC {receiver_gc.group(1) if receiver_gc else '?'} %;"
        f" delivered {unique.group(1) if unique else '?'}, out of order {out_of_order.group(1) if out_of_order else '?'};"
        f" engine young pauses in the last {window:.0f} s: {len(pauses)}, median {pauses[len(pauses) // 2]:.1f},"
        f" max {pauses[-1]:.1f} ms; survivors {sum(survivors) / max(1, len(survivors)) / 1e6:.1f} MB per collection")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
