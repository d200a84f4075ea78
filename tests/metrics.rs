//! `--metrics` against a real Prometheus server: Sonde runs a script whose
//! maps count a workload of known counts (this process's own `lseek`
//! calls, with offsets it chooses), a Prometheus started here on loopback
//! scrapes it every second, and Prometheus' query API must give back the
//! counts and the `histogram_quantile` of the known distribution. Both
//! processes are stopped and the Prometheus data directory removed, even
//! when the test fails.
//!
//! Live kernel: run as root and under the kernel lock,
//! `flock /tmp/sonde-kernel.lock cargo test --test metrics`; needs
//! `/usr/bin/prometheus` (Debian's `prometheus` package, in .ci/commands).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const PROMETHEUS: &str = "/usr/bin/prometheus";

/// lseek offsets and how many calls make each: 100 in hist's [64, 128),
/// 300 in [512, 1024).
const WORKLOAD: [(i64, u64); 2] = [(100, 100), (1000, 300)];

fn require_root() {
    // SAFETY: geteuid has no preconditions.
    let euid = unsafe { libc::geteuid() };
    assert_eq!(
        euid, 0,
        "the metrics test needs the live kernel: run as root, under \
         flock /tmp/sonde-kernel.lock"
    );
}

/// A loopback port nobody listens on now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("cannot find a free port: {e}"))
}

/// A child stopped (SIGINT, then SIGKILL after 10 s) and reaped when dropped.
struct Running {
    name: &'static str,
    child: Child,
}

