import rule from '../../../src/rules/async/blocking-call-in-async.js';
import { testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    {
      name: "a helper that sleeps, called in the body of a method with its own `#[tokio::main]` (its runtime's start-up), reached from a method nothing calls",
      files: {
        'src/main.rs': `fn main() {
    gateway::Gateway::listen(std::env::args().nth(1).unwrap_or_default());
}
`,
        'src/lib.rs': `pub mod gateway;
pub mod keys;
`,
        'src/keys.rs': `pub fn load_or_create() -> Vec<u8> {
    if !std::path::Path::new("gateway.key").exists() {
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    std::fs::read("gateway.key").unwrap_or_default()
}
`,
      },
      path: 'src/gateway.rs',
      code: `pub struct Gateway;
impl Gateway {
    pub fn listen_default() {
        Self::listen(String::new())
    }
    #[tokio::main(flavor = "multi_thread")]
    pub async fn listen(addr: String) {
        let key = crate::keys::load_or_create();
        serve(addr, key).await;
    }
}
`,
    },
    {
      name: 'a socket pair turned into tokio sockets is read with .await',
      code: `use std::os::unix::net::UnixStream;
pub async fn relay(frames: Vec<Vec<u8>>) -> std::io::Result<Vec<u8>> {
    let (ours, theirs) = UnixStream::pair()?;
    ours.set_nonblocking(true)?;
    let mut ours = tokio::net::UnixStream::from_std(ours)?;
    let mut got = Vec::new();
    ours.read_to_end(&mut got).await?;
    drop(theirs);
    Ok(got)
}
`,
    },
    {
      name: 'a std socket pair read in a synchronous fn',
      code: `use std::io::Read;
use std::os::unix::net::UnixStream;
pub fn drain() -> std::io::Result<usize> {
    let (mut a, _b) = UnixStream::pair()?;
    let mut buf = [0u8; 64];
    a.read(&mut buf)
}
`,
    },
    {
      name: 'a block-level `use std::fs` inside the spawn_blocking argument does not rename the async fs outside it',
      code: `use tokio::fs;
pub async fn pack(dir: PathBuf, out: PathBuf) -> anyhow::Result<u64> {
    let count = tokio::task::spawn_blocking({
        use std::fs;
        let dir = dir.clone();
        move || -> std::io::Result<u64> {
            let mut n = 0;
            for entry in fs::read_dir(&dir)? {
                let _ = fs::File::open(entry?.path())?;
                n += 1;
            }
            Ok(n)
        }
    })
    .await??;
    let mut marker = fs::File::create(&out).await?;
    marker.write_all(b"done").await?;
    Ok(count)
}
`,
    },
    {
      name: 'an awaited File::create is the async one whatever the imports say',
      code: `use std::fs::File;
pub async fn touch(path: &Path) -> std::io::Result<()> {
    let _f = tokio_file::File::create(path).await?;
    let _g = File::create(path).await?;
    Ok(())
}
`,
    },
    {
      name: 'std::fs inside spawn_blocking',
      code: `pub async fn export(path: PathBuf) -> std::io::Result<Vec<u8>> {
    tokio::task::spawn_blocking(move || std::fs::read(&path)).await.unwrap()
}
`,
    },
    {
      name: 'tokio::fs imported as fs',
      code: `use tokio::fs;
pub async fn load(path: &Path) -> std::io::Result<String> {
    fs::read_to_string(path).await
}
`,
    },
    {
      name: 'std::fs in a sync helper fn',
      code: `use std::fs;
fn read_gzipped(path: &Path) -> std::io::Result<Vec<u8>> {
    let csv = fs::read(path)?;
    Ok(csv)
}
`,
    },
    {
      name: 'config read at start-up in #[tokio::main]',
      code: `#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let raw = std::fs::read_to_string("config.toml")?;
    serve(raw).await
}
`,
    },
    {
      name: 'thread::sleep inside a std::thread::spawn closure',
      code: `use std::thread;
pub async fn start_ticker() {
    thread::spawn(|| loop {
        thread::sleep(Duration::from_secs(1));
        tick();
    });
}
`,
    },
    {
      name: 'web::block in an actix handler',
      code: `use actix_web::{web, HttpResponse};
pub async fn upload(body: web::Bytes) -> HttpResponse {
    web::block(move || std::fs::write("/tmp/upload", &body)).await.unwrap().unwrap();
    HttpResponse::Ok().finish()
}
`,
    },
    {
      name: 'tokio::process::Command',
      code: `use tokio::process::Command;
pub async fn git_rev() -> std::io::Result<Vec<u8>> {
    Ok(Command::new("git").arg("rev-parse").output().await?.stdout)
}
`,
    },
    {
      name: 'tokio mpsc recv awaited',
      code: `pub async fn drain(mut rx: tokio::sync::mpsc::Receiver<u32>) {
    while let Some(v) = rx.recv().await { handle(v); }
}
`,
    },
    {
      name: 'std::fs in a #[tokio::test]',
      code: `#[tokio::test]
async fn parses_fixture() {
    let raw = std::fs::read_to_string("tests/fixtures/a.json").unwrap();
    assert!(parse(&raw).await.is_ok());
}
`,
    },
    {
      name: 'sync helper with std::fs called through spawn_blocking',
      code: `fn read_gzipped(path: &Path) -> std::io::Result<Vec<u8>> {
    let csv = std::fs::read(path)?;
    gzip(&csv)
}
pub async fn download(path: PathBuf) -> std::io::Result<Vec<u8>> {
    tokio::task::spawn_blocking(move || read_gzipped(&path)).await?
}
`,
    },
    {
      name: 'closure bound to a let, then handed to spawn_blocking',
      code: `pub async fn export(path: PathBuf) -> std::io::Result<Vec<u8>> {
    let job = move || std::fs::read(&path);
    tokio::task::spawn_blocking(job).await?
}
`,
    },
    {
      name: 'file read in a closure handed to a project wrapper (another file) over spawn_blocking',
      files: {
        'src/lib.rs': `pub mod blocking;
pub mod routes;
`,
        'src/blocking.rs': `pub async fn unblock<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(job).await.expect("join")
}
`,
      },
      path: 'src/routes.rs',
      code: `use crate::blocking::unblock;

pub async fn price_list(State(state): State<AppState>) -> String {
    let path = state.settings.price_list_path.clone();
    unblock(move || std::fs::read_to_string(path).unwrap_or_default()).await
}
`,
    },
    {
      name: 'closure that is the value of a block argument preparing its captures, handed to a project wrapper',
      files: {
        'src/lib.rs': `pub mod pool;
pub mod export;
`,
        'src/pool.rs': `pub async fn off_thread<R: Send + 'static>(f: impl FnOnce() -> anyhow::Result<R> + Send + 'static) -> anyhow::Result<R> {
    tokio::task::spawn_blocking(f).await?
}
`,
      },
      path: 'src/export.rs',
      code: `use crate::pool::off_thread;

pub async fn bundle(&self, out_dir: &Path) -> anyhow::Result<u64> {
    let total = off_thread({
        let out_dir = out_dir.to_owned();
        move || {
            let meta = std::fs::metadata(out_dir.join("bundle.tar"))?;
            Ok(meta.len())
        }
    })
    .await?;
    Ok(total)
}
`,
    },
    {
      name: 'block argument ending in a closure, tokio::task::spawn_blocking',
      code: `pub async fn checksum(path: &Path) -> std::io::Result<u32> {
    tokio::task::spawn_blocking({
        let path = path.to_path_buf();
        move || std::fs::read(&path).map(|b| crc32(&b))
    })
    .await?
}
`,
    },
  ],
  invalid: [
    {
      name: 'the end of a std socket pair iterated in a spawned task waits on the executor thread',
      code: `use std::io::Read;
use std::os::unix::net::UnixStream as Pipe;
pub async fn forward(tx: tokio::sync::mpsc::Sender<u8>) -> anyhow::Result<Pipe> {
    let (reader, writer) = Pipe::pair().context("pair")?;
    tokio::spawn(async move {
        for b in reader.bytes().filter_map(Result::ok) {
            tx.send(b).await.ok();
        }
    });
    Ok(writer)
}
`,
      lines: [6],
    },
    {
      name: 'writing to an anonymous std pipe in an async fn',
      code: `use std::io::Write;
pub async fn feed(payload: &[u8]) -> std::io::Result<std::io::PipeReader> {
    let (rx, mut wx) = std::io::pipe()?;
    wx.write_all(payload)?;
    Ok(rx)
}
`,
      lines: [4],
    },
    {
      name: 'a block-level `use std::fs` in async code blocks where it is used',
      code: `use tokio::fs;
pub async fn save(path: PathBuf, bytes: Vec<u8>) -> std::io::Result<()> {
    {
        use std::fs;
        fs::write(&path, &bytes)?;
    }
    fs::write(&path, &bytes).await
}
`,
      lines: [5],
    },
    {
      name: 'std::fs::read_to_string in an axum handler',
      code: `pub async fn quote(State(state): State<AppState>) -> Result<String, ApiError> {
    let contents = std::fs::read_to_string(&state.settings.price_list_path)
        .context("reading price list")?;
    Ok(contents)
}
`,
      lines: [2],
      messageIncludes: 'tokio::fs::read_to_string',
    },
    {
      name: 'std::thread::sleep in a retry loop (error)',
      code: `impl Deliverer {
    pub async fn deliver_with_retry(&self, url: &str) -> Result<(), DeliveryError> {
        loop {
            match self.deliver(url).await {
                Err(e) if retryable(&e) => {
                    std::thread::sleep(backoff);
                }
                result => return result,
            }
        }
    }
}
`,
      lines: [6],
      messageIncludes: 'tokio::time::sleep',
      severity: 'error',
    },
    {
      name: 'imported sleep',
      code: `use std::thread::sleep;
async fn wait_for_db() { sleep(Duration::from_millis(100)); }
`,
      lines: [2],
      messageIncludes: 'std::thread::sleep',
    },
    {
      name: 'reqwest::blocking inside an async method (error)',
      code: `impl GeoService {
    pub async fn timezone(&self, url: String) -> Result<String, GeoError> {
        let res: TimezoneResponse = reqwest::blocking::get(url)?.error_for_status()?.json()?;
        Ok(res.zone_id)
    }
}
`,
      lines: [3],
      messageIncludes: 'reqwest::blocking::get',
      severity: 'error',
    },
    {
      name: 'aliased std::fs module and File::open in an actix handler',
      code: `use std::fs as stdfs;
use std::fs::File;
use actix_web::{web, HttpResponse};
pub async fn download(path: web::Path<String>) -> HttpResponse {
    let meta = stdfs::metadata(path.as_str()).unwrap();
    let f = File::open(path.as_str()).unwrap();
    HttpResponse::Ok().body(format!("{}", meta.len()))
}
`,
      lines: [5, 6],
      messageIncludes: 'std::fs::metadata',
    },
    {
      name: 'std::process::Command output',
      code: `use std::process::Command;
pub async fn version() -> String {
    let out = Command::new("git").arg("describe").output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}
`,
      lines: [3],
      messageIncludes: 'tokio::process::Command',
    },
    {
      name: 'std mpsc recv in an async task',
      code: `use std::sync::mpsc;
async fn pump() {
    let (tx, rx) = mpsc::channel();
    start(tx);
    while let Ok(v) = rx.recv() { forward(v).await; }
}
`,
      lines: [5],
      messageIncludes: 'Receiver::recv',
    },
    {
      name: 'std::fs inside a sync closure inside async code (still on the executor)',
      code: `pub async fn sizes(paths: Vec<PathBuf>) -> Vec<u64> {
    paths.iter().map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)).collect()
}
`,
      lines: [2],
      messageIncludes: 'std::fs::metadata',
    },
    {
      name: 'std::net::TcpStream in an async block',
      code: `fn start(addr: String) {
    tokio::spawn(async move {
        let s = std::net::TcpStream::connect(&addr).unwrap();
        serve(s).await;
    });
}
`,
      lines: [3],
      messageIncludes: 'the async block in `start`',
    },
    {
      name: 'sync helper doing std::fs called straight from a handler',
      code: `fn load_prices(path: &Path) -> anyhow::Result<PriceList> {
    let raw = std::fs::read_to_string(path)?;
    Ok(serde_json::from_str(&raw)?)
}
pub async fn quote(State(state): State<AppState>) -> Result<Json<Quote>, ApiError> {
    let prices = load_prices(&state.settings.price_list_path)?;
    Ok(Json(prices.quote()))
}
`,
      lines: [6],
      messageIncludes: '`load_prices(..)`',
    },
    {
      name: 'sync helper in another module (imported with super::) reads a file',
      files: {
        'src/lib.rs': `pub mod config;
pub mod routes;
`,
        'src/config.rs': `use std::fs;

pub fn load_settings(path: &str) -> Settings {
    let text = fs::read_to_string(path).unwrap_or_default();
    toml::from_str(&text).unwrap_or_default()
}
`,
      },
      path: 'src/routes/admin.rs',
      code: `use super::super::config;

pub async fn reload(State(state): State<AppState>) -> StatusCode {
    let settings = config::load_settings(&state.settings_path);
    state.apply(settings).await;
    StatusCode::OK
}
`,
      lines: [4],
      messageIncludes: 'src/config.rs:4',
    },
  ],
});

