#!/usr/bin/env python3
"""Attach time of wildcard probes, Sonde against bpftrace side by side.

For each script, each tool in turn: wall time from exec until the tool says
its probes are attached, and until it has exited after a SIGINT sent then
(detaching included). A tool that refuses the script is reported with the
time it took to refuse and the first line of its message. The first row is
the floor: one tracepoint. A benchmark, not a test: it never fails on
numbers.

Usage: bench/attach_time.py [--runs N] [--sonde PATH] [--bpftrace PATH]
Needs root, bpftrace (0.17 or later) and a release build of sonde.
"""

import argparse
import re
import statistics

import common

SCRIPTS = [
    ("one tracepoint (floor)", "tracepoint:syscalls:sys_enter_getppid { @[probe] = count(); }"),
    ("tracepoint wildcard", "tracepoint:syscalls:sys_enter_* { @[probe] = count(); }"),
    ("uprobe `str*`, `probe`", "uprobe:libc:str* { @[probe] = count(); }"),
    ("uprobe `str*`, `func`", "uprobe:libc:str* { @[func] = count(); }"),
    ("uprobe `*`, `func`", "uprobe:libc:* { @[func] = count(); }"),
]


def once(argv):
    """(attached after s or None, exited after s, probes, refusal text)."""
    with common.workdir() as work:
        run = common.Run(argv, work)
        attached = run.wait_attached(timeout=600, poll=0.002)
        _, ended = run.stop()
        text = run.stderr()
        with open(run.out_path, errors="replace") as f:
            text += f.read(1 << 16)
    found = common.ATTACHED.search(text)
    probes = int(re.search(r"\d+", found.group(0)).group(0)) if found else None
    refusal = None
    if not attached:
        lines = [line for line in text.splitlines() if line.strip() and "RLIMIT" not in line and "WARNING" not in line]
        errors = [line for line in lines if "rror" in line]
        refusal = (errors or lines or ["no output"])[0].strip()
    return (run.attached_at - run.started if attached else None), ended, probes, refusal


def describe(results):
    attached = [a for a, *_ in results if a is not None]
    ended = statistics.median(e for _, e, *_ in results)
    if len(attached) < len(results):
        refusal = next(r for *_, r in results if r)
        return None, f"refused after {ended:.2f} s: {refusal[:90]}", ended
    probes = results[0][2]
    return statistics.median(attached), f"{statistics.median(attached):.2f} s ({probes} probes)", ended


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1, help="interleaved runs per tool; the median is kept")
    common.add_tool_arguments(parser)
    args = parser.parse_args()
    common.require("bench/attach_time.py", [args.sonde, args.bpftrace])
    rows = []
    for label, script in SCRIPTS:
        results = {"sonde": [], "bpftrace": []}
        for _ in range(args.runs):
            with common.kernel_lock(args.lock):
                results["sonde"].append(once([args.sonde, "-e", script]))
            results["bpftrace"].append(once([args.bpftrace, "-e", script]))
        s_at, s_text, s_end = describe(results["sonde"])
        b_at, b_text, b_end = describe(results["bpftrace"])
        rows.append([f"{label}: `{script}`", s_text, f"{s_end:.2f} s", b_text, f"{b_end:.2f} s",
                     common.ratio(s_at, b_at), common.ratio(s_end, b_end)])
    print(f"Attach time: exec to attached, and to exit after a SIGINT then; median of {args.runs} runs; "
          f"{common.version(args.bpftrace)}; {common.machine()}\n")
    print(common.table(["script", "sonde attached", "sonde exited", "bpftrace attached", "bpftrace exited",
                        "attached ratio", "exited ratio"], rows))


if __name__ == "__main__":
    main()
