#!/usr/bin/env python3
"""A long run of Sonde under steady load: does anything grow?

A paced workload makes getppid() calls at a steady rate (default 50,000 a
second) while Sonde runs a script that churns an lruhash map, prints a line
for every call, aggregates kernel and user stacks, and prints (stacks named)
and clears its maps every second. Every few seconds this samples Sonde's resident memory,
open file descriptors and threads, and the kernel's BPF programs, maps and
links. At the end it stops Sonde with SIGINT and checks:

- every call was either printed or reported lost (printed + lost == made),
- resident memory grew by at most --rss-slack MiB after the warm-up
  (the first sixth of the run, at least 5 s), and descriptors, threads and BPF objects
  did not grow at all,
- Sonde exited 0 and left no program, map or link behind.

It exits 1 naming what failed. A run of a bounded length, not a unit test:
CI runs it for one minute (.ci/run), the default is ten.

Usage: bench/soak.py [--seconds N] [--rate N] [--sonde PATH] [--rss-slack MiB]
Needs root and a build of sonde; bpftool for the BPF object counts.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time

SCRIPT = r"""
let @recent = lruhash(1024);
tracepoint:syscalls:sys_enter_getppid /pid == $1/ {
    @recent[tid, nsecs % 100000] = nsecs;
    @calls = count();
    @kernel_stacks[kstack(4)] = count();
    @user_stacks[ustack(4)] = count();
    printf("e %d\n", nsecs % 1000);
}
interval:s:1 {
    print(@calls);
    print(@user_stacks);
    print(@kernel_stacks);
    clear(@recent);
    clear(@kernel_stacks);
    clear(@user_stacks);
}
"""

# The workload: `rate` getppid() calls a second in batches of a millisecond's
# worth, for `seconds`; then it prints how many it made. It waits for a line
# on stdin first, so that calls start only once the probes are attached.
WORKLOAD = r"""
import os, sys, time
rate, seconds = int(sys.argv[1]), float(sys.argv[2])
sys.stdin.readline()
made, start = 0, time.monotonic()
while True:
    now = time.monotonic() - start
    if now >= seconds:
        break
    due = int(now * rate)
    while made < due:
        os.getppid()
        made += 1
    time.sleep(0.001)