const builderMain = `mod builder;
fn main() {
    let b = builder::Builder::new();
    std::thread::spawn(move || loop { b.build_next(); });
    serve_forever();
}
`;
const finishRelease = `pub struct Builder { runtime: Runtime }
impl Builder {
    pub fn build_next(&self) {
        let dir = self.checkout();
        self.runtime.block_on(finish(&dir)).unwrap();
    }
}
pub async fn finish(dir: &Path) -> std::io::Result<()> {
    let readme = std::fs::read_to_string(dir.join("README.md"))?;
    save(readme).await
}
`;

/** Where the code runs, from the model: a command's async fn reached only from `main` stalls nobody. */
testFileRule(rule, {
  valid: [
    {
      name: 'a helper that inflates bytes into a buffer with std::io::copy: the cost is CPU (cpu-heavy-in-async reports it), not blocking I/O',
      files: { 'src/codec.rs': `use std::io::Read;
pub fn inflate(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    std::io::copy(&mut flate2::read::GzDecoder::new(bytes), &mut out)?;
    Ok(out)
}
` },
      code: `use crate::codec::inflate;
pub async fn upload(State(state): State<AppState>, body: Bytes) -> Result<StatusCode, ApiError> {
    let raw = inflate(&body)?;
    state.store.put(raw).await?;
    Ok(StatusCode::CREATED)
}
`,
    },
    {
      name: 'a command-line tool (prompts its user) whose library runs the command through a constructed value, beside a local preview server',
      manifests: { 'deck/Cargo.toml': `[package]
name = "deck"
[dependencies]
clap = "4"
dialoguer = "0.11"
hyper = "1"
` },
      files: {
        'deck/src/bin/deck.rs': `use deck::Deck;
#[tokio::main]
async fn main() -> anyhow::Result<()> {
    Deck::new(Args::parse())?.run().await
}
`,
        'deck/src/preview.rs': `pub async fn serve(listener: TcpListener) {
    loop {
        let (sock, _) = listener.accept().await.unwrap();
        tokio::spawn(answer(sock));
    }
}
async fn answer(sock: TcpStream) {}
`,
      },
      path: 'deck/src/lib.rs',
      code: `pub mod preview;
pub struct Deck { args: Args }
impl Deck {
    pub fn new(args: Args) -> anyhow::Result<Self> { Ok(Self { args }) }
    pub async fn run(&self) -> anyhow::Result<()> {
        let slides = std::fs::read_to_string(&self.args.path)?;
        publish(slides).await
    }
}
`,
    },
    {
      name: 'a tool that reads its command line with std::env::args, serves nothing, spawns nothing (its command in a library fn called by name)',
      manifests: { 'stamp/Cargo.toml': `[package]
name = "stamp"
` },
      files: { 'stamp/src/main.rs': `mod sign;
#[tokio::main]
async fn main() {
    let path = std::env::args().nth(1).unwrap();
    let signer = make_signer();
    signer.sign_file(&path).await;
}
` },
      path: 'stamp/src/sign.rs',
      code: `pub struct Signer;
impl Signer {
    pub async fn sign_file(&self, path: &str) {
        let bytes = std::fs::read(path).unwrap();
        upload(sign(&bytes)).await;
    }
}
`,
    },
    {
      name: "a command-line tool's polling loop (it prompts its user: one person waits for the command)",
      manifests: { 'pollctl/Cargo.toml': `[package]
name = "pollctl"
[dependencies]
inquire = "0.7"
` },
      files: { 'pollctl/src/main.rs': `mod login;
#[tokio::main]
async fn main() {
    let code = std::env::args().nth(1).unwrap();
    login::wait_for_approval(&code).await;
}
` },
      path: 'pollctl/src/login.rs',
      code: `pub async fn wait_for_approval(code: &str) -> Option<String> {
    let start = Instant::now();
    while start.elapsed() < MAX_WAIT {
        if let Some(token) = check(code).await {
            return Some(token);
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    None
}
`,
    },
    {
      name: "a command-line tool's command, reached only from main (another file)",
      files: {
        'src/main.rs': `mod pack;
#[tokio::main]
async fn main() {
    let args = Args::parse();
    pack::bundle(&args.dir).await.unwrap();
}
`,
      },
      path: 'src/pack.rs',
      code: `pub async fn bundle(dir: &Path) -> std::io::Result<()> {
    let manifest = std::fs::read_to_string(dir.join("bundle.toml"))?;
    upload(manifest).await
}
`,
    },
  ],
  invalid: [
    {
      name: 'a helper that copies a file into a buffer with std::io::copy blocks on the disk',
      files: { 'src/codec.rs': `pub fn slurp(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    std::io::copy(&mut std::fs::File::open(path)?, &mut out)?;
    Ok(out)
}
` },
      code: `use crate::codec::slurp;
pub async fn upload(State(state): State<AppState>) -> Result<StatusCode, ApiError> {
    let raw = slurp(&state.settings.seed_path)?;
    state.store.put(raw).await?;
    Ok(StatusCode::CREATED)
}
`,
      lines: [3],
      messageId: 'indirect',
    },
    {
      // The model knows only block_on drives it today: no executor worker stalls, so it is a note
      // (an async fn's next caller may await it on the executor; docs.rs fixed this shape with spawn_blocking).
      name: 'an async fn only block_on drives, on a builder thread of its own, is a note that no worker stalls today',
      files: { 'src/main.rs': builderMain },
      path: 'src/builder.rs',
      code: finishRelease,
      lines: [9],
      messageId: 'offExecutor',
    },
    {
      name: 'a task spawned from main runs beside the server: it blocks the workers',
      files: {
        'src/main.rs': `mod warm;
#[tokio::main]
async fn main() {
    tokio::spawn(warm::refresh_forever());
    serve().await;
}
`,
      },
      path: 'src/warm.rs',
      code: `pub async fn refresh_forever() {
    loop {
        let text = std::fs::read_to_string("/srv/prices.json").unwrap_or_default();
        tokio::time::sleep(Duration::from_secs(30)).await;
    }
}
`,
      lines: [3],
    },
    {
      name: 'the same async fn also awaited by a route handler runs on the executor there',
      files: {
        'src/main.rs': builderMain.replace('serve_forever();', 'serve(Router::new().route("/publish", post(builder::publish)));'),
      },
      path: 'src/builder.rs',
      code: `${finishRelease}pub async fn publish(Json(dir): Json<PathBuf>) -> StatusCode {
    finish(&dir).await.unwrap();
    StatusCode::OK
}
`,
      lines: [9],
      messageId: 'io',
    },
    {
      name: 'the same polling loop in a service: its handler waits on the workers every other request needs',
      manifests: { 'pollsvc/Cargo.toml': `[package]
name = "pollsvc"
[dependencies]
clap = "4"
axum = "0.8"
` },
      files: { 'pollsvc/src/main.rs': `mod login;
#[tokio::main]
async fn main() {
    serve(Router::new().route("/approve", post(login::wait_for_approval))).await;
}
` },
      path: 'pollsvc/src/login.rs',
      code: `pub async fn wait_for_approval(Json(code): Json<String>) -> Option<String> {
    for _ in 0..60 {
        if let Some(token) = check(&code).await {
            return Some(token);
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    None
}
`,
      lines: [6],
    },
    {
      name: 'a worker daemon that parses flags and then loops over jobs is no command-line tool',
      manifests: { 'drain/Cargo.toml': `[package]
name = "drain"
[dependencies]
clap = "4"
` },
      files: { 'drain/src/main.rs': `mod jobs;
#[tokio::main]
async fn main() {
    let args = Args::parse();
    loop {
        jobs::next(&args).await;
    }
}
` },
      path: 'drain/src/jobs.rs',
      code: `pub async fn next(args: &Args) {
    let job = std::fs::read_to_string(&args.queue_file).unwrap_or_default();
    run(job).await;
}
`,
      lines: [2],
    },
  ],
});

