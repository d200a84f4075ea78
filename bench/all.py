#!/usr/bin/env python3
"""Every side-by-side benchmark against one or more bpftrace binaries, written
as docs/performance.md (or printed with --out -).

Each benchmark runs as its own process and takes the kernel lock (--lock,
'' for none) while Sonde runs: startup and attach_time around each Sonde
run only, kernel_cost and output_storm for their whole run (about a minute
each; they find the tools' programs as those that appear while each runs).
The tables replace what is between the markers of docs/performance.md
(`<!-- bench/all.py -->` and `<!-- end bench/all.py -->`), so the prose
around them stays; a file without the markers is written whole.

Usage: bench/all.py --bpftrace PATH [--bpftrace PATH ...] [--sonde PATH]
                    [--lock FILE] [--out FILE] [--only NAME ...]
Needs root, bpftool, gcc, dd and a release build of sonde.
"""

import argparse
import datetime
import os
import shlex
import subprocess
import sys

import common

BENCHMARKS = ["startup", "attach_time", "kernel_cost", "output_storm"]

BEGIN = "<!-- bench/all.py -->"
END = "<!-- end bench/all.py -->"


def run(benchmark, args, bpftrace):
    argv = [sys.executable, os.path.join(common.ROOT, "bench", f"{benchmark}.py"),
            "--sonde", args.sonde, "--bpftrace", bpftrace, "--lock", args.lock]
    print(f"bench/all.py: {' '.join(shlex.quote(a) for a in argv)}", file=sys.stderr)
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode != 0:
        return f"(failed, exit {done.returncode}: {done.stderr.strip()[-500:]})"
    return done.stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sonde", default=common.DEFAULT_SONDE)
    parser.add_argument("--bpftrace", action="append", help="a bpftrace binary (repeatable)")
    parser.add_argument("--lock", default="/tmp/sonde-kernel.lock", help="the kernel lock ('' for none)")
    parser.add_argument("--out", default=os.path.join(common.ROOT, "docs", "performance.md"))
    parser.add_argument("--only", action="append", choices=BENCHMARKS)
    args = parser.parse_args()
    bpftraces = args.bpftrace or [common.default_bpftrace()]
    common.require("bench/all.py", [args.sonde] + bpftraces, ["bpftool", "gcc", "dd"])

    command = "bench/all.py " + " ".join(f"--bpftrace {shlex.quote(b)}" for b in bpftraces)
    sonde = subprocess.run([args.sonde, "--version"], capture_output=True, text=True).stdout.strip()
    commit = subprocess.run(["git", "-C", common.ROOT, "log", "-1", "--format=%h"], capture_output=True,
                            text=True).stdout.strip()
    parts = [f"Made by `{command}` on {datetime.date.today()}: {sonde} at commit {commit}; {common.machine()}.\n"]
    for bpftrace in bpftraces:
        parts.append(f"### Against {common.version(bpftrace)} (`{bpftrace}`)\n")
        for benchmark in args.only or BENCHMARKS:
            parts.append(f"#### {benchmark}\n\n{run(benchmark, args, bpftrace)}\n")
    tables = "\n".join(parts)
    if args.out == "-":
        print(tables)
        return
    try:
        with open(args.out) as f:
            old = f.read()
    except FileNotFoundError:
        old = ""
    if BEGIN in old and END in old:
        text = old[: old.index(BEGIN) + len(BEGIN)] + "\n" + tables + "\n" + old[old.index(END):]
    else:
        text = f"# Performance: Sonde and bpftrace side by side\n\n{BEGIN}\n{tables}\n{END}\n"
    with open(args.out, "w") as f:
        f.write(text)
    print(f"bench/all.py: wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
