//! A client of a running `wrangle serve`'s API (`docs/api.md`), for `wrangle jobs` and
//! `wrangle schedules`: the server's answers as the app reads them, its errors in its words.

use crate::error::{Error, Result};

pub(super) struct Client {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
}

impl Client {
    /// A client of the server at `server` (as `wrangle serve` printed it), with its token.
    pub(super) fn new(server: &str, token: Option<String>) -> Client {
        Client {
            http: reqwest::Client::new(),
            base: server.trim_end_matches('/').to_string(),
            token,
        }
    }

    /// The server's answer to `request` when it succeeded; its error in its words when not.
    async fn answer(&self, request: reqwest::RequestBuilder) -> Result<reqwest::Response> {
        let request = match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        };
        let response = request.send().await.map_err(|e| self.unreachable(e))?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let text = response.text().await.map_err(|e| self.unreachable(e))?;
        let message = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string))
            .unwrap_or(text);
        Err(Error::Usage(format!(
            "the server said ({status}): {message}"
        )))
    }

    fn unreachable(&self, e: reqwest::Error) -> Error {
        Error::Usage(format!(
            "no Wrangle server answers at {} ({e}); start one with `wrangle serve` or pass --server",
            self.base
        ))
    }

    async fn send<T: serde::de::DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T> {
        let text = self
            .answer(request)
            .await?
            .text()
            .await
            .map_err(|e| self.unreachable(e))?;
        serde_json::from_str(&text)
            .map_err(|e| Error::Engine(format!("the server's answer is unreadable: {e}")))
    }

    /// A `POST` whose answer is not JSON (an Arrow stream): the response, to read as it is.
    pub(super) async fn post_for_response(
        &self,
        path: &str,
        body: &impl serde::Serialize,
    ) -> Result<reqwest::Response> {
        self.answer(self.http.post(format!("{}{path}", self.base)).json(body))
            .await
    }

    pub(super) async fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.send(self.http.get(format!("{}{path}", self.base)))
            .await
    }

    pub(super) async fn post<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: &impl serde::Serialize,
    ) -> Result<T> {
        // The server takes changes only from its own page or from clients that say no page
        // sent them (no Origin header at all), as this one does.
        self.send(self.http.post(format!("{}{path}", self.base)).json(body))
            .await
    }

    pub(super) async fn delete<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.send(self.http.delete(format!("{}{path}", self.base)))
            .await
    }
}
