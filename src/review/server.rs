//! The review server: the page and its API for one alignment, on 127.0.0.1 only, with
//! axum on a single-threaded tokio runtime (one reviewer, one database).
//!
//! Every request must carry the random token of the URL the server prints
//! (`?token=…`), name the server itself in its `Host` header and, when it has an
//! `Origin`, come from the server's own page: a web page elsewhere, or a name rebound to
//! 127.0.0.1 (DNS rebinding), can neither read nor write. Writes take JSON only, which a
//! cross-site form cannot send. The page puts every text in the document as text, never
//! as markup.
//!
//! - `GET /` the page;
//! - `GET /api/alignment` the alignment as [`super::AlignmentView`];
//! - `POST /api/edit` an [`Edit`] as JSON: made and stored as a revision;
//! - `POST /api/undo` the last edit undone, as a revision.
//!
//! Each write answers with the alignment as it now stands.

use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::{PAGE, alignment_view, apply_edit, undo};
use crate::align::edit::Edit;
use crate::store::Store;

/// What the handlers share.
struct Shared {
    store: Mutex<Store>,
    alignment: i64,
    token: String,
    port: u16,
}

/// The query every request carries.
#[derive(serde::Deserialize)]
struct Token {
    token: Option<String>,
}

/// The Content-Security-Policy of the page: its own inline script and style, requests to
/// the server only, and nothing else.
const PAGE_POLICY: &str = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Serves the review of alignment `alignment` of `store` on 127.0.0.1 at `port` (0: a
/// free port), calling `ready` with the page's URL once it listens; runs until the
/// process is stopped.
pub fn serve(store: Store, alignment: i64, port: u16, ready: impl FnOnce(&str)) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the review server")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .with_context(|| format!("cannot listen on 127.0.0.1 port {port}"))?;
        let port = listener.local_addr()?.port();
        let token = random_token()?;
        ready(&format!("http://127.0.0.1:{port}/?token={token}"));
        let shared = Arc::new(Shared {
            store: Mutex::new(store),
            alignment,
            token,
            port,
        });
        let app = Router::new()
            .route("/", get(page))
            .route("/api/alignment", get(show))
            .route("/api/edit", post(edit))
            .route("/api/undo", post(undo_last))
            .layer(axum::middleware::from_fn_with_state(
                Arc::clone(&shared),
                guard,
            ))
            .with_state(shared);
        axum::serve(listener, app)
            .await
            .context("the review server stopped")
    })
}

/// 128 random bits in hex, from the operating system.
fn random_token() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness for a token: {e}"))?;
    Ok(crate::digest::hex(&bytes))
}

/// A JSON error with its status.
fn refuse(status: StatusCode, message: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
}

impl Shared {
    /// Whether a request may be served: the token, its `Host` and its `Origin`.
    fn admit(&self, headers: &HeaderMap, query: &Token) -> Result<(), (StatusCode, &'static str)> {
        let given = query.token.as_deref().unwrap_or_default();
        let same = given.len() == self.token.len()
            && given
                .bytes()
                .zip(self.token.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if !same {
            return Err((StatusCode::FORBIDDEN, "a valid token is needed"));
        }
        let ours = |value: Option<&HeaderValue>, prefix: &str| {
            value.and_then(|v| v.to_str().ok()).is_some_and(|v| {
                [
                    format!("{prefix}127.0.0.1:{}", self.port),
                    format!("{prefix}localhost:{}", self.port),
                ]
                .contains(&v.to_owned())
            })
        };
        if !ours(headers.get(header::HOST), "") {
            return Err((
                StatusCode::FORBIDDEN,
                "this server answers only to 127.0.0.1",
            ));
        }
        if headers.contains_key(header::ORIGIN) && !ours(headers.get(header::ORIGIN), "http://") {
            return Err((
                StatusCode::FORBIDDEN,
                "requests from other sites are refused",
            ));
        }
        Ok(())
    }

    /// The alignment as it stands, as JSON.
    fn current(&self, store: &Store) -> Response {
        match alignment_view(store, self.alignment) {
            Ok(view) => axum::Json(view).into_response(),
            Err(error) => refuse(StatusCode::INTERNAL_SERVER_ERROR, &format!("{error:#}")),
        }
    }

    /// Runs `change` on the store and answers with the alignment, or with the reason it
    /// could not be made.
    fn write(&self, change: impl FnOnce(&mut Store) -> Result<()>) -> Response {
        let mut store = self
            .store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match change(&mut store) {
            Ok(()) => self.current(&store),
            Err(error) => refuse(StatusCode::CONFLICT, &format!("{error:#}")),
        }
    }
}

/// Lets a request through to its handler only if [`Shared::admit`] admits it.
async fn guard(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<Token>,
    request: Request,
    next: Next,
) -> Response {
    match shared.admit(request.headers(), &query) {
        Ok(()) => next.run(request).await,
        Err((status, why)) => refuse(status, why),
    }
}

async fn page() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, PAGE_POLICY),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CACHE_CONTROL, "no-store"),
            (header::X_FRAME_OPTIONS, "DENY"),
        ],
        PAGE,
    )
        .into_response()
}

async fn show(State(shared): State<Arc<Shared>>) -> Response {
    let store = shared
        .store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    shared.current(&store)
}

/// Whether a request says its body is JSON.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim() == "application/json")
        })
}

async fn edit(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    if !is_json(&headers) {
        return refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, "edits are sent as JSON");
    }
    let edit: Edit = match serde_json::from_slice(&body) {
        Ok(edit) => edit,
        Err(error) => return refuse(StatusCode::BAD_REQUEST, &format!("not an edit: {error}")),
    };
    shared.write(|store| apply_edit(store, shared.alignment, &edit))
}

async fn undo_last(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if !is_json(&headers) {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "requests are sent as JSON",
        );
    }
    shared.write(|store| undo(store, shared.alignment))
}
