//! The browser app's files: the folder the UI build writes (`index.html`, the wasm module
//! and its JavaScript glue, gzipped copies beside them), served with the right types.

use axum::response::Html;
use axum::Router;
use std::path::Path;
use tower_http::services::{ServeDir, ServeFile};

/// Serves `dir`, or, when the app has not been built there, a page that says how to build
/// it (the API works either way).
pub fn routes<S: Clone + Send + Sync + 'static>(dir: &Path) -> Router<S> {
    let index = dir.join("index.html");
    if index.is_file() {
        Router::new().fallback_service(
            ServeDir::new(dir)
                .precompressed_gzip()
                .fallback(ServeFile::new(index)),
        )
    } else {
        let page = format!(
            "<!doctype html><meta charset=utf-8><title>Wrangle</title>\
             <h1>The browser app is not built</h1>\
             <p>No <code>index.html</code> in <code>{}</code>. Build it with \
             <code>scripts/build-ui</code> (or run <code>scripts/demo</code>), or point \
             <code>wrangle serve --ui DIR</code> at a built app. The API under \
             <code>/api/</code> works without it.</p>",
            html_escape(&dir.display().to_string())
        );
        Router::new().fallback(move || {
            let page = page.clone();
            async move { Html(page) }
        })
    }
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
