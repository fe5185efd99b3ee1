//! Which sites may talk to the server. A web page the analyst visits can point a name it
//! controls at 127.0.0.1 (DNS rebinding) and then read the server as its own origin; its
//! requests still carry its own name in `Host`. So every request (the app's files and the
//! API) must name the server: `localhost`, a loopback address (`127.x.y.z`, `[::1]`), the
//! address it was started on, or a name given with `--allowed-host`. The port is not part of
//! the match. A request that changes the store (any method but `GET`, `HEAD`, `OPTIONS`) and
//! carries an `Origin` must come from the server's own page: `http://` and the very host and
//! port the request was sent to. Without `Origin` (curl, scripts) it is let through.

use super::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::Arc;

/// The names the server answers to besides `localhost` and loopback addresses.
#[derive(Clone, Debug, Default)]
pub struct AllowedHosts {
    /// The address it was started on and the `--allowed-host` names.
    others: Vec<Host>,
}

impl AllowedHosts {
    /// Only `localhost` and loopback addresses.
    pub fn loopback() -> AllowedHosts {
        AllowedHosts::default()
    }

    /// Loopback, the address the server was started on, and `names` (host names or IP
    /// addresses, IPv6 with or without brackets; a port is ignored).
    pub fn new(bound: IpAddr, names: &[String]) -> Result<AllowedHosts, String> {
        let mut others = vec![Host::Ip(bound)];
        for name in names {
            others.push(parse_allowed(name)?);
        }
        Ok(AllowedHosts { others })
    }

    fn allows(&self, host: &Host) -> bool {
        match host {
            Host::Name(name) if name == "localhost" => true,
            Host::Ip(ip) if ip.is_loopback() => true,
            _ => self.others.contains(host),
        }
    }

    /// Whether the request may go on: its `Host` (and the host in its target, when it is
    /// written as a whole URL) names this server, and when it changes the store, its
    /// `Origin` (if any) is the server's own.
    fn check(&self, method: &Method, uri: &Uri, headers: &HeaderMap) -> Result<(), ApiError> {
        if let Some(authority) = uri.authority() {
            self.check_host(authority.as_str())?;
        }
        let mut hosts = headers.get_all(header::HOST).iter();
        let (Some(raw), None) = (hosts.next(), hosts.next()) else {
            return Err(ApiError::forbidden(
                "a request must name this server in one Host header",
            ));
        };
        let raw = String::from_utf8_lossy(raw.as_bytes());
        let target = self.check_host(&raw)?;
        if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
            return Ok(());
        }
        let Some(origin) = headers.get(header::ORIGIN) else {
            return Ok(());
        };
        let origin = String::from_utf8_lossy(origin.as_bytes());
        let same = strip_prefix_ignoring_case(&origin, "http://")
            .and_then(Authority::parse)
            .is_some_and(|o| o.host == target.host && o.port() == target.port());
        if same {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "a request that changes the store must come from this server's own page: \
                 `Origin: {origin}` is not `http://{raw}`"
            )))
        }
    }

    /// The host `raw` (`name[:port]`) names, when it is one of this server's.
    fn check_host(&self, raw: &str) -> Result<Authority, ApiError> {
        let Some(target) = Authority::parse(raw) else {
            return Err(ApiError::forbidden(format!(
                "`Host: {raw}` is not a host name"
            )));
        };
        if !self.allows(&target.host) {
            let name = target.host.to_string();
            return Err(ApiError::forbidden(format!(
                "`{name}` is not a name of this server: it answers to localhost, loopback \
                 addresses, the address it was started on and the names given with \
                 --allowed-host (start it with `--allowed-host {name}` to reach it by that name)"
            )));
        }
        Ok(target)
    }
}

/// The middleware: refuses (`403`) a request [`AllowedHosts::check`] does not let through.
pub async fn require_allowed_host(
    State(hosts): State<Arc<AllowedHosts>>,
    request: Request,
    next: Next,
) -> Response {
    match hosts.check(request.method(), request.uri(), request.headers()) {
        Ok(()) => next.run(request).await,
        Err(error) => error.into_response(),
    }
}

/// An `--allowed-host` value as the server keeps it (clap's value parser): a host name
/// (lowercased), an IPv4 address, or an IPv6 address with or without brackets; a port after
/// it is dropped.
pub fn parse_allowed_host(text: &str) -> Result<String, String> {
    parse_allowed(text).map(|host| host.to_string())
}

