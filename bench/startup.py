#!/usr/bin/env python3
"""Start-up benchmark, Sonde against bpftrace side by side in one run.

Measures wall time from exec to exit and peak RSS (from wait4's rusage) of:
  begin_exit      BEGIN { exit(); }
  tracepoint_100ms  a tracepoint probe plus an interval that exits after 100 ms

Runs are interleaved (sonde, bpftrace, sonde, ...) so that machine noise hits
both alike; the table reports medians and the Sonde/bpftrace ratios. This is
a benchmark, not a test: it never fails on numbers.

Usage: bench/startup.py [--runs N] [--sonde PATH] [--bpftrace PATH]
Needs root, a release build (cargo build --release) and bpftrace on PATH.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

SCRIPTS = {
    "begin_exit": "BEGIN { exit(); }",
    "tracepoint_100ms": "tracepoint:syscalls:sys_enter_openat { @n = @n + 1; } interval:ms:100 { exit(); }",
}


def run_once(argv):
    """Returns (wall seconds, peak RSS KiB, exit status)."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--sonde", default=os.path.join(root, "target", "release", "sonde"))
    parser.add_argument("--bpftrace", default=shutil.which("bpftrace") or "bpftrace")
    args = parser.parse_args()

    if os.geteuid() != 0:
        sys.exit("bench/startup.py: needs root (it loads BPF programs)")
    for tool in (args.sonde, args.bpftrace):
        if not shutil.which(tool) and not os.access(tool, os.X_OK):
            sys.exit(f"bench/startup.py: {tool} not found (cargo build --release; apt-get install bpftrace)")

    tools = {"sonde": [args.sonde, "-e"], "bpftrace": [args.bpftrace, "-e"]}
    results = {}
    for name, script in SCRIPTS.items():
        samples = {tool: [] for tool in tools}
        for tool, argv in tools.items():  # warm the page cache once
            run_once(argv + [script])
        for _ in range(args.runs):
            for tool, argv in tools.items():
                wall, rss, code = run_once(argv + [script])
                if code != 0:
                    sys.exit(f"{tool} failed on {name} (exit {code}): {' '.join(argv + [script])}")
                samples[tool].append((wall, rss))
        results[name] = samples

    version = subprocess.run([args.bpftrace, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"Start-up, median of {args.runs} interleaved runs; {version}; {os.cpu_count()} CPUs\n")
    print("| script | sonde wall | bpftrace wall | wall ratio | sonde peak RSS | bpftrace peak RSS | RSS ratio |")
    print("|---|---|---|---|---|---|---|")
    for name, samples in results.items():
        sw = statistics.median(w for w, _ in samples["sonde"])
        bw = statistics.median(w for w, _ in samples["bpftrace"])
        sr = statistics.median(r for _, r in samples["sonde"])
        br = statistics.median(r for _, r in samples["bpftrace"])
        print(
            f"| `{name}` | {sw * 1000:.0f} ms | {bw * 1000:.0f} ms | {sw / bw:.2f} "
            f"| {sr / 1024:.1f} MiB | {br / 1024:.1f} MiB | {sr / br:.2f} |"
        )


if __name__ == "__main__":
    main()
