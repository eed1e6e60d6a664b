#!/usr/bin/env python3
"""Summarises an async-profiler collapsed-stack file (event=cpu, option threads) of one HTTP load run
(plain HTTP from cpu-profile.sh, or HTTPS/HTTP/2 from tls-load.sh with ASYNC_PROFILER set).

Usage: summary.py COLLAPSED REQUESTS INTERVAL_NS [--under FRAME]...

Samples are taken per interval of CPU time (not wall time), so samples x interval / requests is CPU
time per request whatever else runs on the machine. Prints the CPU per request of each thread group,
then the I/O threads' samples attributed to the deepest frame that matches one of CATEGORIES (a
sample in the access log's logback call counts as "access log", one in the write system call under
it as "write syscall"...).

With --under FRAME (a frame substring, repeatable), also prints, for the I/O threads' samples with
that frame on the stack, the CPU per request of the frame's callees one level down (the frame
right after the last matching one; "self" for samples that end in the frame itself) and of the
deepest frames (where the CPU was spent), to see what a place of the first table is made of.
"""
import collections
import re
import sys

CATEGORIES = [
    # (label, frame substring), most specific first within a stack: the deepest match wins
    ("access log (AccessLogHandler.log, logback)", "AccessLogHandler.log"),
    ("request metrics", "RequestMetrics.record"),
    ("request id", "RequestId"),
    ("security headers", "SecurityHeadersHandler"),
    ("browser guard", "BrowserGuardHandler"),
    ("concurrency limit", "ConcurrencyLimitHandler"),
    ("request limits", "RequestLimitsHandler"),
    ("authentication (none)", "NoAuthenticationHandler"),
    ("authentication (JWT)", "AuthenticationHandler"),
    ("client origin (TLS peer certificate)", "ClientOrigin"),
    ("rate limit", "RateLimitHandler"),
    ("authorization", "AuthorizationHandler"),
    ("audit", "AuditHandler"),
    ("router", "Router.handleRequest"),
    ("cache key", "ResponseKeys"),
    ("cache lookup (Caffeine)", "CaffeineTier"),
    ("cached read", "CachedReads"),
    ("response write (ours)", "Responses.write"),
    ("access-log handler", "AccessLogHandler.handleRequest"),
    ("outer handler", "UndertowServer.lambda"),
    ("AES-GCM (JDK crypto)", "GaloisCounterMode"),
    ("TLS record layer (JDK SSLEngine)", "sun/security/ssl/"),
    ("TLS record layer (JDK SSLEngine)", "sun.security.ssl."),
    ("TLS conduit (Undertow SslConduit)", "SslConduit"),
    ("HPACK", "Hpack"),
    ("HTTP/2 framing (Undertow)", "http2/Http2"),
    ("HTTP/2 framing (Undertow)", "http2.Http2"),
    ("write syscall", "IOUtil.write"),
    ("read syscall", "IOUtil.read"),
    ("epoll", "EPoll"),
    ("Undertow request parser", "RequestParser"),
    ("Undertow response conduit", "HttpResponseConduit"),
    ("Undertow HostHeaderHandler", "HostHeaderHandler"),
    ("Undertow sender", "AsyncSenderImpl"),
    ("Undertow read listener", "HttpReadListener"),
    ("XNIO worker loop (timers)", "WorkerThread"),
    ("Undertow read-timeout conduit", "ReadTimeoutStreamSourceConduit"),
    ("Undertow write-timeout conduit", "WriteTimeoutStreamSinkConduit"),
    ("Undertow idle-timeout conduit", "IdleTimeoutConduit"),
    ("Undertow connector statistics", "ConnectorStatistics"),
    ("Undertow byte-count conduits (statistics)", "io/undertow/conduits/Bytes"),
    # TimeoutConduit, TimeoutSource, TimeoutSink, TimeoutTimer (one class with inner ones before)
    ("read/write timeouts (TimeoutConduit)", "internal/http/Timeout"),
]

# Inclusive: an I/O-thread sample counts for every key one of its frames contains (the XNIO
# timer queue is reached from several of the places above).
INCLUSIVE = [
    ("XNIO timer: schedule (executeAfter)", "WorkerThread.executeAfter"),
    ("XNIO timer: cancel (TimeKey.remove)", "TimeKey.remove"),
]


def group(thread):
    name = re.sub(r" tid=\d+", "", thread.strip("[]"))
    if "I/O-" in name:
        return "I/O threads"
    if "CompilerThre" in name:
        return "JIT compiler"
    if name.startswith("GC Thread") or name.startswith("G1 "):
        return "GC"
    return "other"


def short(frame):
    return frame if len(frame) <= 110 else frame[:107] + "..."


def main():
    args = sys.argv[1:]
    under = []
    while "--under" in args:
        i = args.index("--under")
        under.append(args[i + 1])
        del args[i : i + 2]
    if len(args) != 3 or not args[1].isdigit() or not args[2].isdigit():
        sys.exit("usage: summary.py COLLAPSED REQUESTS INTERVAL_NS [--under FRAME]... (REQUESTS: the"
                 " run's request count, which cpu-profile.sh prints; INTERVAL_NS: 250000 by default)")
    path, requests, interval_ns = args[0], int(args[1]), int(args[2])
    children = {key: collections.Counter() for key in under}
    leaves = {key: collections.Counter() for key in under}
    per_sample_us = interval_ns / 1000.0
    groups = collections.Counter()
    categories = collections.Counter()
    inclusive = collections.Counter()
    io_total = 0
    with open(path) as f:
        for line in f:
            stack, count = line.rstrip().rsplit(" ", 1)
            count = int(count)
            frames = stack.split(";")
            g = group(frames[0])
            groups[g] += count
            if g != "I/O threads":
                continue
            io_total += count
            label = "other"
            for frame in reversed(frames):
                hit = next((l for l, key in CATEGORIES if key in frame), None)
                if hit:
                    label = hit
                    break
            categories[label] += count
            for label, key in INCLUSIVE:
                if any(key in frame for frame in frames):
                    inclusive[label] += count
            for key in under:
                at = max((i for i, frame in enumerate(frames) if key in frame), default=-1)
                if at >= 0:
                    children[key][frames[at + 1] if at + 1 < len(frames) else "self"] += count
                    leaves[key][frames[-1]] += count

    def us(n):
        return n * per_sample_us / requests

    print(f"CPU per request by thread group ({requests} requests, {per_sample_us:.0f} us per sample):")
    for g, n in groups.most_common():
        print(f"  {us(n):6.2f} us  {g}")
    print("I/O threads, by the deepest matching frame:")
    print("| Where | µs/request | share of I/O-thread samples |")
    print("|---|---|---|")
    for label, n in categories.most_common():
        print(f"| {label} | {us(n):.2f} | {100.0 * n / io_total:.1f} % |")
    print("I/O threads, inclusive (samples with the frame anywhere on the stack):")
    print("| Where | µs/request | share of I/O-thread samples |")
    print("|---|---|---|")
    for label, _ in INCLUSIVE:
        n = inclusive[label]
        print(f"| {label} | {us(n):.2f} | {100.0 * n / io_total:.1f} % |")
    for key in under:
        total = sum(children[key].values())
        print(f"I/O threads, samples under {key}: {us(total):.2f} us/request; its callees:")
        for frame, n in children[key].most_common(15):
            print(f"  {us(n):6.3f} us  {short(frame)}")
        print(f"  ... the deepest frames of those samples:")
        for frame, n in leaves[key].most_common(15):
            print(f"  {us(n):6.3f} us  {short(frame)}")


if __name__ == "__main__":
    main()
