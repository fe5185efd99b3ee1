//! Who may use the API. On loopback anyone on the machine may; bound to any other address,
//! every API request must carry the access token (`Authorization: Bearer TOKEN`), which is
//! generated and printed at start or given with `--token`. (Which sites may reach the
//! server at all is `hosts.rs`'s rule.)

use super::error::ApiError;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct Access {
    /// The token API requests must carry; `None` when none is needed.
    pub token: Option<String>,
}

impl Access {
    /// The access rule for a server bound to `addr`: a token given is always required; on
    /// an address other than loopback one is generated when none is given.
    pub fn for_address(addr: &SocketAddr, given: Option<String>) -> Access {
        let token = given.or_else(|| {
            (!addr.ip().is_loopback()).then(|| uuid::Uuid::new_v4().simple().to_string())
        });
        Access { token }
    }

    fn allows(&self, request: &Request) -> bool {
        let Some(token) = &self.token else {
            return true;
        };
        let given = request
            .headers()
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        given.is_some_and(|g| same(g.as_bytes(), token.as_bytes()))
    }
}

/// Compares without stopping at the first difference (the time says nothing about the token).
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The middleware: refuses (`401`) a request without the token when one is needed.
pub async fn require_token(
    State(access): State<Arc<Access>>,
    request: Request,
    next: Next,
) -> Response {
    if access.allows(&request) {
        next.run(request).await
    } else {
        ApiError::unauthorized(
            "this server needs its access token: open the address `wrangle serve` printed (it ends in ?token=…)",
        )
        .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_needs_no_token_other_addresses_get_one() {
        let local: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let any: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert!(Access::for_address(&local, None).token.is_none());
        assert_eq!(
            Access::for_address(&local, Some("t".into()))
                .token
                .as_deref(),
            Some("t")
        );
        let generated = Access::for_address(&any, None).token.unwrap();
        assert_eq!(generated.len(), 32);
        assert!(same(b"abc", b"abc") && !same(b"abc", b"abd") && !same(b"abc", b"ab"));
    }
}
