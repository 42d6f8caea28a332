use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Request, Uri};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use crate::upstream::{UpstreamConfig, UpstreamError};

const CALL_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Clone)]
pub struct LedgerClient {
    inner: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    base: Uri,
}

impl LedgerClient {
    pub fn build(cfg: &UpstreamConfig) -> Result<Self, UpstreamError> {
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_webpki_roots()
            .https_only()
            .enable_http1()
            .enable_http2()
            .build();
        let inner = Client::builder(TokioExecutor::new()).build(https);
        Ok(Self { inner, base: cfg.ledger_url.parse()? })
    }

    pub async fn post_entry(&self, path: &str, body: Bytes) -> Result<Bytes, UpstreamError> {
        let uri = format!("{}{}", self.base, path.trim_start_matches('/'));
        let req = Request::post(uri)
            .header(hyper::header::CONTENT_TYPE, "application/json")
            .body(Full::new(body))?;
        let resp = tokio::time::timeout(CALL_TIMEOUT, self.inner.request(req))
            .await
            .map_err(|_| UpstreamError::Timeout)??;
        if !resp.status().is_success() {
            return Err(UpstreamError::Status(resp.status()));
        }
        Ok(resp.into_body().collect().await?.to_bytes())
    }
}
