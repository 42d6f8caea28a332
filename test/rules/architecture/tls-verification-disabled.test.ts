import rule from '../../../src/rules/architecture/tls-verification-disabled.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: 'explicit false', code: 'fn c() -> Client {\n    Client::builder().danger_accept_invalid_certs(false).build().unwrap()\n}\n' },
    { name: 'in a test module', code: '#[cfg(test)]\nmod tests {\n    fn c() -> Client { Client::builder().danger_accept_invalid_certs(true).build().unwrap() }\n}\n' },
    { name: 'custom root CA', code: 'fn c(ca: Certificate) -> Client {\n    Client::builder().add_root_certificate(ca).build().unwrap()\n}\n' },
    { name: 'openssl with peer verification', code: 'fn tls() {\n    let mut b = SslConnector::builder(SslMethod::tls()).unwrap();\n    b.set_verify(SslVerifyMode::PEER);\n}\n' },
    { name: 'a pinning verifier through dangerous()', code: 'fn cfg(v: Arc<PinnedVerifier>) {\n    config.dangerous().set_certificate_verifier(v);\n}\n' },
  ],
  invalid: [
    { name: 'reqwest danger_accept_invalid_certs(true)', code: 'fn c() -> Client {\n    Client::builder()\n        .danger_accept_invalid_certs(true)\n        .build()\n        .unwrap()\n}\n', lines: [3], messageIncludes: 'danger_accept_invalid_certs' },
    { name: 'native-tls invalid hostnames', code: 'fn c() {\n    let tls = native_tls::TlsConnector::builder().danger_accept_invalid_hostnames(true).build();\n}\n', lines: [2], messageIncludes: 'hostnames' },
    { name: 'openssl SslVerifyMode::NONE', code: 'fn tls() {\n    let mut b = SslConnector::builder(SslMethod::tls()).unwrap();\n    b.set_verify(SslVerifyMode::NONE);\n}\n', lines: [3], messageIncludes: 'SslVerifyMode::NONE' },
    { name: 'rustls NoVerifier', code: 'fn cfg() {\n    config.dangerous().set_certificate_verifier(Arc::new(NoVerifier));\n}\n', lines: [2], messageIncludes: 'NoVerifier' },
    { name: 'rustls verifier that accepts all', code: 'impl ServerCertVerifier for Trusting {\n    fn verify_server_cert(&self, _e: &CertificateDer<\'_>, _i: &[CertificateDer<\'_>], _n: &ServerName<\'_>, _o: &[u8], _t: UnixTime) -> Result<ServerCertVerified, Error> {\n        Ok(ServerCertVerified::assertion())\n    }\n}\n', lines: [2], messageIncludes: 'Trusting' },
  ],
});

testFileRule(rule, {
  valid: [
    { name: 'configurable switch (not a literal true)', code: 'fn c(cfg: &Cfg) -> Client {\n    Client::builder().danger_accept_invalid_certs(cfg.allow_self_signed).build().unwrap()\n}\n' },
    { name: 'host-name check on', code: 'fn c(conn: ConnectConfiguration) {\n    conn.verify_hostname(true);\n}\n' },
  ],
  invalid: [
    { name: 'rustls NoCertificateVerification via with_custom_certificate_verifier', code: 'fn cfg() -> ClientConfig {\n    ClientConfig::builder()\n        .dangerous()\n        .with_custom_certificate_verifier(Arc::new(danger::NoCertificateVerification::new()))\n        .with_no_client_auth()\n}\n', lines: [4], messageIncludes: 'NoCertificateVerification' },
    { name: 'lettre dangerous_accept_invalid_certs', code: 'fn mailer(host: &str) {\n    let tls = TlsParameters::builder(host.to_owned()).dangerous_accept_invalid_certs(true).build();\n}\n', lines: [2], messageIncludes: 'dangerous_accept_invalid_certs' },
    { name: 'openssl verify_hostname(false)', code: 'fn c(conn: ConnectConfiguration) {\n    let conn = conn.verify_hostname(false);\n}\n', lines: [2], messageIncludes: 'verify_hostname' },
  ],
});

testFileRule(rule, {
  valid: [
    {
      name: 'switched off only when an explicit setting asks (the opt-in the help recommends)',
      code: 'fn client() -> reqwest::Client {\n    let mut builder = reqwest::Client::builder();\n    if std::env::var("RELAY_TLS_INSECURE").is_ok_and(|v| v == "1") {\n        builder = builder.danger_accept_invalid_certs(true);\n    }\n    builder.build().unwrap()\n}\n',
    },
  ],
  invalid: [
    {
      name: 'switched off under a constant condition',
      code: 'fn client() -> reqwest::Client {\n    let mut builder = reqwest::Client::builder();\n    if true {\n        builder = builder.danger_accept_invalid_certs(true);\n    }\n    builder.build().unwrap()\n}\n',
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
      manifests: { 'probe/Cargo.toml': '[package]\nname = "probe"\n[dependencies]\nclap = "4"\nreqwest = "0.12"\n' },
      files: { 'probe/src/main.rs': 'mod client;\n#[tokio::main]\nasync fn main() {\n    let args = Args::parse();\n    client::call(&args.url).await;\n}\n' },
      path: 'probe/src/client.rs',
      code: 'pub async fn call(url: &str) {\n    let http = reqwest::Client::builder()\n        .danger_accept_invalid_certs(true)\n        .build()\n        .unwrap();\n    http.get(url).send().await.unwrap();\n}\n',
      lines: [3],
      messageId: 'outsideBackend',
      messageIncludes: '`.danger_accept_invalid_certs(true)` in `call`',
      severity: 'info',
    },
    {
      name: 'the same client in a server that routes requests: an error',
      manifests: { 'relay/Cargo.toml': '[package]\nname = "relay"\n[dependencies]\nclap = "4"\naxum = "0.8"\nreqwest = "0.12"\n' },
      files: { 'relay/src/main.rs': 'mod client;\n#[tokio::main]\nasync fn main() {\n    let args = Args::parse();\n    serve(Router::new().route("/fwd", post(forward)), args).await;\n}\nasync fn forward(Json(b): Json<Body>) { client::call(&b.url).await; }\n' },
      path: 'relay/src/client.rs',
      code: 'pub async fn call(url: &str) {\n    let http = reqwest::Client::builder()\n        .danger_accept_invalid_certs(true)\n        .build()\n        .unwrap();\n    http.get(url).send().await.unwrap();\n}\n',
      lines: [3],
      messageId: 'switch',
      severity: 'error',
    },
  ],
});
