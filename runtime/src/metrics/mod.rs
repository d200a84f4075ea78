//! `--metrics ADDR:PORT`: the script's maps served over HTTP at `/metrics`
//! in the OpenMetrics text format while the script runs.
//!
//! The server is a thread of its own that reads the maps itself, through
//! descriptors of its own (`ScriptMaps::reader`): a scrape is a bpf(2)
//! lookup per key, which the kernel serves beside the probes' updates, so
//! the event loop never waits for a scrape and never stops draining the
//! ring buffer (asking the event loop for a snapshot would hold it for as
//! long as a large map takes to read). Its own `Symbolizer` names the
//! stacks and symbols in keys (the event loop's is not shared: it caches
//! in `Rc`s). The endpoint is bound before anything is loaded, so a port
//! in use ends the run before any probe is attached.

mod encode;

use crate::maps::{MapReader, ScriptMaps};
use crate::symbols::Symbolizer;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;

pub use encode::{Snapshot, encode};

/// OpenMetrics 1.0's media type.
const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// The listening socket, bound and not yet serving.
pub struct Endpoint {
    server: tiny_http::Server,
    address: SocketAddr,
}

impl Endpoint {
    /// Binds `address`; a bad address or a port in use is the error.
    pub fn bind(address: SocketAddr) -> Result<Endpoint, String> {
        let server = tiny_http::Server::http(address)
            .map_err(|e| format!("cannot serve metrics on {address}: {e}"))?;
        Ok(Endpoint { server, address })
    }

    /// Serves `maps` until the returned guard is dropped.
    pub fn serve(self, maps: &ScriptMaps, debug_dirs: Vec<PathBuf>) -> Result<Serving, String> {
        let reader = maps
            .reader()
            .map_err(|e| format!("cannot serve metrics on {}: {e}", self.address))?;
        let server = Arc::new(self.server);
        let serving = Arc::clone(&server);
        let thread = std::thread::Builder::new()
            .name("sonde-metrics".into())
            .spawn(move || serve(&serving, &reader, debug_dirs))
            .map_err(|e| format!("cannot start the metrics server: {e}"))?;
        Ok(Serving {
            server,
            thread: Some(thread),
        })
    }
}

/// The server at work; dropping it stops it (and closes its descriptors
/// of the maps) before the run returns.
pub struct Serving {
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Serving {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn serve(server: &tiny_http::Server, reader: &MapReader, debug_dirs: Vec<PathBuf>) {
    let symbols = Symbolizer::with_debug_dirs(debug_dirs);
    let mut snapshot = Snapshot::default();
    // `recv` fails once `unblock` is called: the run is over.
    while let Ok(request) = server.recv() {
        let response = respond(&request, reader, &symbols, &mut snapshot);
        // A scraper that went away is no concern of the run's.
        let _ = request.respond(response);
    }
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn respond(
    request: &tiny_http::Request,
    reader: &MapReader,
    symbols: &Symbolizer,
    snapshot: &mut Snapshot,
) -> Response {
    let path = request.url().split('?').next().unwrap_or("");
    let text =
        |status: u16, body: String| tiny_http::Response::from_string(body).with_status_code(status);
    if path != "/metrics" {
        return text(404, "not found: the metrics are at /metrics\n".into());
    }
    if !matches!(
        request.method(),
        tiny_http::Method::Get | tiny_http::Method::Head
    ) {
        return text(405, "only GET and HEAD\n".into());
    }
    snapshot.maps.clear();
    for (index, spec) in reader.specs().enumerate() {
        match reader.read(index, symbols) {
            Ok(entries) => snapshot.maps.push((spec.clone(), entries)),
            Err(e) => return text(500, format!("cannot read map {}: {e}\n", spec.name)),
        }
    }
    let body = match encode(snapshot) {
        Ok(body) => body,
        Err(e) => return text(500, format!("cannot encode the metrics: {e}\n")),
    };
    let response = tiny_http::Response::from_string(body);
    match tiny_http::Header::from_bytes("Content-Type", CONTENT_TYPE) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}
