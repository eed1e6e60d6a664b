#!/usr/bin/env python3
"""Bytes allocated per request on the server's I/O threads, by allocation site.

Reads async-profiler's collapsed allocation profiles (event=alloc, per thread, counted in bytes:
`threads` and `total`), as JMH's async profiler writes them for HandlerChainBenchmark, keeps the
stacks of Undertow's I/O threads (`XNIO-* I/O-*`), and names each site by the allocated class and
the four innermost frames that are not the JDK's string and array helpers. Each site's share of the
profile is turned into bytes per request with the per-request total the benchmark printed in the
same run ("server IO threads: N B/request"). With a second profile (the bare handler's), prints
both and their difference, largest first: the sites the gateway adds.

    python3 bench/profile/alloc-sites.py GATEWAY.csv GATEWAY_B_PER_REQUEST \
        [BASELINE.csv BASELINE_B_PER_REQUEST [MIN_BYTES]]
"""
import collections
import re
import sys

HELPERS = re.compile(
    r'^(String|StringLatin1|StringUTF16|AbstractStringBuilder|StringBuilder|Arrays|System\$2'
    r'|Long|Integer|DirectMethodHandle.*|Invokers.*|LambdaForm.*)\.')


def load(path, per_request):
    sites = collections.Counter()
    total = 0
    with open(path) as f:
        for line in f:
            stack, n = line.rstrip('\n').rsplit(' ', 1)
            frames = stack.split(';')
            if not frames[0].startswith('[XNIO-') or 'I/O-' not in frames[0]:
                continue
            n = int(n)
            total += n
            allocated = frames[-1].replace('_[i]', '').replace('_[k]', '')
            body = [re.sub(r'\$\$Lambda\$\d+\.0x[0-9a-f]+', '$$Lambda', f.split('/')[-1])
                    for f in frames[1:-1]]
            own = [f for f in body if not HELPERS.match(f)]
            sites[allocated + '  <-  ' + ' <- '.join(reversed(own[-4:]))] += n
    return {k: v * per_request / total for k, v in sites.items()} if total else {}


def main(argv):
    if len(argv) not in (3, 5, 6):
        sys.exit('usage: python3 bench/profile/alloc-sites.py GATEWAY.csv GATEWAY_B_PER_REQUEST'
                 ' [BASELINE.csv BASELINE_B_PER_REQUEST [MIN_BYTES]]')
    a = load(argv[1], float(argv[2]))
    b = load(argv[3], float(argv[4])) if len(argv) > 4 else {}
    least = float(argv[5]) if len(argv) > 5 else 4
    print('%8s %8s %8s  %s' % ('B/req', 'other', 'diff', 'allocated  <-  site'))
    for k in sorted(set(a) | set(b), key=lambda k: -(a.get(k, 0) - b.get(k, 0))):
        x, y = a.get(k, 0), b.get(k, 0)
        if abs(x) >= least or abs(y) >= least:
            print('%8.1f %8.1f %8.1f  %s' % (x, y, x - y, k))
    print('%8.1f %8.1f  (sums)' % (sum(a.values()), sum(b.values())))


if __name__ == '__main__':
    main(sys.argv)