fn parse_allowed(text: &str) -> Result<Host, String> {
    let text = text.trim();
    if let Ok(ip) = text.parse::<Ipv6Addr>() {
        return Ok(Host::Ip(IpAddr::V6(ip)));
    }
    Authority::parse(text).map(|a| a.host).ok_or_else(|| {
        format!(
            "`{text}` is not a host name (letters, digits, `-`, `.`, `_`), an IPv4 address \
             or an IPv6 address"
        )
    })
}

fn strip_prefix_ignoring_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// A host as a `Host` header or an origin names it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Host {
    /// An address (`127.0.0.1`, `[::1]`): compared as an address, so `[0:0::1]` is `[::1]`.
    Ip(IpAddr),
    /// A name, lowercased.
    Name(String),
}

impl std::fmt::Display for Host {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Host::Ip(IpAddr::V6(ip)) => write!(f, "[{ip}]"),
            Host::Ip(ip) => write!(f, "{ip}"),
            Host::Name(name) => f.write_str(name),
        }
    }
}

/// `host[:port]`, IPv6 in brackets: what `Host` holds and what follows `http://` in an
/// origin.
#[derive(Debug, PartialEq)]
struct Authority {
    host: Host,
    port: Option<u16>,
}

impl Authority {
    fn parse(text: &str) -> Option<Authority> {
        let (host, rest) = match text.strip_prefix('[') {
            Some(inside) => {
                let (address, rest) = inside.split_once(']')?;
                (Host::Ip(IpAddr::V6(address.parse().ok()?)), rest)
            }
            None => {
                let (name, rest) = text.split_at(text.find(':').unwrap_or(text.len()));
                let plain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_');
                if name.is_empty() || !name.bytes().all(plain) {
                    return None;
                }
                let host = match name.parse::<Ipv4Addr>() {
                    Ok(ip) => Host::Ip(IpAddr::V4(ip)),
                    Err(_) => Host::Name(name.to_ascii_lowercase()),
                };
                (host, rest)
            }
        };
        let port = match rest {
            "" => None,
            _ => {
                let digits = rest.strip_prefix(':')?;
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                Some(digits.parse().ok()?)
            }
        };
        Some(Authority { host, port })
    }

