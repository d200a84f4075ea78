#!/usr/bin/env python3
"""Output under load, Sonde against bpftrace side by side.

A loop of one million getppid() calls (bench/getppid_loop.c, built here with
gcc) runs untraced, then traced by each tool with a printf on every call.
Reported: events delivered (lines the tool wrote to its stdout, a file), events lost
(the tool's "Lost N events" reports), and the loop's cost per call against
the untraced run. A benchmark, not a test.

Usage: bench/output_storm.py [--calls N] [--sonde PATH] [--bpftrace PATH]
Needs root, gcc, bpftrace and a release build of sonde.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SCRIPT = 't:syscalls:sys_enter_getppid /comm == "getppid_loop"/ { printf("%d\\n", pid); }'
BPFTRACE_SCRIPT = 'tracepoint:syscalls:sys_enter_getppid /comm == "getppid_loop"/ { printf("%d\\n", pid); }'


def run_loop(binary, calls):
    out = subprocess.run([binary, str(calls)], capture_output=True, text=True, check=True).stdout
    return float(out.strip())


def traced(argv, marker, binary, calls, workdir, discard=False):
    """Runs the loop under a tool whose stdout and stderr go to files (so no
    reader of ours can slow it down), or stdout to /dev/null with `discard`;
    returns (delivered, lost, ns per call); delivered is None when discarded."""
    out_path, err_path = os.path.join(workdir, "out"), os.path.join(workdir, "err")
    with open(os.devnull if discard else out_path, "w") as out, open(err_path, "w") as err:
        proc = subprocess.Popen(argv, stdout=out, stderr=err)
        deadline = time.time() + (3 if discard and marker == "never-seen" else 30)
        while time.time() < deadline:
            with open(err_path) as e:
                seen = e.read(4096)
            if not discard:
                with open(out_path) as o:
                    seen += o.read(4096)
            if marker in seen:
                break
            time.sleep(0.05)
        time.sleep(0.5)
        per_call = run_loop(binary, calls)
        time.sleep(1)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=120)
    if discard:
        time.sleep(0)
        return None, None, per_call
    lines = lost = 0
    for path in (out_path, err_path):
        with open(path) as f:
            for line in f:
                m = re.match(r"Lost (\d+) events", line)
                if m:
                    lost += int(m.group(1))
                elif line.strip().isdigit():
                    lines += 1
    return lines, lost, per_call


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--calls", type=int, default=1_000_000)
    parser.add_argument("--sonde", default=os.path.join(root, "target", "release", "sonde"))
    parser.add_argument("--bpftrace", default=shutil.which("bpftrace") or "bpftrace")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench/output_storm.py: needs root")
    workdir = tempfile.mkdtemp(prefix="sonde-bench-")
    binary = os.path.join(workdir, "getppid_loop")
    subprocess.run(["gcc", "-O2", "-o", binary, os.path.join(root, "bench", "getppid_loop.c")], check=True)

    untraced = run_loop(binary, args.calls)
    rows = [
        ("sonde",) + traced([args.sonde, "-e", SCRIPT], "Attached", binary, args.calls, workdir),
        ("bpftrace",) + traced([args.bpftrace, "-e", BPFTRACE_SCRIPT], "Attaching", binary, args.calls, workdir),
    ]
    version = subprocess.run([args.bpftrace, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"printf on every getppid() of a loop of {args.calls:,} calls; {version}; untraced {untraced:.0f} ns/call\n")
    print("| tool | delivered | lost | ns/call traced | slowdown |")
    print("|---|---|---|---|---|")
    for tool, lines, lost, per_call in rows:
        print(f"| {tool} | {lines:,} | {lost:,} | {per_call:.0f} | {per_call / untraced:.1f}x |")
    sonde_slow, bpftrace_slow = rows[0][3] / untraced, rows[1][3] / untraced
    print(f"\nSonde's slowdown is {sonde_slow / bpftrace_slow:.2f} of bpftrace's.")
    # bpftrace 0.17 says "Attaching" on stdout: with stdout discarded, wait a
    # fixed time instead of for the marker.
    sonde = traced([args.sonde, "-e", SCRIPT], "Attached", binary, args.calls, workdir, discard=True)[2]
    bpftrace = traced([args.bpftrace, "-e", BPFTRACE_SCRIPT], "never-seen", binary, args.calls, workdir, discard=True)[2]
    print(f"\nWith stdout to /dev/null: sonde {sonde:.0f} ns/call ({sonde / untraced:.1f}x), "
          f"bpftrace {bpftrace:.0f} ns/call ({bpftrace / untraced:.1f}x): "
          f"Sonde's slowdown is {(sonde / untraced) / (bpftrace / untraced):.2f} of bpftrace's.")


if __name__ == "__main__":
    main()
