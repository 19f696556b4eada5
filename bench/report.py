#!/usr/bin/env python3
"""Renders bench/results/*.json (hyperfine) as the tables of docs/BENCHMARKS.md."""
import json
import os
import statistics
import sys

results = sys.argv[1]
for name in ["freeze-d1", "image-d1", "image-bad-sectors", "freeze-sparse", "sign-key-holders", "freeze-locker-d1", "freeze-d2", "baseline-d2", "audit-d2", "verify-d1", "verify-d2"]:
    path = os.path.join(results, f"{name}.json")
    if not os.path.exists(path):
        continue
    rows = json.load(open(path))["results"]
    scelle = statistics.median(rows[0]["times"])
    print(f"\n### {name}\n")
    print("| command | median s | min | max | user s | sys s | scelle / this |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        median = statistics.median(row["times"])
        print(f"| `{row['command']}` | {median:.2f} | {min(row['times']):.2f} | {max(row['times']):.2f} "
              f"| {row['user']:.2f} | {row['system']:.2f} | {scelle / median:.2f} |")
