#!/usr/bin/env python3
"""Output under load, Sonde against bpftrace side by side.

A loop of one million getppid() calls (bench/getppid_loop.c, built here with
gcc; five rounds of 200,000, the fastest round's ns per call kept) runs
untraced, traced by each tool with an empty program on the same tracepoint
(the floor: what any program there costs), and traced with a
printf on every call. Reported: events delivered (lines the tool wrote to its
stdout, a file), events lost (the tool's "Lost N events" reports), the loop's
cost per call and its slowdown against the untraced loop, and the program's
in-kernel cost per event (bpf_stats, measured in a second run of the same
loop so that the statistics do not slow the first): the printf program's
cost above the empty one's is the record's reserve, fill and submit.
Then the same printf with stdout to /dev/null (writing skipped; bpftrace
0.17's marker is on stdout, so it is given 5 s to attach).
A benchmark, not a test.

Usage: bench/output_storm.py [--calls N] [--sonde PATH] [--bpftrace PATH]
Needs root, gcc, bpftool, bpftrace (0.17 or later) and a release build of sonde.
"""

import argparse
import os
import re
import subprocess
import time

import common

FILTER = '/comm == "getppid_loop"/'
EMPTY = f"tracepoint:syscalls:sys_enter_getppid {FILTER} {{ }}"
PRINTF = f'tracepoint:syscalls:sys_enter_getppid {FILTER} {{ printf("%d\\n", pid); }}'


ROUNDS = 5


def run_loop(binary, calls):
    """ns per call of the fastest of ROUNDS rounds of calls / ROUNDS calls:
    the round least disturbed by the machine's other work."""
    out = subprocess.run([binary, str(calls // ROUNDS), str(ROUNDS)], capture_output=True, text=True,
                         check=True).stdout
    return float(out.strip())


def traced(argv, binary, calls, discard=False, stats=False):
    """Runs the loop under a tool; returns (delivered, lost, ns per call,
    in-kernel ns per event or None); delivered is None when discarded."""
    existing = {p["id"] for p in common.programs()} if stats else set()
    with common.workdir() as work:
        run = common.Run(argv, work, stdout_path=os.devnull if discard else None)
        if not run.wait_attached(timeout=5 if discard else 120) and run.proc.poll() is not None:
            raise SystemExit(f"{argv[0]} ended before attaching: {run.stderr()[-2000:]}")
        time.sleep(0.3)
        mine = {p["id"] for p in common.programs()} - existing if stats else set()
        before = common.program_stats(mine) if stats else {}
        per_call = run_loop(binary, calls)
        after = common.program_stats(mine) if stats else {}
        time.sleep(1)
        run.stop()
        kernel = common.busiest(before, after) if stats else None
        if discard:
            return None, None, per_call, kernel and kernel[0]
        lines = lost = 0
        for path in (run.out_path, run.err_path):
            with open(path, errors="replace") as f:
                for line in f:
                    m = re.search(r"Lost (\d+) events", line)
                    if m:
                        lost += int(m.group(1))
                    elif line.strip().isdigit():
                        lines += 1
    return lines, lost, per_call, kernel and kernel[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=1_000_000)
    common.add_tool_arguments(parser)
    args = parser.parse_args()
    common.require("bench/output_storm.py", [args.sonde, args.bpftrace], ["gcc", "bpftool"])
    with common.kernel_lock(args.lock), common.workdir() as work:
        binary = os.path.join(work, "getppid_loop")
        subprocess.run(["gcc", "-O2", "-o", binary, os.path.join(common.ROOT, "bench", "getppid_loop.c")], check=True)
        run_loop(binary, args.calls)  # warm up
        untraced = run_loop(binary, args.calls)
        tools = [("sonde", args.sonde), ("bpftrace", args.bpftrace)]
        cases = [("empty program (floor)", EMPTY, False), ("printf", PRINTF, False),
                 ("printf, stdout to /dev/null", PRINTF, True)]
        rows = [["untraced loop (floor)", "", "", "", f"{untraced:.0f}", "1.0x", "", ""]]
        for label, script, discard in cases:
            slowdowns = {}
            for tool, path in tools:
                delivered, lost, per_call, _ = traced([path, "-e", script], binary, args.calls, discard)
                with common.bpf_stats():
                    *_, kernel = traced([path, "-e", script], binary, args.calls, discard, stats=True)
                slowdowns[tool] = per_call / untraced
                count = lambda n: "" if n is None or script == EMPTY else f"{n:,}"
                rows.append([f"{label}", tool, count(delivered), count(lost), f"{per_call:.0f}",
                             f"{per_call / untraced:.1f}x", "" if kernel is None else f"{kernel:.0f}", ""])
            rows[-1][-1] = common.ratio(slowdowns["sonde"], slowdowns["bpftrace"])
    print(f"A printf on every getppid() of a loop of {args.calls:,} calls, stdout to a file; "
          f"{common.version(args.bpftrace)}; {common.machine()}\n")
    print(common.table(["case", "tool", "delivered", "lost", "loop ns/call", "slowdown",
                        "in-kernel ns/event", "slowdown ratio"], rows))


if __name__ == "__main__":
    main()
