#!/usr/bin/env python3
"""Benchmark datasets, generated reproducibly (fixed seeds).

D1: a 2 GiB disk-image-like file, half incompressible, half log-like text.
D2: 100,000 small files of 1-8 KiB in nested directories (~450 MB).
D3: one million tiny files (memory scaling), only with --d3.

usage: generate.py OUT_DIR [--d3] [--scale FRACTION]
"""
import os
import random
import sys


def d1(path, size):
    rng = random.Random(1)
    words = [b"GET", b"POST", b"/index.php", b"/wp-admin/admin-ajax.php", b"200", b"404", b"302",
             b"Mozilla/5.0", b"sshd[812]:", b"Accepted", b"Failed", b"password", b"for", b"root",
             b"203.0.113.66", b"198.51.100.7", b"-", b"HTTP/1.1", b"python-requests/2.31"]
    with open(path, "wb") as f:
        half = size // 2
        written = 0
        while written < half:
            block = rng.randbytes(min(1 << 20, half - written))
            f.write(block)
            written += len(block)
        while written < size:
            lines = b"".join(b" ".join(rng.choice(words) for _ in range(12)) + b"\n" for _ in range(4000))
            block = lines[: size - written]
            f.write(block)
            written += len(block)


def d2(root, count):
    rng = random.Random(2)
    text = b"Nov 25 10:42:01 web01 sshd[4242]: Failed password for invalid user admin from 203.0.113.66\n"
    for n in range(count):
        directory = os.path.join(root, f"d{n // 10000:02}", f"s{(n // 100) % 100:02}")
        if n % 100 == 0:
            os.makedirs(directory, exist_ok=True)
        size = rng.randint(1024, 8192)
        data = rng.randbytes(size) if n % 2 else (text * (size // len(text) + 1))[:size]
        with open(os.path.join(directory, f"f{n:06}"), "wb") as f:
            f.write(data)


def d3(root, count):
    for n in range(count):
        directory = os.path.join(root, f"d{n // 10000:03}")
        if n % 10000 == 0:
            os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, f"t{n:07}"), "wb") as f:
            f.write(str(n).encode())


def main():
    out = sys.argv[1]
    scale = float(sys.argv[sys.argv.index("--scale") + 1]) if "--scale" in sys.argv else 1.0
    os.makedirs(out, exist_ok=True)
    if not os.path.exists(os.path.join(out, "d1.img")):
        d1(os.path.join(out, "d1.img"), int((2 << 30) * scale) // 4096 * 4096)
    if not os.path.isdir(os.path.join(out, "d2")):
        d2(os.path.join(out, "d2"), int(100_000 * scale))
    if "--d3" in sys.argv and not os.path.isdir(os.path.join(out, "d3")):
        d3(os.path.join(out, "d3"), int(1_000_000 * scale))


if __name__ == "__main__":
    main()
