use std::{
    collections::HashSet,
    future::Future,
    path::PathBuf,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
};

use axum::{
    body::Body,
    http::{Request, Response, StatusCode},
};
use tower::{Layer, Service};

#[derive(Clone)]
pub struct ApiKeyLayer {
    keys: Arc<HashSet<String>>,
    revoked_list: Arc<PathBuf>,
}

impl ApiKeyLayer {
    /// `revoked_list` is a file with one revoked key per line, rewritten by the
    /// ops tooling; it is re-read so revocations apply without a restart.
    pub fn new(keys: HashSet<String>, revoked_list: PathBuf) -> Self {
        Self {
            keys: Arc::new(keys),
            revoked_list: Arc::new(revoked_list),
        }
    }
}

impl<S> Layer<S> for ApiKeyLayer {
    type Service = ApiKeyService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ApiKeyService {
            inner,
            keys: Arc::clone(&self.keys),
            revoked_list: Arc::clone(&self.revoked_list),
        }
    }
}

#[derive(Clone)]
pub struct ApiKeyService<S> {
    inner: S,
    keys: Arc<HashSet<String>>,
    revoked_list: Arc<PathBuf>,
}

fn unauthorized() -> Response<Body> {
    Response::builder()
        .status(StatusCode::UNAUTHORIZED)
        .body(Body::empty())
        .expect("static response parts are valid")
}

impl<S> Service<Request<Body>> for ApiKeyService<S>
where
    S: Service<Request<Body>, Response = Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<Body>) -> Self::Future {
        let keys = Arc::clone(&self.keys);
        let revoked_list = Arc::clone(&self.revoked_list);
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        Box::pin(async move {
            let presented = req
                .headers()
                .get("x-api-key")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let Some(key) = presented else {
                return Ok(unauthorized());
            };
            let revoked = std::fs::read_to_string(revoked_list.as_path()).unwrap_or_default();
            if !keys.contains(&key) || revoked.lines().any(|line| line.trim() == key) {
                return Ok(unauthorized());
            }
            inner.call(req).await
        })
    }
}
