#!/usr/bin/env python3
"""CPython peer of scalar_loop.jl: the same loop inside a function, timed in-process.
   python3 bench/scalar_loop.py [REPEATS] [N]"""
import json, statistics, sys, time


def f(n):
    s = 0.0
    for i in range(1, n + 1):
        s += i * 0.5
    return s


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 10**7
    f(n)
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        f(n)
        ts.append((time.perf_counter() - t0) * 1e3)
    med = statistics.median(ts)
    print("RESULT " + json.dumps({"bench": "scalar_loop", "framework": "cpython",
                                  "version": sys.version.split()[0], "n": n, "median_ms": med,
                                  "min_ms": min(ts), "max_ms": max(ts), "reps": repeats,
                                  "ns_per_iter": med * 1e6 / n}), flush=True)


if __name__ == "__main__":
    main()
