#!/usr/bin/env python3
"""numpy peer of elementwise.jl: the same ops on Float32 vectors, timed in-process.
   python3 bench/elementwise.py OP [REPEATS] [N] [TARGET_MS]"""
import json, statistics, sys, time

import numpy as np


def main():
    op = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 65536
    target_ms = float(sys.argv[4]) if len(sys.argv) > 4 else 50.0
    rng = np.random.default_rng(0)
    x, y, z = (rng.standard_normal(n).astype(np.float32) for _ in range(3))
    fns = {"tanh": lambda: np.tanh(x), "fma": lambda: x * y + z, "exp": lambda: np.exp(x),
           "sigmoid": lambda: 1.0 / (1.0 + np.exp(-x))}
    f = fns[op]
    for _ in range(3):
        f()
    t0 = time.perf_counter()
    f()
    single = max(time.perf_counter() - t0, 1e-7)
    inner = 1 if single * 1e3 >= target_ms else min(1000000, int(target_ms / (single * 1e3)) + 1)
    ts = []
    for _ in range(repeats):
        t1 = time.perf_counter()
        for _ in range(inner):
            f()
        ts.append((time.perf_counter() - t1) / inner * 1e3)
    med = statistics.median(ts)
    print("RESULT " + json.dumps({"bench": "elementwise", "framework": "numpy", "op": op, "n": n,
                                  "median_ms": med, "min_ms": min(ts), "max_ms": max(ts),
                                  "reps": repeats, "inner": inner, "version": np.__version__,
                                  "ns_per_element": med * 1e6 / n}), flush=True)


if __name__ == "__main__":
    main()
