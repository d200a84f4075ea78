#!/usr/bin/env python3
"""In-kernel cost per event, Sonde against bpftrace side by side.

For each script, each tool in turn: start it, wait until its probes are
attached, run a fixed workload (dd doing 300,000 reads and writes of 64
bytes), then read from `bpftool prog show --json` the tool's programs
(by PID): run_time_ns / run_cnt (kernel.bpf_stats_enabled is switched on
for the run and restored after) and the translated size (bytes_xlated).
A benchmark, not a test: it never fails on numbers.

Usage: bench/kernel_cost.py [--sonde PATH] [--bpftrace PATH] [--rounds N]
Needs root, bpftool, bpftrace and a release build of sonde; nothing else
should load BPF programs while it runs.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time

# (name, sonde script, bpftrace 0.17 script: it spells args-> where Sonde also takes args.)
SCRIPTS = [
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


def all_programs():
    out = subprocess.run(["bpftool", "prog", "show", "--json"], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def measure(argv, attached_marker, stream):
    """Runs one tool on the workload; returns (ns per event, xlated bytes)."""
    # bpftool here cannot say which process owns a program: the tool's
    # programs are the ones that appear while it runs.
    existing = {p["id"] for p in all_programs()}
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE if stream == "stdout" else subprocess.DEVNULL,
                            stderr=subprocess.PIPE if stream == "stderr" else subprocess.DEVNULL, text=True)
    pipe = proc.stdout if stream == "stdout" else proc.stderr
    deadline = time.time() + 30
    while time.time() < deadline:
        line = pipe.readline()
        if not line or attached_marker in line:
            break
    time.sleep(0.5)
    mine = lambda: [p for p in all_programs() if p["id"] not in existing]
    before = {p["id"]: (p.get("run_time_ns", 0), p.get("run_cnt", 0)) for p in mine()}
    subprocess.run(WORKLOAD, check=True)
    progs = mine()
    proc.send_signal(signal.SIGINT)
    try:
        proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
    # The probed program (the one that ran): BEGIN/END helpers never run here.
    ran = []
    for p in progs:
        t0, c0 = before.get(p["id"], (0, 0))
        runs = p.get("run_cnt", 0) - c0
        if runs > 0:
            ran.append(((p.get("run_time_ns", 0) - t0) / runs, p.get("bytes_xlated", 0)))
    if not ran:
        sys.exit(f"no program of {argv[0]} ran; is the workload hitting the probe?")
    return max(ran, key=lambda r: r[1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--sonde", default=os.path.join(root, "target", "release", "sonde"))
    parser.add_argument("--bpftrace", default=shutil.which("bpftrace") or "bpftrace")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs per tool; the median is kept")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench/kernel_cost.py: needs root")
    for tool in ("bpftool", args.bpftrace, args.sonde):
        if not shutil.which(tool) and not os.access(tool, os.X_OK):
            sys.exit(f"bench/kernel_cost.py: {tool} not found")

    with open("/proc/sys/kernel/bpf_stats_enabled") as f:
        saved = f.read().strip()
    with open("/proc/sys/kernel/bpf_stats_enabled", "w") as f:
        f.write("1")
    try:
        rows = []
        for name, sonde_script, bpftrace_script in SCRIPTS:
            results = {"sonde": [], "bpftrace": []}
            for _ in range(args.rounds):
                results["sonde"].append(measure([args.sonde, "-e", sonde_script], "Attached", "stderr"))
                results["bpftrace"].append(measure([args.bpftrace, "-e", bpftrace_script or sonde_script], "Attaching", "stdout"))
            med = {tool: sorted(r)[len(r) // 2] for tool, r in results.items()}
            rows.append((name, med["sonde"], med["bpftrace"]))
    finally:
        with open("/proc/sys/kernel/bpf_stats_enabled", "w") as f:
            f.write(saved)

    version = subprocess.run([args.bpftrace, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"In-kernel cost per event and translated size; {version}; median of {args.rounds} rounds\n")
    print("| script | sonde ns/event | bpftrace ns/event | ratio | sonde xlated | bpftrace xlated | ratio |")
    print("|---|---|---|---|---|---|---|")
    for name, (sn, sx), (bn, bx) in rows:
        print(f"| `{name}` | {sn:.0f} | {bn:.0f} | {sn / bn:.2f} | {sx} B | {bx} B | {sx / bx:.2f} |")


if __name__ == "__main__":
    main()
