#!/usr/bin/env python3
"""In-kernel cost per event, Sonde against bpftrace side by side.

For each script, each tool in turn: start it, wait until its probes are
attached, run a fixed workload (dd doing 300,000 reads and writes of 64
bytes), then read from `bpftool prog show --json` the tool's programs (the
ones that appeared while it ran): run_time_ns / run_cnt (kernel.bpf_stats_enabled
is switched on for the run and restored after) and the translated size
(bytes_xlated). The first row is the floor: an empty program on the same
tracepoint. A benchmark, not a test: it never fails on numbers.

Usage: bench/kernel_cost.py [--sonde PATH] [--bpftrace PATH] [--rounds N]
Needs root, bpftool, bpftrace (0.17 or later) and a release build of sonde;
nothing else should load BPF programs while it runs.
"""

import argparse
import statistics
import subprocess
import sys
import time

import common

# (name, sonde script, bpftrace script: it spells args-> where Sonde also takes args.)
SCRIPTS = [
    ("empty program (floor)", "tracepoint:syscalls:sys_enter_read { }", None),
    ("@[tid] = count()", "tracepoint:syscalls:sys_enter_read { @[tid] = count(); }", None),
    ("@[comm] = count()", "tracepoint:syscalls:sys_enter_read { @[comm] = count(); }", None),
    ("@ = hist(args.ret)", "tracepoint:syscalls:sys_exit_read { @ = hist(args.ret); }",
     "tracepoint:syscalls:sys_exit_read { @ = hist(args->ret); }"),
    ("@[pid] = sum(args.count)", "tracepoint:syscalls:sys_enter_read { @[pid] = sum(args.count); }",
     "tracepoint:syscalls:sys_enter_read { @[pid] = sum(args->count); }"),
    ("@ = lhist(args.count, 0, 4096, 64)", "tracepoint:syscalls:sys_enter_read { @ = lhist(args.count, 0, 4096, 64); }",
     "tracepoint:syscalls:sys_enter_read { @ = lhist(args->count, 0, 4096, 64); }"),
]

WORKLOAD = ["dd", "if=/dev/zero", "of=/dev/null", "bs=64", "count=300000", "status=none"]


def measure(argv):
    """Runs one tool on the workload; returns (ns per event, xlated bytes)."""
    existing = {p["id"] for p in common.programs()}
    with common.workdir() as work:
        run = common.Run(argv, work)
        if not run.wait_attached(timeout=120):
            run.stop()
            sys.exit(f"{argv[0]} did not attach: {run.stderr()[-2000:]}")
        time.sleep(0.3)
        mine = {p["id"] for p in common.programs()} - existing
        before = common.program_stats(mine)
        subprocess.run(WORKLOAD, check=True)
        after = common.program_stats(mine)
        run.stop()
    found = common.busiest(before, after)
    if found is None:
        sys.exit(f"no program of {argv[0]} ran; is the workload hitting the probe?")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_tool_arguments(parser)
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs per tool; the median is kept")
    args = parser.parse_args()
    common.require("bench/kernel_cost.py", [args.sonde, args.bpftrace], ["bpftool", "dd"])

    rows = []
    floor = {}
    # The whole run under the lock: the tools' programs are found as the ones
    # that appear while each runs.
    with common.kernel_lock(args.lock), common.bpf_stats():
        for name, sonde_script, bpftrace_script in SCRIPTS:
            results = {"sonde": [], "bpftrace": []}
            for _ in range(args.rounds):
                results["sonde"].append(measure([args.sonde, "-e", sonde_script]))
                results["bpftrace"].append(measure([args.bpftrace, "-e", bpftrace_script or sonde_script]))
            ns = {t: statistics.median(n for n, _ in r) for t, r in results.items()}
            size = {t: statistics.median(x for _, x in r) for t, r in results.items()}
            if not floor:
                floor = ns
            over = lambda t: "" if ns is floor else f" ({ns[t] - floor[t]:+.0f})"
            rows.append([f"`{name}`", f"{ns['sonde']:.0f}{over('sonde')}", f"{ns['bpftrace']:.0f}{over('bpftrace')}",
                         common.ratio(ns["sonde"], ns["bpftrace"]), f"{size['sonde']:.0f} B",
                         f"{size['bpftrace']:.0f} B", common.ratio(size["sonde"], size["bpftrace"])])

    print(f"In-kernel cost per event (bpf_stats; in brackets: above the empty program) and translated size; "
          f"{common.version(args.bpftrace)}; median of {args.rounds} rounds; {common.machine()}\n")
    print(common.table(["script", "sonde ns/event", "bpftrace ns/event", "ratio", "sonde xlated",
                        "bpftrace xlated", "ratio"], rows))


if __name__ == "__main__":
    main()