/** A ledger of another member, held behind a tokio `Mutex` under an alias: the guard's method is the ledger's. */
const ledgerWorkspace = (replayBody: string) => ({
  files: {
    'journal/src/lib.rs': 'pub mod log;\n',
    'journal/src/log.rs': `pub struct Ledger { dir: std::path::PathBuf }
impl Ledger {
    pub fn replay(&self, from: u64) -> std::io::Result<Vec<u8>> {
${replayBody}
    }
}
`,
    'server/src/lib.rs': 'pub mod shared;\npub mod worker;\n',
    'server/src/shared.rs': `use std::sync::Arc;
use tokio::sync::Mutex;
use journal::log::Ledger;
pub type SharedLedger = Arc<Mutex<Ledger>>;
`,
  },
  manifests: {
    'Cargo.toml': '[workspace]\nmembers = ["journal", "server"]\n',
    'journal/Cargo.toml': '[package]\nname = "journal"\n',
    'server/Cargo.toml': '[package]\nname = "server"\n[dependencies]\njournal = { path = "../journal" }\n',
  },
  path: 'server/src/worker.rs',
  code: `use crate::shared::SharedLedger;
pub async fn catch_up(ledger: SharedLedger, mut rx: tokio::sync::mpsc::Receiver<u64>) {
    while let Some(from) = rx.recv().await {
        let bytes = ledger.lock().await.replay(from);
        publish(bytes).await;
    }
}
`,
});

testFileRule(rule, {
  valid: [
    { name: "a lock guard's method that reads nothing from disk", ...ledgerWorkspace('        Ok(from.to_be_bytes().to_vec())') },
  ],
  invalid: [
    {
      name: "a lock guard's method (an alias of another module, a type of another member) that reads a file",
      ...ledgerWorkspace('        std::fs::read(self.dir.join(from.to_string()))'),
      lines: [4],
      messageIncludes: 'std::fs::read',
    },
  ],
});
