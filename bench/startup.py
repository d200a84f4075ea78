#!/usr/bin/env python3
"""Start-up benchmark, Sonde against bpftrace side by side in one run.

Measures wall time from exec to exit and peak RSS (from wait4's rusage) of:
  --version         the floor: exec, dynamic linking and start-up of the binary
                    (for a wrapper such as bpftrace-current, the wrapper's own cost)
  begin_exit        BEGIN { exit(); }
  tracepoint_100ms  a tracepoint probe plus an interval that exits after 100 ms

Runs are interleaved (sonde, bpftrace, sonde, ...) so that machine noise hits
both alike; the table reports medians and the Sonde/bpftrace ratios. This is
a benchmark, not a test: it never fails on numbers.

Usage: bench/startup.py [--runs N] [--sonde PATH] [--bpftrace PATH]
Needs root, a release build (cargo build --release) and bpftrace (0.17 or later).
"""

import argparse
import time
import os
import statistics
import sys

import common

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
    parser.add_argument("--runs", type=int, default=7)
    common.add_tool_arguments(parser)
    args = parser.parse_args()
    common.require("bench/startup.py", [args.sonde, args.bpftrace])

    tools = {"sonde": args.sonde, "bpftrace": args.bpftrace}
    cases = [("`--version` (floor)", ["--version"])] + [(f"`{s}`", ["-e", s]) for s in SCRIPTS.values()]
    rows = []
    for label, tail in cases:
        samples = {tool: [] for tool in tools}
        for tool, path in tools.items():  # warm the page cache once
            with common.kernel_lock(args.lock if tool == "sonde" else ""):
                run_once([path] + tail)
        for _ in range(args.runs):
            for tool, path in tools.items():
                with common.kernel_lock(args.lock if tool == "sonde" else ""):
                    wall, rss, code = run_once([path] + tail)
                if code != 0:
                    sys.exit(f"{tool} failed on {label} (exit {code}): {path} {' '.join(tail)}")
                samples[tool].append((wall, rss))
        sw, bw = (statistics.median(w for w, _ in samples[t]) for t in tools)
        sr, br = (statistics.median(r for _, r in samples[t]) for t in tools)
        rows.append([label, f"{sw * 1000:.0f} ms", f"{bw * 1000:.0f} ms", common.ratio(sw, bw),
                     f"{sr / 1024:.1f} MiB", f"{br / 1024:.1f} MiB", common.ratio(sr, br)])

    print(f"Start-up, exec to exit: median of {args.runs} interleaved runs; "
          f"{common.version(args.bpftrace)}; {common.machine()}\n")
    print(common.table(["script", "sonde wall", "bpftrace wall", "ratio", "sonde peak RSS",
                        "bpftrace peak RSS", "ratio"], rows))


if __name__ == "__main__":
    main()
