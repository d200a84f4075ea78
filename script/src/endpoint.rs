//! The address of the metrics endpoint (`--metrics`, the `metrics` config
//! key, `SONDE_METRICS`), read the same way by the command line and the
//! compiler's config block.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// `PORT` or `:PORT` (loopback), `ADDR:PORT`, `[ADDR6]:PORT` or
/// `localhost:PORT`. Only literal addresses: a name other than `localhost`
/// would need a resolver, and a service binds to an address it has.
pub fn metrics_address(text: &str) -> Result<SocketAddr, String> {
    let text = text.trim();
    let loopback = |port: &str| -> Result<SocketAddr, String> {
        Ok(SocketAddr::new(
            IpAddr::V4(Ipv4Addr::LOCALHOST),
            port_of(port)?,
        ))
    };
    if let Some(port) = text.strip_prefix(':') {
        return loopback(port);
    }
    if let Some(port) = text.strip_prefix("localhost:") {
        return loopback(port);
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return loopback(text);
    }
    text.parse::<SocketAddr>().map_err(|_| {
        format!("'{text}' is not PORT, ADDR:PORT or [ADDR]:PORT (an IP address and a port)")
    })
}

fn port_of(text: &str) -> Result<u16, String> {
    text.parse::<u16>()
        .map_err(|_| format!("'{text}' is not a port (0 to 65535)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_port_alone_binds_loopback() {
        for text in ["9100", ":9100", "localhost:9100"] {
            assert_eq!(
                metrics_address(text),
                Ok(SocketAddr::from(([127, 0, 0, 1], 9100)))
            );
        }
    }

    #[test]
    fn addresses_are_taken_as_given() {
        for text in ["0.0.0.0:9100", "[::1]:9100", "10.1.2.3:80"] {
            assert_eq!(
                metrics_address(text).map(|a| a.to_string()),
                Ok(text.to_string())
            );
        }
    }

    #[test]
    fn bad_addresses_say_what_is_wanted() {
        for text in ["", "host:9100", "127.0.0.1", "99999", ":x", "1.2.3.4:70000"] {
            assert!(metrics_address(text).is_err(), "{text}");
        }
    }
}