    /// The port, `80` when none is written (the only scheme is `http`).
    fn port(&self) -> u16 {
        self.port.unwrap_or(80)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn host(text: &str) -> Option<Host> {
        Authority::parse(text).map(|a| a.host)
    }

    fn request(host: Option<&str>, origin: Option<&str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(host) = host {
            headers.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        }
        if let Some(origin) = origin {
            headers.insert(header::ORIGIN, HeaderValue::from_str(origin).unwrap());
        }
        headers
    }

    #[test]
    fn hosts_are_read_with_or_without_ports() {
        let v4 = |a, b, c, d| Some(Host::Ip(IpAddr::V4(Ipv4Addr::new(a, b, c, d))));
        assert_eq!(host("127.0.0.1"), v4(127, 0, 0, 1));
        assert_eq!(host("127.0.0.1:8080"), v4(127, 0, 0, 1));
        assert_eq!(host("LocalHost:80"), Some(Host::Name("localhost".into())));
        assert_eq!(
            host("[::1]:8080"),
            Some(Host::Ip(IpAddr::V6(Ipv6Addr::LOCALHOST)))
        );
        assert_eq!(host("[0:0:0:0:0:0:0:1]"), host("[::1]"));
        assert_eq!(Authority::parse("[::1]:8080").map(|a| a.port()), Some(8080));
        assert_eq!(Authority::parse("localhost").map(|a| a.port()), Some(80));
        for bad in [
            "",
            ":8080",
            "::1",
            "[::1",
            "[::1]x",
            "[127.0.0.1]",
            "localhost:",
            "localhost:+80",
            "localhost:99999",
            "a b",
            "evil.example@127.0.0.1",
            "localhost:80:80",
        ] {
            assert_eq!(host(bad), None, "{bad}");
        }
    }

    #[test]
    fn loopback_names_are_allowed_others_are_not() {
        let hosts = AllowedHosts::loopback();
        for good in [
            "localhost",
            "LOCALHOST:8080",
            "127.0.0.1:8080",
            "127.0.0.2",
            "127.255.0.9:1",
            "[::1]",
            "[::1]:8080",
        ] {
            assert!(hosts.allows(&host(good).unwrap()), "{good}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "localhost.evil.example",
            "128.0.0.1",
            "0.0.0.0:8080",
            "[::2]",
            "192.168.1.5",
        ] {
            assert!(!hosts.allows(&host(bad).unwrap()), "{bad}");
        }
    }

    #[test]
    fn the_bound_address_and_allowed_names_are_allowed() {
        let hosts = AllowedHosts::new(
            "0.0.0.0".parse().unwrap(),
            &[
                "Wrangle.Internal".into(),
                "::5".into(),
                "10.0.0.7:9000".into(),
            ],
        )
        .unwrap();
        for good in [
            "localhost:8080",
            "0.0.0.0:8080",
            "wrangle.internal:8080",
            "WRANGLE.internal",
            "[::5]:1",
            "10.0.0.7:8080",
        ] {
            assert!(hosts.allows(&host(good).unwrap()), "{good}");
        }
        for bad in ["evil.example", "internal", "10.0.0.8"] {
            assert!(!hosts.allows(&host(bad).unwrap()), "{bad}");
        }
        assert_eq!(
            parse_allowed_host("Name.Example:8080").unwrap(),
            "name.example"
        );
        assert_eq!(parse_allowed_host("[::1]").unwrap(), "[::1]");
        assert_eq!(parse_allowed_host("::1").unwrap(), "[::1]");
        assert!(parse_allowed_host("http://name.example").is_err());
        assert!(parse_allowed_host("*").is_err());
        assert!(AllowedHosts::new("127.0.0.1".parse().unwrap(), &["a/b".into()]).is_err());
    }

    #[test]
    fn requests_must_name_the_server() {
        let hosts = AllowedHosts::loopback();
        let path = Uri::from_static("/api/datasets");
        let check =
            |method: Method, host, origin| hosts.check(&method, &path, &request(host, origin));
        assert!(check(Method::GET, Some("127.0.0.1:8080"), None).is_ok());
        let refused = check(Method::GET, Some("evil.example:8080"), None).unwrap_err();
        assert_eq!(refused.status, 403);
        assert!(
            refused
                .message
                .starts_with("`evil.example` is not a name of this server"),
            "{}",
            refused.message
        );
        assert!(refused.message.contains("--allowed-host evil.example"));
        let missing = check(Method::GET, None, None).unwrap_err();
        assert_eq!(missing.status, 403);
        assert!(missing.message.contains("Host header"));
        assert_eq!(
            check(Method::GET, Some("a b"), None).unwrap_err().message,
            "`Host: a b` is not a host name"
        );
        let mut two = request(Some("127.0.0.1"), None);
        two.append(header::HOST, HeaderValue::from_static("evil.example"));
        assert!(hosts.check(&Method::GET, &path, &two).is_err());
        // A target written as a whole URL names its host too.
        let here = request(Some("127.0.0.1"), None);
        let url = |u| Uri::from_static(u);
        assert!(hosts
            .check(&Method::GET, &url("http://evil.example/api"), &here)
            .is_err());
        assert!(hosts
            .check(&Method::GET, &url("http://localhost:1/api"), &here)
            .is_ok());
    }

    #[test]
    fn changes_must_come_from_the_servers_own_page() {
        let hosts = AllowedHosts::loopback();
        let path = Uri::from_static("/api/datasets");
        let check =
            |method: Method, host, origin| hosts.check(&method, &path, &request(host, origin));
        let here = Some("127.0.0.1:8080");
        assert!(check(Method::POST, here, Some("http://127.0.0.1:8080")).is_ok());
        assert!(check(Method::PUT, here, Some("HTTP://127.0.0.1:8080")).is_ok());
        assert!(
            check(Method::POST, here, None).is_ok(),
            "curl sends no Origin"
        );
        assert!(check(Method::POST, Some("[::1]:8080"), Some("http://[0::1]:8080")).is_ok());
        assert!(check(Method::POST, Some("LOCALHOST"), Some("http://localhost:80")).is_ok());
        // Reads are the Host rule's; the browser keeps other sites from reading answers.
        assert!(check(Method::GET, here, Some("http://evil.example")).is_ok());
        for origin in [
            "http://evil.example",
            "http://evil.example:8080",
            "http://127.0.0.1:3000",
            "http://127.0.0.1",
            "http://localhost:8080",
            "https://127.0.0.1:8080",
            "http://127.0.0.1:8080/",
            "null",
            "",
        ] {
            for method in [Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
                let refused = check(method.clone(), here, Some(origin)).unwrap_err();
                assert_eq!(refused.status, 403, "{method} {origin}");
                assert_eq!(
                    refused.message,
                    format!(
                        "a request that changes the store must come from this server's own \
                         page: `Origin: {origin}` is not `http://127.0.0.1:8080`"
                    )
                );
            }
        }
    }
}