impl Running {
    fn stop(&mut self) -> Option<std::process::ExitStatus> {
        if let Ok(Some(status)) = self.child.try_wait() {
            return Some(status);
        }
        // SAFETY: kill(2) on our own child's pid.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGINT) };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        eprintln!("{} did not stop on SIGINT: killed", self.name);
        let _ = self.child.kill();
        self.child.wait().ok()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A temporary directory removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// GET `path` from 127.0.0.1:`port`: (status line, headers and body).
fn get(port: u16, path: &str) -> std::io::Result<(String, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    Ok((head.to_string(), body.to_string()))
}

/// A query string's value, percent-encoded.
fn encoded(query: &str) -> String {
    query
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'.' | b'-' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The value of an instant query's first sample, when it has one.
fn query(port: u16, promql: &str) -> Option<f64> {
    let (_, body) = get(port, &format!("/api/v1/query?query={}", encoded(promql))).ok()?;
    // {"status":"success","data":{"resultType":"vector","result":[{"metric":{...},"value":[T,"V"]}]}}
    let at = body.find("\"value\":[")?;
    let rest = &body[at..];
    let start = rest.find(",\"")? + 2;
    let end = start + rest[start..].find('"')?;
    rest[start..end].parse().ok()
}

/// Waits up to `secs` for `promql` to give `want` (within 0.01); the last
/// value seen otherwise.
fn wait_for(port: u16, promql: &str, want: f64, secs: u64) -> Option<f64> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut last = None;
    while Instant::now() < deadline {
        last = query(port, promql);
        if last.is_some_and(|v| (v - want).abs() < 0.01) {
            break;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    last
}

fn workload() {
    let path = c"/dev/null";
    // SAFETY: open(2) of a C string; the descriptor is closed below.
    let fd = unsafe { libc::open(path.as_ptr(), libc::O_RDONLY) };
    assert!(fd >= 0, "cannot open /dev/null");
    for (offset, calls) in WORKLOAD {
        for _ in 0..calls {
            // SAFETY: lseek(2) on the descriptor opened above.
            unsafe { libc::lseek(fd, offset, libc::SEEK_SET) };
        }
    }
    // SAFETY: the descriptor opened above, closed once.
    unsafe { libc::close(fd) };
}

#[test]
fn prometheus_scrapes_the_maps_of_a_running_script() {
    require_root();
    assert!(
        std::path::Path::new(PROMETHEUS).is_file(),
        "{PROMETHEUS} is missing: apt-get install prometheus (see .ci/commands)"
    );
    let (metrics_port, prometheus_port) = (free_port(), free_port());
    let script = "tracepoint:syscalls:sys_enter_lseek /pid == $1/ {
        @seeks = count();
        @by_offset[args.offset] = count();
        @offsets = hist(args.offset);
    }";
    let mut sonde = Running {
        name: "sonde",
        child: Command::new(env!("CARGO_BIN_EXE_sonde"))
            .args([
                "--metrics",
                &format!("127.0.0.1:{metrics_port}"),
                "-e",
                script,
            ])
            .arg(std::process::id().to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run sonde: {e}")),
    };
    // Its stderr, line by line: the workload starts once it is attached.
    let stderr = sonde.child.stderr.take().unwrap_or_else(|| unreachable!());
    let (lines, said) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let mut messages = Vec::new();
    loop {
        match said.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if line.starts_with("Attached") => break,
            Ok(line) => messages.push(line),
            Err(_) => panic!("sonde never attached; it said: {messages:?}"),
        }
    }
    workload();

    // The endpoint itself: OpenMetrics, the exact counts.
    let (head, body) = get(metrics_port, "/metrics").unwrap_or_else(|e| panic!("scrape: {e}"));
    assert!(head.contains("200"), "{head}");
    assert!(head.contains("application/openmetrics-text"), "{head}");
    assert!(
        body.contains("# TYPE sonde_seeks counter\nsonde_seeks_total 400\n"),
        "{body}"
    );
    assert!(
        body.contains("sonde_by_offset_total{offset=\"100\"} 100\n"),
        "{body}"
    );
    assert!(body.ends_with("# EOF\n"), "{body}");
    let (head, _) = get(metrics_port, "/").unwrap_or_else(|e| panic!("GET /: {e}"));
    assert!(head.contains("404"), "{head}");

    let dir =
        TempDir(std::env::temp_dir().join(format!("sonde-prometheus-{}", std::process::id())));
    std::fs::create_dir_all(dir.0.join("data")).unwrap_or_else(|e| panic!("temp dir: {e}"));
    let config = dir.0.join("prometheus.yml");
    std::fs::write(
        &config,
        format!(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n\
             scrape_configs:\n  - job_name: sonde\n    static_configs:\n      \
             - targets: ['127.0.0.1:{metrics_port}']\n"
        ),
    )
    .unwrap_or_else(|e| panic!("cannot write the config: {e}"));
    let mut prometheus = Running {
        name: "prometheus",
        child: Command::new(PROMETHEUS)
            .arg(format!("--config.file={}", config.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.0.join("data").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{prometheus_port}"))
            .arg("--log.level=warn")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {PROMETHEUS}: {e}")),
    };

    let up = wait_for(prometheus_port, "up{job=\"sonde\"}", 1.0, 60);
    assert_eq!(up, Some(1.0), "Prometheus never scraped Sonde");
    let seeks = wait_for(prometheus_port, "sonde_seeks_total", 400.0, 30);
    assert_eq!(seeks, Some(400.0));
    let by_offset = wait_for(
        prometheus_port,
        "sonde_by_offset_total{offset=\"1000\"}",
        300.0,
        30,
    );
    assert_eq!(by_offset, Some(300.0));
    // Buckets le 127 (100), 255, 511 (still 100), 1023 (400), +Inf: the
    // median is a third into the bucket (511, 1023]: 511 + 512 / 3.
    let median = 511.0 + 512.0 / 3.0;
    let quantile = wait_for(
        prometheus_port,
        "histogram_quantile(0.5, sonde_offsets_bucket)",
        median,
        30,
    );
    assert!(
        quantile.is_some_and(|q| (q - median).abs() < 0.01),
        "histogram_quantile(0.5) = {quantile:?}, want {median}"
    );
    let count = wait_for(prometheus_port, "sonde_offsets_count", 400.0, 30);
    assert_eq!(count, Some(400.0));
    // The probes add up the values too: the average is _sum / _count.
    let sum: f64 = WORKLOAD
        .iter()
        .map(|(offset, n)| (*offset * *n as i64) as f64)
        .sum();
    let total = wait_for(prometheus_port, "sonde_offsets_sum", sum, 30);
    assert_eq!(total, Some(sum));

    assert!(prometheus.stop().is_some(), "prometheus did not stop");
    let status = sonde.stop().unwrap_or_else(|| panic!("sonde did not stop"));
    assert!(status.success(), "sonde exited with {status}");
    // The printed output is unchanged by the endpoint.
    let mut stdout = String::new();
    if let Some(mut out) = sonde.child.stdout.take() {
        let _ = out.read_to_string(&mut stdout);
    }
    assert!(stdout.contains("@seeks: 400\n"), "{stdout}");
    assert!(stdout.contains("@by_offset[1000]: 300\n"), "{stdout}");
}

#[test]
fn a_port_in_use_is_one_error_before_anything_is_attached() {
    require_root();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("bind: {e}"));
    let port = taken.local_addr().map(|a| a.port()).unwrap_or(0);
    let output = Command::new(env!("CARGO_BIN_EXE_sonde"))
        .args([
            "--metrics",
            &port.to_string(),
            "-e",
            "BEGIN { printf(\"ran\\n\"); }",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run sonde: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot serve metrics on 127.0.0.1:{port}")),
        "{stderr}"
    );
    assert!(!stderr.contains("Attach"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn a_bad_address_is_a_usage_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_sonde"))
        .args(["--metrics", "nowhere:99", "-e", "BEGIN { }"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run sonde: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("--metrics: 'nowhere:99' is not"),
        "{stderr}"
    );
}
