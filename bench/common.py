"""What the side-by-side benchmarks share: running a tracer until its probes
are attached, stopping it whatever its version does with SIGINT, the
kernel's per-program statistics, and the Markdown tables.

Any bpftrace from 0.17 to 0.27 is driven the same way: 0.17 says
"Attaching N probes..." on stdout, 0.27 "Attached N probes" on stderr, and
Sonde "Attached N probes" on stderr. The tools' stdout and stderr go to files
(never to a pipe we might stop reading, which would block the tool).
"""

import contextlib
import fcntl
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ATTACHED = re.compile(r"Attach(ing|ed) \d+ probes?")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SONDE = os.path.join(ROOT, "target", "release", "sonde")


def default_bpftrace():
    return shutil.which("bpftrace") or "/usr/bin/bpftrace"


def add_tool_arguments(parser):
    parser.add_argument("--sonde", default=DEFAULT_SONDE)
    parser.add_argument("--bpftrace", default=default_bpftrace())
    parser.add_argument("--lock", default="", help="flock this file while Sonde runs (the kernel lock of the e2e suite)")


@contextlib.contextmanager
def kernel_lock(path):
    """Holds `path` locked (flock) for the block; nothing if `path` is empty.
    Sonde's runs are made under it so that they never overlap a test suite
    that checks no Sonde program is loaded."""
    if not path:
        yield
        return
    with open(path, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def require(program, tools, extra=()):
    """Exits with a message unless we are root and every tool runs."""
    if os.geteuid() != 0:
        sys.exit(f"{program}: needs root (it loads BPF programs)")
    for tool in list(tools) + list(extra):
        if not shutil.which(tool) and not os.access(tool, os.X_OK):
            sys.exit(f"{program}: {tool} not found (cargo build --release; apt-get install bpftrace bpftool)")


def version(bpftrace):
    """`bpftrace v0.17.0`; a wrapper's warnings on stderr are left out."""
    out = subprocess.run([bpftrace, "--version"], capture_output=True, text=True).stdout
    found = re.search(r"bpftrace v?[\w.\-]+", out)
    return found.group(0) if found else out.strip() or bpftrace


class Run:
    """One tracer process, its stdout and stderr in files of `workdir`."""

    def __init__(self, argv, workdir, stdout_path=None):
        self.argv = argv
        self.out_path = stdout_path or os.path.join(workdir, "out")
        self.err_path = os.path.join(workdir, "err")
        self.started = time.perf_counter()
        self.attached_at = None
        with open(self.out_path, "w") as out, open(self.err_path, "w") as err:
            # A session of its own, signalled as a group: bpftrace-current is a
            # wrapper whose PID is not bpftrace's, so a signal to the PID alone
            # never reaches the tracer.
            self.proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                         start_new_session=True)

    def _seen(self):
        text = ""
        for path in (self.err_path, self.out_path):
            if path == os.devnull:
                continue
            with open(path, errors="replace") as f:
                text += f.read(1 << 16)
        return text

    def wait_attached(self, timeout=120, poll=0.005):
        """True once the attach marker is out (`attached_at` set); False if the
        tool exited first or `timeout` passed."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if ATTACHED.search(self._seen()):
                self.attached_at = time.perf_counter()
                return True
            if self.proc.poll() is not None:
                return False
            time.sleep(poll)
        return False

    def stop(self):
        """SIGINT, then SIGTERM, then SIGKILL: bpftrace 0.17 sometimes ignores
        a SIGINT that comes while it attaches. Returns the signal that ended
        it ("exited" if it had ended already) and the wall time until then."""
        ended_by = "exited"
        for sig, grace in ((signal.SIGINT, 30), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            if self.proc.poll() is not None:
                break
            ended_by = sig.name
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                continue
        self.proc.wait()
        return ended_by, time.perf_counter() - self.started

    def stderr(self):
        with open(self.err_path, errors="replace") as f:
            return f.read()


@contextlib.contextmanager
def workdir():
    path = tempfile.mkdtemp(prefix="sonde-bench-")
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def programs():
    out = subprocess.run(["bpftool", "prog", "show", "--json"], capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def program_stats(ids):
    """{id: (run_time_ns, run_cnt, bytes_xlated)} of the programs `ids`."""
    return {
        p["id"]: (p.get("run_time_ns", 0), p.get("run_cnt", 0), p.get("bytes_xlated", 0))
        for p in programs()
        if p["id"] in ids
    }


@contextlib.contextmanager
def bpf_stats():
    """kernel.bpf_stats_enabled on for the block, as it was after."""
    path = "/proc/sys/kernel/bpf_stats_enabled"
    with open(path) as f:
        saved = f.read().strip()
    with open(path, "w") as f:
        f.write("1")
    try:
        yield
    finally:
        with open(path, "w") as f:
            f.write(saved)


def busiest(before, after):
    """(ns per run, xlated bytes) of the program that ran most between two
    `program_stats` samples, or None if none ran."""
    best = None
    for pid, (t1, c1, x) in after.items():
        t0, c0, _ = before.get(pid, (0, 0, 0))
        runs = c1 - c0
        if runs > 0 and (best is None or runs > best[0]):
            best = (runs, (t1 - t0) / runs, x)
    return None if best is None else (best[1], best[2])


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "-"
    return f"{a / b:.2f}"


def table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def machine():
    kernel = os.uname().release
    return f"{os.cpu_count()} CPUs, Linux {kernel}"
