#!/usr/bin/env python3
"""Counts JFR execution samples by what their stacks contain (hand-run profiling aid).

Usage:
  jfr print --stack-depth 100 --events jdk.ExecutionSample REC.jfr > samples.txt
  bench/jfr-samples.py samples.txt [NAME=SUBSTRING ...]

Prints the number of samples, the 15 most frequent top frames, and for each NAME the samples whose
stack holds a frame containing SUBSTRING (a sample counts once per NAME).
"""
import collections
import re
import sys


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    events = open(sys.argv[1], encoding="utf-8").read().split("jdk.ExecutionSample")[1:]
    top = collections.Counter()
    stacks = []
    for event in events:
        frames = re.findall(r"^\s+([\w.$<>]+)\(", event, re.M)
        if frames:
            top[frames[0]] += 1
        stacks.append(frames)
    print(f"samples: {len(events)}")
    for frame, count in top.most_common(15):
        print(f"{count:6d}  top  {frame}")
    for arg in sys.argv[2:]:
        name, _, needle = arg.partition("=")
        count = sum(1 for frames in stacks if any(needle in f for f in frames))
        share = 100.0 * count / len(events) if events else 0.0
        print(f"{count:6d}  {share:5.1f}%  {name} ({needle})")


if __name__ == "__main__":
    main()
