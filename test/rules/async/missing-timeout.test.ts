import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/async/missing-timeout.js';
import { runChangeRule, type ChangeFixture } from '../../helpers/rule-tester.js';

const STATE_NO_TIMEOUT = `use std::sync::Arc;
#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub http: reqwest::Client,
}
impl AppState {
    pub fn new(db: PgPool) -> Self {
        Self { db, http: reqwest::Client::new() }
    }
}
`;
const STATE_WITH_TIMEOUT = STATE_NO_TIMEOUT.replace('reqwest::Client::new()', 'reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap()');

const HANDLER = `use axum::extract::State;
use crate::state::AppState;

pub async fn checkout(State(state): State<AppState>, Json(req): Json<Req>) -> Result<Json<Score>, ApiError> {
    let verdict: Score = state
        .http
        .post(&state.settings.fraud_url)
        .json(&req)
        .send()
        .await?
        .json()
        .await?;
    Ok(Json(verdict))
}
`;

async function findings(fx: ChangeFixture) {
  const out = await runChangeRule(rule, fx);
  expect(out.ruleErrors).toEqual([]);
  return out.findings.map((f) => `${f.path}:${f.line}: ${f.message}`);
}

describe('async/missing-timeout', () => {
  describe('stays silent (else noisy)', () => {
    it('shared client built with a timeout in another file', async () => {
      expect(await findings({ files: { 'src/handlers/checkout.rs': { head: HANDLER } }, unchanged: { 'src/state.rs': STATE_WITH_TIMEOUT } })).toEqual([]);
    });
    it('per-request .timeout(..) on a timeout-less client', async () => {
      const handler = HANDLER.replace('.json(&req)', '.json(&req)\n        .timeout(Duration::from_secs(3))');
      expect(await findings({ files: { 'src/handlers/checkout.rs': { head: handler } }, unchanged: { 'src/state.rs': STATE_NO_TIMEOUT } })).toEqual([]);
    });
    it('a reqwest-middleware client over an inner client with a timeout', async () => {
      const code = `use reqwest_middleware::ClientBuilder;
pub async fn rates(base: &str) -> anyhow::Result<Rates> {
    let inner = reqwest::Client::builder().timeout(Duration::from_secs(3)).build()?;
    let client = ClientBuilder::new(inner).with(TracingMiddleware::default()).build();
    Ok(client.get(format!("{base}/rates")).send().await?.json().await?)
}
`;
      expect(await findings({ files: { 'src/rates.rs': { head: code } } })).toEqual([]);
    });
    it('request wrapped in tokio::time::timeout', async () => {
      const code = `use tokio::time::timeout;
pub async fn ping(url: &str) -> bool {
    let client = reqwest::Client::new();
    timeout(Duration::from_secs(2), async { client.get(url).send().await }).await.is_ok()
}
`;
      expect(await findings({ files: { 'src/ping.rs': { head: code } } })).toEqual([]);
    });
    it('a client parameter whose callers in other files build it with a timeout', async () => {
      const sender = 'pub async fn deliver(http: &reqwest::Client, url: &str) {\n    let _ = http.post(url).send().await;\n}\n';
      const worker = 'pub async fn drain() {\n    let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();\n    crate::webhooks::deliver(&http, URL).await;\n}\n';
      expect(await findings({ files: { 'src/webhooks.rs': { head: sender } }, unchanged: { 'src/lib.rs': 'pub mod webhooks;\npub mod worker;\n', 'src/worker.rs': worker } })).toEqual([]);
    });
    it('client from a parameter (construction unknown)', async () => {
      const code = `pub async fn fetch(client: &reqwest::Client, url: &str) -> reqwest::Result<String> {
    client.get(url).send().await?.text().await
}
`;
      expect(await findings({ files: { 'src/fetch.rs': { head: code } } })).toEqual([]);
    });
    it('self.client built with a builder timeout (shorthand field init)', async () => {
      const code = `use reqwest::Client;
pub struct Deliverer { client: Client }
impl Deliverer {
    pub fn new() -> Result<Self, reqwest::Error> {
        let client = Client::builder().timeout(Duration::from_secs(10)).build()?;
        Ok(Self { client })
    }
    pub async fn deliver(&self, url: &str) -> Result<(), reqwest::Error> {
        self.client.post(url).send().await?;
        Ok(())
    }
}
`;
      expect(await findings({ files: { 'src/deliver.rs': { head: code } } })).toEqual([]);
    });
    it('TcpStream::connect inside tokio::time::timeout', async () => {
      const code = `use tokio::net::TcpStream;
pub async fn dial(addr: &str) -> io::Result<TcpStream> {
    tokio::time::timeout(Duration::from_secs(3), TcpStream::connect(addr)).await?
}
`;
      expect(await findings({ files: { 'src/dial.rs': { head: code } } })).toEqual([]);
    });
    it('a TLS handshake bounded by tokio::time::timeout, and a connect method of another type', async () => {
      const code = `use tokio_rustls::TlsConnector;
pub async fn secure(connector: &TlsConnector, name: ServerName<'static>, tcp: TcpStream, pool: &Pool) -> io::Result<()> {
    let tls = tokio::time::timeout(Duration::from_secs(5), connector.connect(name, tcp)).await??;
    let conn = pool.connect(&dsn).await?;
    Ok(())
}
`;
      expect(await findings({ files: { 'src/peer.rs': { head: code } } })).toEqual([]);
    });
  });

  describe('fires (else missing)', () => {
    it('handler posts through a state client built with Client::new() in src/state.rs', async () => {
      const out = await findings({ files: { 'src/handlers/checkout.rs': { head: HANDLER } }, unchanged: { 'src/state.rs': STATE_NO_TIMEOUT } });
      expect(out).toHaveLength(1);
      expect(out[0]).toMatch(/^src\/handlers\/checkout\.rs:7: .*`post`.*`state\.http`.*src\/state\.rs:9/);
    });
    it('a webhook sender whose client parameter every caller, in other files, builds without a timeout', async () => {
      const sender = `pub async fn deliver(http: &reqwest::Client, hook: &Webhook, event: &Event) -> Result<(), DeliveryError> {
    http.post(&hook.url).json(event).send().await?.error_for_status()?;
    Ok(())
}
`;
      const worker = `use crate::webhooks::deliver;
pub async fn drain(queue: &Queue) {
    let http = reqwest::Client::new();
    while let Some((hook, event)) = queue.next().await {
        let _ = deliver(&http, &hook, &event).await;
    }
}
`;
      const out = await findings({ files: { 'src/webhooks.rs': { head: sender } }, unchanged: { 'src/lib.rs': 'pub mod webhooks;\npub mod worker;\n', 'src/worker.rs': worker } });
      expect(out).toHaveLength(1);
      expect(out[0]).toMatch(/^src\/webhooks\.rs:2: .*`post`.*`http`.*src\/worker\.rs:3/);
    });
    it('actix web::Data state in a workspace crate', async () => {
      const handler = `use actix_web::{web, HttpResponse};
use crate::state::AppState;
pub async fn notify(data: web::Data<AppState>) -> HttpResponse {
    data.http.post("https://hooks.example.com").send().await.ok();
    HttpResponse::Ok().finish()
}
`;
      const out = await findings({ files: { 'crates/api/src/handlers.rs': { head: handler } }, unchanged: { 'crates/api/src/state.rs': STATE_NO_TIMEOUT } });
      expect(out.map((l) => l.split(': ')[0])).toEqual(['crates/api/src/handlers.rs:4']);
    });
    it('local client built with a builder without timeout', async () => {
      const code = `use reqwest::Client;
pub async fn score(body: Body) -> reqwest::Result<Score> {
    let client = Client::builder().user_agent("svc").build()?;
    client.post("https://fraud.example.com/score").json(&body).send().await?.json().await
}
`;
      const out = await findings({ files: { 'src/fraud.rs': { head: code } } });
      expect(out).toHaveLength(1);
      expect(out[0]).toMatch(/^src\/fraud\.rs:3: .*Client::builder.*no timeout/);
    });
    it('a reqwest-middleware client whose inner reqwest client has no timeout (retries do not bound a hang)', async () => {
      const code = `use reqwest_middleware::{ClientBuilder, ClientWithMiddleware};
pub async fn rates(base: &str) -> anyhow::Result<Rates> {
    let inner = reqwest::Client::builder().gzip(true).build()?;
    let client: ClientWithMiddleware = ClientBuilder::new(inner).with(RetryTransientMiddleware::new_with_policy(policy())).build();
    Ok(client.get(format!("{base}/rates")).send().await?.json().await?)
}
`;
      const out = await findings({ files: { 'src/rates.rs': { head: code } } });
      expect(out).toHaveLength(1);
      expect(out[0]).toMatch(/^src\/rates\.rs:3: .*no timeout/);
    });
    it('state client added without timeout while its requests are elsewhere: reported at the construction', async () => {
      const out = await findings({ files: { 'src/state.rs': { head: STATE_NO_TIMEOUT } } });
      expect(out.map((l) => l.split(': ')[0])).toEqual(['src/state.rs:9']);
    });
    it('state client and handler both added: one finding, at the construction', async () => {
      const out = await findings({ files: { 'src/handlers/checkout.rs': { head: HANDLER }, 'src/state.rs': { head: STATE_NO_TIMEOUT } } });
      expect(out.map((l) => l.split(': ')[0])).toEqual(['src/state.rs:9']);
    });
    it('client held in a Lazy static', async () => {
      const code = `use once_cell::sync::Lazy;
static HTTP: Lazy<reqwest::Client> = Lazy::new(reqwest::Client::new);
pub async fn ping(url: &str) -> bool {
    HTTP.get(url).send().await.is_ok()
}
`;
      const out = await findings({ files: { 'src/ping.rs': { head: code }, }, });
      expect(out.map((l) => l.split(': ')[0])).toEqual(['src/ping.rs:2']);
    });
    it('reqwest::get convenience fn', async () => {
      const code = `pub async fn fetch(url: &str) -> reqwest::Result<String> {
    reqwest::get(url).await?.text().await
}
`;
      const out = await findings({ files: { 'src/fetch.rs': { head: code } } });
      expect(out.map((l) => l.split(': ')[0])).toEqual(['src/fetch.rs:2']);
    });
    it('tokio TcpStream::connect without timeout', async () => {
      const code = `use tokio::net::TcpStream;
pub async fn dial(addr: &str) -> io::Result<TcpStream> {
    TcpStream::connect(addr).await
}
`;
      const out = await findings({ files: { 'src/dial.rs': { head: code } } });
      expect(out.map((l) => l.split(': ')[0])).toEqual(['src/dial.rs:3']);
      expect(out[0]).toContain('TcpStream::connect');
    });
    it('a TLS handshake on a rustls connector (a parameter, or one built in the fn) with no timeout', async () => {
      const code = `use std::sync::Arc;
use tokio_rustls::TlsConnector;

pub async fn sync_from(connector: &TlsConnector, peer: ServerName<'static>, tcp: TcpStream) -> Result<(), SyncError> {
    let mut stream = connector
        .connect(peer, tcp)
        .await
        .map_err(SyncError::Tls)?;
    stream.write_all(b"HELLO").await?;
    Ok(())
}

pub async fn probe(config: ClientConfig, peer: ServerName<'static>, tcp: TcpStream) -> bool {
    let tls = TlsConnector::from(Arc::new(config));
    tls.connect(peer, tcp).await.is_ok()
}
`;
      const out = await findings({ files: { 'src/sync.rs': { head: code } } });
      expect(out.map((l) => l.split(': ')[0])).toEqual(['src/sync.rs:5', 'src/sync.rs:15']);
      expect(out[0]).toContain('TLS handshake');
    });
  });

  describe('a client handed to a helper as a parameter', () => {
    const code = (build: string) => `pub fn start_notifier(store: Arc<Store>) {
    tokio::spawn(async move {
        let http = ${build};
        loop {
            tokio::time::sleep(Duration::from_secs(10)).await;
            let _ = deliver_pending(&store, &http).await;
        }
    });
}

async fn deliver_pending(store: &Store, http: &reqwest::Client) -> Result<(), Error> {
    for hook in store.pending().await? {
        http.post(&hook.url).json(&hook.body).send().await?;
    }
    Ok(())
}
`;

    it('is traced back to where its only caller built it, and reported there', async () => {
      const out = await findings({ files: { 'src/notify.rs': { head: code('reqwest::Client::new()') } } });
      expect(out.map((l) => l.split(': ')[0])).toEqual(['src/notify.rs:3']);
    });

    it('a request built into a binding first and sent later counts too', async () => {
      const head = code('reqwest::Client::new()').replace('http.post(&hook.url).json(&hook.body).send().await?;', 'let request = http.post(&hook.url).json(&hook.body);\n        request.send().await?;');
      const out = await findings({ files: { 'src/notify.rs': { head } } });
      expect(out.map((l) => l.split(': ')[0])).toEqual(['src/notify.rs:3']);
    });

    it('stays silent when the request built into a binding set its own timeout', async () => {
      const head = code('reqwest::Client::new()').replace('http.post(&hook.url).json(&hook.body).send().await?;', 'let request = http.post(&hook.url).timeout(Duration::from_secs(3));\n        request.send().await?;');
      const out = await findings({ files: { 'src/notify.rs': { head } } });
      expect(out).toEqual([]);
    });

    it('stays silent when that caller set a timeout', async () => {
      const out = await findings({ files: { 'src/notify.rs': { head: code('reqwest::Client::builder().timeout(Duration::from_secs(5)).build()?') } } });
      expect(out).toEqual([]);
    });
  });

  describe('where the request runs', () => {
    const PROBE = `pub async fn probe(port: u16) -> anyhow::Result<bool> {
    let client = reqwest::Client::new();
    let res = client.get(format!("http://127.0.0.1:{port}/ready")).send().await?;
    Ok(res.status().is_success())
}
`;
    const severities = async (fx: ChangeFixture) => {
      const out = await runChangeRule(rule, fx);
      expect(out.ruleErrors).toEqual([]);
      return out.findings.map((f) => `${f.path}:${f.line} ${f.severity}`);
    };

    it('a probe subcommand only `main` reaches is noted as info on the client line (else noisy)', async () => {
      const main = `mod probe;
#[tokio::main]
async fn main() {
    if std::env::args().nth(1).as_deref() == Some("probe") {
        std::process::exit(if probe::probe(8080).await.unwrap_or(false) { 0 } else { 1 });
    }
    serve().await;
}
`;
      expect(await severities({ files: { 'src/probe.rs': { head: PROBE } }, unchanged: { 'src/main.rs': main } })).toEqual(['src/probe.rs:2 info']);
    });

    it('the same probe called from a route handler warns (else missing)', async () => {
      const main = `mod probe;
async fn ready() -> StatusCode {
    if probe::probe(9090).await.unwrap_or(false) { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE }
}
#[tokio::main]
async fn main() {
    let app = Router::new().route("/ready", get(ready));
    serve(app).await;
}
`;
      expect(await severities({ files: { 'src/probe.rs': { head: PROBE } }, unchanged: { 'src/main.rs': main } })).toEqual(['src/probe.rs:2 warning']);
    });

    it('a client stored by a command-line tool (a prompt crate, its own main) is info (else noisy)', async () => {
      const api = `pub struct Api {
    http: reqwest::Client,
}
impl Api {
    pub fn new() -> Self {
        Self { http: reqwest::Client::new() }
    }
}
`;
      const fx: ChangeFixture = {
        files: { 'src/api.rs': { head: api } },
        unchanged: {
          'Cargo.toml': `[package]
name = "deckctl"
[dependencies]
dialoguer = "0.11"
reqwest = "0.12"
`,
          'src/main.rs': `mod api;
#[tokio::main]
async fn main() {
    let api = api::Api::new();
    let name: String = dialoguer::Input::new().interact_text().unwrap();
    api.create(&name).await;
}
`,
        },
      };
      expect(await severities(fx)).toEqual(['src/api.rs:6 info']);
    });

    it('a command-line tool that drains a channel its own finite producer feeds is still a tool: its client is info; a producer that loops makes it a daemon (warning)', async () => {
      const fetcher = `pub static HTTP: std::sync::LazyLock<reqwest::Client> = std::sync::LazyLock::new(|| reqwest::Client::builder().user_agent("mirror").build().unwrap());
pub async fn fetch(url: &str) -> anyhow::Result<Vec<u8>> {
    Ok(HTTP.get(url).send().await?.bytes().await?.to_vec())
}
`;
      const main = (producer: string) => `mod fetcher;
use tokio::sync::mpsc;
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let (tx, mut rx) = mpsc::channel(32);
    let lister = tokio::task::spawn_blocking(move || {
${producer}
    });
    while let Some(url) = rx.recv().await {
        let body = fetcher::fetch(&url).await?;
        store(&args.out, body).await?;
    }
    lister.await?;
    Ok(())
}
async fn store(dir: &str, body: Vec<u8>) -> anyhow::Result<()> { Ok(()) }
`;
      const manifest = `[package]
name = "mirrorctl"
[dependencies]
clap = "4"
reqwest = "0.12"
tokio = "1"
`;
      const finite = '        for line in std::io::stdin().lines() { tx.blocking_send(line.unwrap()).unwrap(); }';
      const endless = '        loop { tx.blocking_send(next_url()).unwrap(); }';
      expect(await severities({ files: { 'src/fetcher.rs': { head: fetcher } }, unchanged: { 'Cargo.toml': manifest, 'src/main.rs': main(finite) } })).toEqual(['src/fetcher.rs:1 info']);
      expect(await severities({ files: { 'src/fetcher.rs': { head: fetcher } }, unchanged: { 'Cargo.toml': manifest, 'src/main.rs': main(endless) } })).toEqual(['src/fetcher.rs:1 warning']);
    });

    it('a request made while serving a request of a router with a TimeoutLayer is info (the layer ends the wait); without the layer, or from a background job, a warning', async () => {
      const main = (layer: string) => `mod avatar;
use std::time::Duration;
use tower_http::timeout::TimeoutLayer;
#[tokio::main]
async fn main() {
    tokio::spawn(avatar::refresh_all());
    let app = Router::new().route("/avatar/:user", get(avatar::fetch))${layer};
    serve(app).await;
}
`;
      const avatar = `pub async fn fetch(Path(user): Path<String>) -> Result<Vec<u8>, ApiError> {
    let http = reqwest::Client::builder().user_agent("avatars").build()?;
    Ok(http.get(format!("https://img.example/{user}")).send().await?.bytes().await?.to_vec())
}
pub async fn refresh_all() {
    let http = reqwest::Client::new();
    loop {
        let _ = http.get("https://img.example/all").send().await;
    }
}
`;
      const layered = main('.layer(TimeoutLayer::new(Duration::from_secs(30)))');
      expect(await severities({ files: { 'src/avatar.rs': { head: avatar } }, unchanged: { 'src/main.rs': layered } })).toEqual(['src/avatar.rs:2 info', 'src/avatar.rs:6 warning']);
      expect(await severities({ files: { 'src/avatar.rs': { head: avatar } }, unchanged: { 'src/main.rs': main('') } })).toEqual(['src/avatar.rs:2 warning', 'src/avatar.rs:6 warning']);
      // A request in a handler through a shared client built elsewhere: noted on the request, with the layer.
      const app = `mod handlers;
mod state;
#[tokio::main]
async fn main() {
    let app = Router::new().route("/checkout", post(handlers::checkout::checkout)).layer(tower_http::timeout::TimeoutLayer::new(Duration::from_secs(20)));
    serve(app).await;
}
`;
      const out = await runChangeRule(rule, { files: { 'src/handlers/checkout.rs': { head: HANDLER } }, unchanged: { 'src/state.rs': STATE_NO_TIMEOUT, 'src/main.rs': app, 'src/handlers/mod.rs': 'pub mod checkout;\n' } });
      expect(out.findings.map((f) => `${f.path}:${f.line} ${f.severity}`)).toEqual(['src/handlers/checkout.rs:7 info']);
      expect(out.findings[0]!.message).toContain('TimeoutLayer::new(..)` (src/main.rs:5) cancels');
      // A layer that bounds only the reading of the body does not bound the handler.
      const bodyOnly = main('.layer(tower_http::timeout::RequestBodyTimeoutLayer::new(Duration::from_secs(30)))');
      expect(await severities({ files: { 'src/avatar.rs': { head: avatar } }, unchanged: { 'src/main.rs': bodyOnly } })).toEqual(['src/avatar.rs:2 warning', 'src/avatar.rs:6 warning']);
    });

    it("a one-off admin command of a server's binary that fans its requests out over tasks it awaits is info; tasks it leaves running are a warning", async () => {
      // The command builds one client and hands it to a task per item; it waits for every task before it ends.
      const rerender = (wait: string) => `pub async fn run(ids: Vec<i32>) -> anyhow::Result<()> {
    let client = reqwest::Client::new();
    let mut tasks = Vec::new();
    for id in ids {
        let client = client.clone();
        let handle = tokio::spawn(async move { fetch(&client, id).await });
        tasks.push(handle);
    }
${wait}
    Ok(())
}
async fn fetch(client: &reqwest::Client, id: i32) -> anyhow::Result<Vec<u8>> {
    Ok(client.get(format!("https://static.example/{id}")).send().await?.bytes().await?.to_vec())
}
`;
      const main = `mod rerender;
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match std::env::args().nth(1).as_deref() {
        Some("rerender") => rerender::run(vec![1, 2]).await,
        _ => serve().await,
    }
}
`;
      const unchanged = { 'src/main.rs': main, 'Cargo.toml': '[package]\nname = "registry"\n[dependencies]\naxum = "0.8"\nreqwest = "0.12"\ntokio = "1"\n' };
      const awaited = '    for handle in tasks {\n        if let Err(e) = handle.await { println!("task panicked: {e}"); }\n    }';
      expect(await severities({ files: { 'src/rerender.rs': { head: rerender(awaited) } }, unchanged })).toEqual(['src/rerender.rs:2 info']);
      expect(await severities({ files: { 'src/rerender.rs': { head: rerender('    keep(tasks);') } }, unchanged })).toEqual(['src/rerender.rs:2 warning']);
    });

    it('a helper of a module declared only under #[cfg(test)] stays silent (else noisy)', async () => {
      const fx: ChangeFixture = { files: { 'src/probe_harness.rs': { head: PROBE } }, unchanged: { 'src/lib.rs': `pub mod app;
#[cfg(test)]
mod probe_harness;
` } };
      expect(await severities(fx)).toEqual([]);
    });
  });
});
