#!/usr/bin/env python3
"""The cost of a user stack, Sonde against bpftrace side by side.

A uprobe on bench_leaf (bench/ustack_loop.c, built here with gcc -O0
-fno-omit-frame-pointer, four frames deep) records `@[ustack] = count()`
(frames walked through the frame pointers) or `@[dw_ustack] = count()`
(Sonde: a copy of the stack unwound in user space with the binaries' CFI;
bpftrace: its own dw_ustack, which needs -p). Each tool is attached to the
waiting workload's pid (-p), then the workload makes N calls. Two numbers
per script: the in-kernel ns per event (bpf_stats: run_time_ns / run_cnt of
the tool's busiest program; the first row, an empty program, is the floor)
and the tool's own CPU time per event (user + system, from the rusage of
the tool's process tree, less the same for the empty program: for Sonde's
dw_ustack that is the user-space unwinding of each record). A benchmark,
not a test: it never fails on numbers.

Usage: bench/ustack_cost.py [--sonde PATH] [--bpftrace PATH] [--rounds N] [--calls N]
Needs root, gcc, bpftool, bpftrace 0.27 or later (dw_ustack) and a release
build of sonde; nothing else should load BPF programs while it runs.
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

import common

# (name, script body on the uprobe)
SCRIPTS = [
    ("empty program (floor)", "{ }"),
    ("@[ustack] = count()", "{ @[ustack] = count(); }"),
    ("@[dw_ustack] = count()", "{ @[dw_ustack()] = count(); }"),
    ('printf("%s", ustack)', '{ printf("%s\\n", ustack); }'),
    ('printf("%s", dw_ustack)', '{ printf("%s\\n", dw_ustack()); }'),
]


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(tool, binary, body, calls):
    """One tool on one workload run: (kernel ns per event, tool CPU seconds)."""
    existing = {p["id"] for p in common.programs()}
    workload = subprocess.Popen([binary, str(calls)], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    cpu_before = children_cpu()
    with common.workdir() as work:
        run = common.Run([tool, "-p", str(workload.pid), "-e", f"uprobe:{binary}:bench_leaf {body}"], work,
                         stdout_path=os.devnull)
        if not run.wait_attached(timeout=120):
            run.stop()
            workload.kill()
            workload.wait()
            sys.exit(f"{tool} did not attach: {run.stderr()[-2000:]}")
        time.sleep(0.3)
        mine = {p["id"] for p in common.programs()} - existing
        before = common.program_stats(mine)
        workload.stdin.write(b"go\n")
        workload.stdin.close()
        _, _, workload_usage = os.wait4(workload.pid, 0)
        workload.returncode = 0
        after = common.program_stats(mine)
        run.stop()
    # The tool's tree and the workload both count as children: take the
    # workload's own time out (wait4 gave it).
    cpu = children_cpu() - cpu_before - workload_usage.ru_utime - workload_usage.ru_stime
    found = common.busiest(before, after)
    if found is None:
        sys.exit(f"no program of {tool} ran; is the uprobe hitting bench_leaf?")
    return found[0], cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_tool_arguments(parser)
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs per tool; the median is kept")
    parser.add_argument("--calls", type=int, default=20000, help="events per run")
    args = parser.parse_args()
    common.require("bench/ustack_cost.py", [args.sonde, args.bpftrace], ["gcc", "bpftool"])

    rows = []
    floor = {}
    with common.workdir() as build:
        binary = os.path.join(build, "ustack_loop")
        subprocess.run(["gcc", "-O0", "-fno-omit-frame-pointer", "-o", binary,
                        os.path.join(common.ROOT, "bench", "ustack_loop.c")], check=True)
        with common.kernel_lock(args.lock), common.bpf_stats():
            for name, body in SCRIPTS:
                results = {"sonde": [], "bpftrace": []}
                for _ in range(args.rounds):
                    results["sonde"].append(measure(args.sonde, binary, body, args.calls))
                    results["bpftrace"].append(measure(args.bpftrace, binary, body, args.calls))
                ns = {t: statistics.median(n for n, _ in r) for t, r in results.items()}
                cpu = {t: statistics.median(c for _, c in r) for t, r in results.items()}
                if not floor:
                    floor = {"ns": ns, "cpu": cpu}
                above = lambda t: "" if ns is floor["ns"] else f" ({ns[t] - floor['ns'][t]:+.0f})"
                user = {t: (cpu[t] - floor["cpu"][t]) * 1e9 / args.calls for t in cpu}
                rows.append([f"`{name}`", f"{ns['sonde']:.0f}{above('sonde')}", f"{ns['bpftrace']:.0f}{above('bpftrace')}",
                             common.ratio(ns["sonde"], ns["bpftrace"]), f"{user['sonde']:.0f}",
                             f"{user['bpftrace']:.0f}", common.ratio(user["sonde"], user["bpftrace"])])

    print(f"Cost of a user stack per event: in-kernel ns (bpf_stats; in brackets: above the empty program) and the "
          f"tool's CPU ns per event above the empty program's run (user-space work, e.g. unwinding); "
          f"{args.calls} events a run; {common.version(args.bpftrace)}; median of {args.rounds} rounds; "
          f"{common.machine()}\n")
    print(common.table(["script", "sonde ns/event", "bpftrace ns/event", "ratio", "sonde CPU ns/event",
                        "bpftrace CPU ns/event", "ratio"], rows))


if __name__ == "__main__":
    main()
