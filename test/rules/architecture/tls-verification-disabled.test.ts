import rule from '../../../src/rules/architecture/tls-verification-disabled.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: 'explicit false', code: `fn c() -> Client {
    Client::builder().danger_accept_invalid_certs(false).build().unwrap()
}
` },
    { name: 'in a test module', code: `#[cfg(test)]
mod tests {
    fn c() -> Client { Client::builder().danger_accept_invalid_certs(true).build().unwrap() }
}
` },
    { name: 'custom root CA', code: `fn c(ca: Certificate) -> Client {
    Client::builder().add_root_certificate(ca).build().unwrap()
}
` },
    { name: 'openssl with peer verification', code: `fn tls() {
    let mut b = SslConnector::builder(SslMethod::tls()).unwrap();
    b.set_verify(SslVerifyMode::PEER);
}
` },
    { name: 'a pinning verifier through dangerous()', code: `fn cfg(v: Arc<PinnedVerifier>) {
    config.dangerous().set_certificate_verifier(v);
}
` },
  ],
  invalid: [
    { name: 'reqwest danger_accept_invalid_certs(true)', code: `fn c() -> Client {
    Client::builder()
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap()
}
`, lines: [3], messageIncludes: 'danger_accept_invalid_certs' },
    { name: 'native-tls invalid hostnames', code: `fn c() {
    let tls = native_tls::TlsConnector::builder().danger_accept_invalid_hostnames(true).build();
}
`, lines: [2], messageIncludes: 'hostnames' },
    { name: 'openssl SslVerifyMode::NONE', code: `fn tls() {
    let mut b = SslConnector::builder(SslMethod::tls()).unwrap();
    b.set_verify(SslVerifyMode::NONE);
}
`, lines: [3], messageIncludes: 'SslVerifyMode::NONE' },
    { name: 'rustls NoVerifier', code: `fn cfg() {
    config.dangerous().set_certificate_verifier(Arc::new(NoVerifier));
}
`, lines: [2], messageIncludes: 'NoVerifier' },
    { name: 'rustls verifier that accepts all: on the line that accepts', code: `impl ServerCertVerifier for Trusting {
    fn verify_server_cert(&self, _e: &CertificateDer<'_>, _i: &[CertificateDer<'_>], _n: &ServerName<'_>, _o: &[u8], _t: UnixTime) -> Result<ServerCertVerified, Error> {
        Ok(ServerCertVerified::assertion())
    }
}
`, lines: [3], messageIncludes: 'Trusting' },
  ],
});

testFileRule(rule, {
  valid: [
    { name: 'configurable switch (not a literal true)', code: `fn c(cfg: &Cfg) -> Client {
    Client::builder().danger_accept_invalid_certs(cfg.allow_self_signed).build().unwrap()
}
` },
    { name: 'host-name check on', code: `fn c(conn: ConnectConfiguration) {
    conn.verify_hostname(true);
}
` },
  ],
  invalid: [
    { name: 'rustls NoCertificateVerification via with_custom_certificate_verifier', code: `fn cfg() -> ClientConfig {
    ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(danger::NoCertificateVerification::new()))
        .with_no_client_auth()
}
`, lines: [4], messageIncludes: 'NoCertificateVerification' },
    { name: 'lettre dangerous_accept_invalid_certs', code: `fn mailer(host: &str) {
    let tls = TlsParameters::builder(host.to_owned()).dangerous_accept_invalid_certs(true).build();
}
`, lines: [2], messageIncludes: 'dangerous_accept_invalid_certs' },
    { name: 'openssl verify_hostname(false)', code: `fn c(conn: ConnectConfiguration) {
    let conn = conn.verify_hostname(false);
}
`, lines: [2], messageIncludes: 'verify_hostname' },
  ],
});

testFileRule(rule, {
  valid: [
    {
      name: 'switched off only when an explicit setting asks (the opt-in the help recommends)',
      code: `fn client() -> reqwest::Client {
    let mut builder = reqwest::Client::builder();
    if std::env::var("RELAY_TLS_INSECURE").is_ok_and(|v| v == "1") {
        builder = builder.danger_accept_invalid_certs(true);
    }
    builder.build().unwrap()
}
`,
    },
  ],
  invalid: [
    {
      name: 'switched off under a constant condition',
      code: `fn client() -> reqwest::Client {
    let mut builder = reqwest::Client::builder();
    if true {
        builder = builder.danger_accept_invalid_certs(true);
    }
    builder.build().unwrap()
}
`,
      lines: [4],
    },
  ],
});

/** Where the program runs, from the model: a development tool talking to a local server is a note; a service's client is an error. */
testFileRule(rule, {
  valid: [],
  invalid: [
    {
      name: 'a command-line probe (parses its arguments, serves nothing) accepting a self-signed local server: a note',
      manifests: { 'probe/Cargo.toml': `[package]
name = "probe"
[dependencies]
clap = "4"
reqwest = "0.12"
` },
      files: { 'probe/src/main.rs': `mod client;
#[tokio::main]
async fn main() {
    let args = Args::parse();
    client::call(&args.url).await;
}
` },
      path: 'probe/src/client.rs',
      code: `pub async fn call(url: &str) {
    let http = reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    http.get(url).send().await.unwrap();
}
`,
      lines: [3],
      messageId: 'outsideBackend',
      messageIncludes: '`.danger_accept_invalid_certs(true)` in `call`',
      severity: 'info',
    },
    {
      name: 'the same client in a server that routes requests: an error',
      manifests: { 'relay/Cargo.toml': `[package]
name = "relay"
[dependencies]
clap = "4"
axum = "0.8"
reqwest = "0.12"
` },
      files: { 'relay/src/main.rs': `mod client;
#[tokio::main]
async fn main() {
    let args = Args::parse();
    serve(Router::new().route("/fwd", post(forward)), args).await;
}
async fn forward(Json(b): Json<Body>) { client::call(&b.url).await; }
` },
      path: 'relay/src/client.rs',
      code: `pub async fn call(url: &str) {
    let http = reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .build()
        .unwrap();
    http.get(url).send().await.unwrap();
}
`,
      lines: [3],
      messageId: 'switch',
      severity: 'error',
    },
  ],
});