print(made, flush=True)
"""


def bpf_objects():
    """The kernel's BPF programs of Sonde's naming and its BPF links, as
    bpftool counts them (None without bpftool)."""
    counts = {}
    for kind in ("prog", "link"):
        out = subprocess.run(["bpftool", "-j", kind, "show"], capture_output=True, text=True)
        if out.returncode != 0:
            counts[kind] = None
            continue
        items = json.loads(out.stdout or "[]")
        if kind == "prog":
            items = [i for i in items if str(i.get("name", "")).startswith("sonde_")]
        counts[kind] = len(items)
    return counts


def sample(pid):
    """Sonde's resident memory, descriptors, threads, and of its descriptors
    those that hold BPF programs, maps and links."""
    status = open(f"/proc/{pid}/status").read()
    rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) // 1024
    threads = int(re.search(r"Threads:\s+(\d+)", status).group(1))
    targets = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            targets.append(os.readlink(f"/proc/{pid}/fd/{fd}"))
        except OSError:
            pass
    return {
        "t": time.monotonic(), "rss_mib": rss, "fds": len(targets), "threads": threads,
        "prog": targets.count("anon_inode:bpf-prog"),
        "map": targets.count("anon_inode:bpf-map"),
        "link": targets.count("anon_inode:bpf_link"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--rate", type=int, default=50_000)
    parser.add_argument("--sonde", default="target/release/sonde")
    parser.add_argument("--every", type=float, default=5, help="seconds between samples")
    parser.add_argument("--rss-slack", type=float, default=8, help="MiB RSS may grow after warm-up")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("soak: needs root (it loads BPF programs)")

    before = bpf_objects()
    workload = subprocess.Popen(
        [sys.executable, "-c", WORKLOAD, str(args.rate), str(args.seconds)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    sonde = subprocess.Popen(
        [args.sonde, "-e", SCRIPT, str(workload.pid)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    printed, lost, attached = [0], [0], threading.Event()
    stderr_lines = []

    def read_stdout():
        for line in sonde.stdout:
            if line.startswith("e "):
                printed[0] += 1

    def read_stderr():
        for line in sonde.stderr:
            stderr_lines.append(line.rstrip("\n"))
            if line.startswith("Attached"):
                attached.set()
            m = re.match(r"Lost (\d+) events", line)
            if m:
                lost[0] += int(m.group(1))

    readers = [threading.Thread(target=f, daemon=True) for f in (read_stdout, read_stderr)]
    for r in readers:
        r.start()
    if not attached.wait(60):
        sonde.kill()
        workload.kill()
        sys.exit("soak: Sonde did not attach within 60 s: " + " | ".join(stderr_lines[-5:]))

    workload.stdin.write("go\n")
    workload.stdin.flush()
    samples = []
    end = time.monotonic() + args.seconds
    while time.monotonic() < end and workload.poll() is None:
        samples.append(sample(sonde.pid))
        time.sleep(min(args.every, max(0.0, end - time.monotonic())))
    made = int(workload.communicate(timeout=60)[0].strip() or 0)
    # The ring buffer drains within the next poll; give it a moment.
    time.sleep(1.5)
    samples.append(sample(sonde.pid))
    sonde.send_signal(signal.SIGINT)
    try:
        rc = sonde.wait(timeout=30)
    except subprocess.TimeoutExpired:
        sonde.kill()
        rc = "killed after 30 s"
    for r in readers:
        r.join(timeout=10)
    after = bpf_objects()

    failures = []
    # Warm-up: the first sixth of the run, at least 5 s (the first print
    # names stacks, which reads the binaries' symbols once).
    t0 = samples[0]["t"]
    warm_up = max(5.0, args.seconds / 6)
    warm = next((s for s in samples if s["t"] - t0 >= warm_up), samples[-1])
    last = samples[-1]
    print(f"soak: {args.seconds:.0f} s at {args.rate}/s: made {made}, printed {printed[0]}, lost {lost[0]}")
    print("soak: sample  t(s)  rss(MiB)  fds  threads  progs  maps  links")
    for s in samples[:: max(1, len(samples) // 12)] + ([last] if len(samples) > 12 else []):
        print(f"soak:        {s['t'] - t0:5.0f}  {s['rss_mib']:8}  {s['fds']:3}  {s['threads']:7}"
              f"  {s['prog']!s:>5}  {s['map']!s:>4}  {s['link']!s:>5}")
    if made == 0:
        failures.append("the workload made no calls")
    if printed[0] + lost[0] != made:
        failures.append(f"printed {printed[0]} + lost {lost[0]} != made {made}")
    growth = last["rss_mib"] - warm["rss_mib"]
    print(f"soak: growth after warm-up: rss {growth:+} MiB, fds {last['fds'] - warm['fds']:+}, "
          f"threads {last['threads'] - warm['threads']:+}")
    if growth > args.rss_slack:
        failures.append(f"resident memory grew {growth} MiB after warm-up (allowed {args.rss_slack})")
    for key in ("fds", "threads", "prog", "map", "link"):
        if last[key] != warm[key]:
            failures.append(f"{key} went from {warm[key]} to {last[key]}")
    if rc != 0:
        failures.append(f"sonde exited {rc}: " + " | ".join(stderr_lines[-5:]))
    for kind in ("prog", "link"):
        if before[kind] is not None and after[kind] != before[kind]:
            failures.append(f"{after[kind] - before[kind]} BPF {kind}(s) left behind")
    for f in failures:
        print(f"soak: FAIL: {f}")
    if not failures:
        print("soak: ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
