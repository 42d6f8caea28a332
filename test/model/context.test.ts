import { describe, expect, it } from 'vitest';
import type { CrateModel } from '../../src/model/index.js';
import { manifestFact, testSupportPackages } from '../../src/model/manifests.js';
import { crateModelOf } from '../helpers/crate-model.js';

const rs = (s: string) => s.replace(/^\n/, '');

/** Where the fn named `name` runs, by the model. */
function where(model: CrateModel, name: string): string {
  const refs = model.index.fns.filter((f) => f.fn.name === name);
  expect(refs, `fn ${name}`).toHaveLength(1);
  return model.contexts.of(refs[0]!);
}

describe('manifests', () => {
  it('read package and library names, binaries and both kinds of dependency', () => {
    const m = manifestFact(
      'tools/kiln-cli/Cargo.toml',
      rs(`
[package]
name = "kiln-cli"

[[bin]]
name = "kiln"

[dependencies]
kiln-core = { path = "../../core" }
fmt_helpers.workspace = true
renamed = { package = "kiln-wire", version = "1" }

[target.'cfg(unix)'.dependencies]
nix = "0.29"

[dev-dependencies]
kiln-fixtures = { path = "../../fixtures" }

[dependencies.kiln-store]
path = "../../store"
`),
    );
    expect(m).toEqual({
      dir: 'tools/kiln-cli/',
      name: 'kiln-cli',
      libName: 'kiln_cli',
      hasBin: true,
      deps: ['fmt_helpers', 'kiln-core', 'kiln-store', 'kiln-wire', 'nix'],
      devDeps: ['kiln-fixtures'],
    });
    const features = manifestFact('app/Cargo.toml', '[package]\nname = "app"\n[features]\ndefault = ["tls"]\n[dependencies]\ncore = { path = "../core", features = ["tls"] }\n[dev-dependencies.core]\npath = "../core"\nfeatures = ["test", "tls"]\n');
    expect(features).toMatchObject({ depFeatures: { core: ['tls'] }, devFeatures: { core: ['test', 'tls'] }, defaultFeatures: ['tls'] });
  });

  it('know a package only other members test with, not one something runs with, and not the workspace table', () => {
    const root = manifestFact('Cargo.toml', '[workspace]\nmembers = ["*"]\n[workspace.dependencies]\nkiln-fixtures = { path = "fixtures" }\nkiln-core = { path = "core" }\n');
    const app = manifestFact('app/Cargo.toml', '[package]\nname = "kiln-app"\n[dependencies]\nkiln-core.workspace = true\n[dev-dependencies]\nkiln-fixtures.workspace = true\nkiln-core.workspace = true\n');
    const fixtures = manifestFact('fixtures/Cargo.toml', '[package]\nname = "kiln-fixtures"\n[dependencies]\nkiln-core.workspace = true\n');
    const core = manifestFact('core/Cargo.toml', '[package]\nname = "kiln-core"\n');
    expect([...testSupportPackages([root, app, fixtures, core])]).toEqual(['kiln-fixtures']);
  });

  it('count an optional dependency that only a test-only feature turns on as a test dependency (a multi-line feature list too)', () => {
    const ctx = (testing: string) =>
      manifestFact('ctx/Cargo.toml', `[package]\nname = "kiln-ctx"\n[features]\n${testing}\n[dependencies]\nkiln-core = { path = "../core" }\nkiln-fakes = { path = "../fakes", optional = true }\n`);
    const web = manifestFact('web/Cargo.toml', '[package]\nname = "kiln-web"\n[dependencies]\nkiln-ctx = { path = "../ctx" }\n[dev-dependencies]\nkiln-ctx = { path = "../ctx", features = ["testing"] }\nkiln-fakes = { path = "../fakes" }\n');
    const fakes = manifestFact('fakes/Cargo.toml', '[package]\nname = "kiln-fakes"\n[dependencies]\nkiln-core = { path = "../core" }\n');
    const core = manifestFact('core/Cargo.toml', '[package]\nname = "kiln-core"\n');
    const multiLine = ctx('testing = [\n    "dep:kiln-fakes",\n    "kiln-core/testing",\n]');
    expect(multiLine).toMatchObject({ optionalDeps: ['kiln-fakes'], features: { testing: ['dep:kiln-fakes', 'kiln-core/testing'] } });
    expect([...testSupportPackages([multiLine, web, fakes, core])]).toEqual(['kiln-fakes']);
    // Turned on by a feature the programs use too: code that runs.
    const shipped = ctx('testing = ["dep:kiln-fakes"]\ndemo = ["dep:kiln-fakes"]');
    const demoWeb = manifestFact('web/Cargo.toml', '[package]\nname = "kiln-web"\n[dependencies]\nkiln-ctx = { path = "../ctx", features = ["demo"] }\n[dev-dependencies]\nkiln-ctx = { path = "../ctx", features = ["testing"] }\nkiln-fakes = { path = "../fakes" }\n');
    expect([...testSupportPackages([shipped, demoWeb, fakes, core])]).toEqual([]);
  });
});

describe('where code runs', () => {
  it('knows a module compiled only for tests: #[cfg(test)] mod x; in another file, or a feature only dev-dependencies turn on', async () => {
    const model = await crateModelOf(
      {
        'store/src/lib.rs': rs(`
#[cfg(test)]
mod unit;
#[cfg(feature = "fixtures")]
pub mod fixtures;
#[cfg(feature = "metrics")]
pub mod metrics;
pub fn open() -> Store { Store::default() }
`),
        'store/src/unit.rs': rs(`
pub fn seeded() -> Store { crate::open() }
`),
        'store/src/fixtures.rs': rs(`
pub async fn insert_sample(store: &Store) { store.put(1).await.unwrap(); }
`),
        'store/src/metrics.rs': rs(`
pub fn record(store: &Store) { store.count().unwrap(); }
`),
        'server/src/main.rs': rs(`
fn main() { store::open(); }
`),
      },
      {
        'store/Cargo.toml': '[package]\nname = "store"\n[features]\ndefault = []\nfixtures = []\nmetrics = []\n',
        'server/Cargo.toml': '[package]\nname = "server"\n[dependencies]\nstore = { path = "../store", features = ["metrics"] }\n[dev-dependencies]\nstore = { path = "../store", features = ["fixtures", "metrics"] }\n',
      },
    );
    expect(where(model, 'seeded')).toBe('test');
    expect(where(model, 'insert_sample')).toBe('test');
    // `metrics` is also turned on for the server itself: not test-only.
    expect(where(model, 'record')).not.toBe('test');
  });

  it('knows a module gated by a cfg that needs the test build among other options (all(test, ..), any of test-only options)', async () => {
    const model = await crateModelOf({
      'src/lib.rs': rs(`
#[cfg(all(test, feature = "pg"))]
mod pg_tests;
#[cfg(all(feature = "pg", test))]
mod pg_fixtures {
    pub fn seeded_pool() -> Pool { crate::open() }
}
#[cfg(any(test, all(test, unix)))]
mod either;
#[cfg(any(test, unix))]
mod platform;
#[cfg(all(not(test), feature = "pg"))]
mod deployed;
pub fn open() -> Pool { Pool::default() }
`),
      'src/pg_tests.rs': 'pub fn migrated() -> Pool { crate::open() }\n',
      'src/either.rs': 'pub fn sample() -> Pool { crate::open() }\n',
      'src/platform.rs': 'pub fn socket() -> Pool { crate::open() }\n',
      'src/deployed.rs': 'pub fn serve() -> Pool { crate::open() }\n',
    });
    expect(where(model, 'migrated')).toBe('test');
    expect(where(model, 'seeded_pool')).toBe('test');
    expect(where(model, 'sample')).toBe('test');
    // Compiled on unix without tests too; and compiled only without tests.
    expect(where(model, 'socket')).not.toBe('test');
    expect(where(model, 'serve')).not.toBe('test');
  });

  it('knows a module only tests use: its uncalled fns are test support too, not code of unknown callers', async () => {
    const model = await crateModelOf(
      {
        'ledger/src/lib.rs': rs(`
pub mod seeding;
pub mod books;
pub fn connect() -> Ledger { Ledger::default() }
pub fn unused_root_helper() {}
`),
        'ledger/src/seeding.rs': rs(`
pub async fn seed_entry(l: &Ledger, name: &str) -> i64 { l.insert(name).await }
pub async fn seed_entries(l: &Ledger, names: &[&str]) -> Vec<i64> {
    let mut ids = Vec::new();
    for n in names { ids.push(seed_entry(l, n).await); }
    ids
}
pub struct Seed { name: String }
impl Seed {
    pub fn build(self) -> String { self.name }
}
`),
        'ledger/src/books.rs': rs(`
pub async fn balance(l: &Ledger) -> i64 { let label = l.report().build(); l.sum().await }
pub async fn close_year(l: &Ledger) { l.archive().await }
`),
        'ledger/tests/entries.rs': rs(`
use ledger::seeding::*;
#[tokio::test]
async fn counts() { let l = ledger::connect(); seed_entry(&l, "a").await; ledger::books::balance(&l).await; }
`),
        'api/src/main.rs': rs(`
#[tokio::main]
async fn main() { let l = ledger::connect(); ledger::books::balance(&l).await; }
#[cfg(test)]
mod tests {
    use ledger::seeding;
    #[tokio::test]
    async fn seeded() { seeding::seed_entry(&ledger::connect(), "b").await; }
}
`),
      },
      {
        'ledger/Cargo.toml': '[package]\nname = "ledger"\n',
        'api/Cargo.toml': '[package]\nname = "api"\n[dependencies]\nledger = { path = "../ledger" }\n',
      },
    );
    expect(where(model, 'seed_entry')).toBe('test');
    // Called by nothing, beside fns only tests call: test support as well.
    expect(where(model, 'seed_entries')).toBe('test');
    // `l.report().build()` in the library may be this method (matched by its name alone): not test support.
    expect(where(model, 'build')).not.toBe('test');
    // A module the program uses too: a fn nothing calls there may be called from anywhere.
    expect(where(model, 'close_year')).toBe('unknown');
    // The crate root is the crate, not a support module.
    expect(where(model, 'unused_root_helper')).toBe('unknown');
  });

  it('a fn with its own runtime entry attribute is start-up code even when a caller the model cannot place calls it', async () => {
    const model = await crateModelOf({
      'src/main.rs': rs(`
fn main() {
    let port = std::env::args().nth(1).unwrap_or_default();
    relay::Relay::run_on(port);
}
`),
      'src/lib.rs': rs(`
pub mod relay;
`),
      'src/relay.rs': rs(`
pub struct Relay;
impl Relay {
    pub fn run_default() { Self::run_on(String::new()) }
    #[tokio::main]
    pub async fn run_on(port: String) {
        let key = load_key();
        serve(port, key).await;
    }
}
fn load_key() -> Vec<u8> { std::fs::read("key").unwrap_or_default() }
`),
    });
    expect(where(model, 'run_default')).toBe('unknown');
    expect(where(model, 'run_on')).toBe('startup');
    expect(where(model, 'load_key')).toBe('startup');
  });

  it('follows the call graph from routes, main and tests, across files, never by name', async () => {
    const model = await crateModelOf({
      'src/main.rs': rs(`
mod routes;
mod settings;
#[tokio::main]
async fn main() {
    let cfg = settings::setup_everything();
    let app = Router::new().route("/orders", get(routes::list_orders));
    serve(app, cfg).await;
}
`),
      'src/settings.rs': rs(`
pub fn setup_everything() -> Cfg { read_cfg() }
fn read_cfg() -> Cfg { Cfg::default() }
pub fn init_cache() -> Cache { Cache::default() }
`),
      'src/routes.rs': rs(`
pub async fn list_orders() -> String { crate::settings::init_cache(); render() }
fn render() -> String { String::new() }
fn sample_order() -> Order { Order::default() }
#[cfg(test)]
mod tests {
    #[test]
    fn renders() { super::sample_order(); }
}
`),
    });
    expect(where(model, 'setup_everything')).toBe('startup');
    expect(where(model, 'read_cfg')).toBe('startup');
    expect(where(model, 'list_orders')).toBe('request');
    expect(where(model, 'render')).toBe('request');
    // Named like start-up code, called per request.
    expect(where(model, 'init_cache')).toBe('request');
    expect(where(model, 'sample_order')).toBe('test');
  });

  it('sees tasks spawned at start-up and service loops of main as background jobs', async () => {
    const model = await crateModelOf({
      'src/main.rs': rs(`
fn main() {
    let state = setup();
    std::thread::spawn(move || sweep_expired(&state));
    loop {
        drain_queue();
    }
}
fn setup() -> State { State::default() }
fn sweep_expired(s: &State) {}
fn drain_queue() {}
`),
    });
    expect(where(model, 'setup')).toBe('startup');
    expect(where(model, 'sweep_expired')).toBe('background');
    expect(where(model, 'drain_queue')).toBe('background');
    // A panic in the spawned thread ends that thread; in main's own loop, the program.
    const inTask = (name: string) => model.contexts.inSpawnedTask(model.index.fns.find((f) => f.fn.name === name)!);
    expect([inTask('sweep_expired'), inTask('drain_queue'), inTask('setup')]).toEqual([true, false, false]);
  });

  it('sees a while-let draining a finite source (rows, a body, lines) as a batch that ends, and one over a channel as a service loop', async () => {
    const model = await crateModelOf({
      'src/main.rs': rs(`
#[tokio::main]
async fn main() {
    let pool = connect().await;
    let mut rows = sqlx::query_as::<_, Shelf>("SELECT * FROM shelves").fetch(&pool);
    while let Some(shelf) = rows.try_next().await.unwrap() {
        relabel(&pool, shelf).await;
    }
    let body = reqwest::get(MIRROR).await.unwrap();
    let mut chunks = body.bytes_stream();
    while let Some(chunk) = chunks.next().await {
        append_chunk(chunk.unwrap()).await;
    }
    let (tx, mut rx) = tokio::sync::mpsc::channel(16);
    start_watcher(tx);
    while let Some(event) = rx.recv().await {
        apply_event(event).await;
    }
}
async fn connect() -> PgPool { todo!() }
async fn relabel(pool: &PgPool, shelf: Shelf) {}
async fn append_chunk(chunk: Bytes) {}
fn start_watcher(tx: Sender<Event>) {}
async fn apply_event(event: Event) {}
`),
    });
    expect(where(model, 'relabel')).toBe('startup');
    expect(where(model, 'append_chunk')).toBe('startup');
    expect(where(model, 'apply_event')).toBe('background');
  });

  it('sees a loop draining a channel whose senders only producers that end hold as a batch, and one whose sender may live on as a service loop', async () => {
    const model = await crateModelOf({
      'src/main.rs': rs(`
use tokio::sync::mpsc;
#[tokio::main]
async fn main() {
    let (tx, mut rx) = mpsc::channel(64);
    let walker = tokio::task::spawn_blocking(move || {
        for page in list_pages() {
            tx.blocking_send(page).unwrap();
        }
    });
    while let Some(page) = rx.recv().await {
        index_page(page).await;
    }
    walker.await.unwrap();

    let (done_tx, mut done_rx) = mpsc::unbounded_channel();
    let mut batch = Vec::new();
    let copier = copy_all(move |n| { done_tx.send(n).ok(); });
    loop {
        if done_rx.recv_many(&mut batch, 100).await == 0 {
            break;
        }
        record_batch(&batch).await;
    }
    copier.await;

    let (feed_tx, mut feed_rx) = mpsc::channel(16);
    tokio::spawn(async move {
        loop {
            feed_tx.send(poll_feed().await).await.ok();
        }
    });
    while let Some(item) = feed_rx.recv().await {
        apply_item(item).await;
    }

    let (copy_tx, mut copy_rx) = mpsc::channel(16);
    let keep = copy_tx.clone();
    tokio::spawn(async move { copy_tx.send(1).await.ok(); });
    while let Some(n) = copy_rx.recv().await {
        apply_count(n, &keep).await;
    }
}
fn list_pages() -> Vec<Page> { Vec::new() }
async fn index_page(page: Page) {}
async fn copy_all(f: impl FnMut(u64)) {}
async fn record_batch(batch: &[u64]) {}
async fn poll_feed() -> Item { todo!() }
async fn apply_item(item: Item) {}
async fn apply_count(n: u64, keep: &mpsc::Sender<u64>) {}
`),
    });
    // The walker's `for` ends, its sender drops, `recv` gives `None`: the loop ends with it.
    expect(where(model, 'index_page')).toBe('startup');
    // A `loop` that breaks when `recv_many` reports the channel closed, fed by a call this fn awaits.
    expect(where(model, 'record_batch')).toBe('startup');
    // A producer that loops keeps its sender for as long as the program runs.
    expect(where(model, 'apply_item')).toBe('background');
    // A clone of the sender stays in this fn: the channel never closes.
    expect(where(model, 'apply_count')).toBe('background');
  });

  it('knows per-connection tasks of an accept loop, extractor impls and extractor-taking fns as request code', async () => {
    const model = await crateModelOf({
      'src/lib.rs': rs(`
pub async fn listen(listener: TcpListener) {
    loop {
        let (socket, _) = listener.accept().await.unwrap();
        tokio::spawn(async move { session(socket).await });
    }
}
async fn session(socket: TcpStream) { answer(&socket).await; }
async fn answer(socket: &TcpStream) {}
pub struct Tenant(String);
impl<S> FromRequestParts<S> for Tenant {
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Rejection> { tenant_of(parts) }
}
fn tenant_of(parts: &Parts) -> Result<Tenant, Rejection> { todo!() }
pub async fn show(Path(id): Path<u64>) -> String { String::new() }
pub fn unused_helper() {}
`),
    });
    expect(where(model, 'session')).toBe('request');
    expect(where(model, 'answer')).toBe('request');
    expect(where(model, 'tenant_of')).toBe('request');
    expect(where(model, 'show')).toBe('request');
    expect(where(model, 'unused_helper')).toBe('unknown');
  });

  it('resolves a binary calling into its own library, and puts a test-support package in tests', async () => {
    const model = await crateModelOf(
      {
        'app/src/lib.rs': 'pub mod boot;\n',
        'app/src/boot.rs': 'pub struct Boot;\nimpl Boot { pub fn from_env() -> Boot { Boot } }\npub fn open_store() {}\npub fn warm() {}\n',
        'app/src/main.rs': 'use kiln_app::boot::warm;\nfn main() { warm(); }\n',
        'app/src/bin/server.rs': 'use kiln_app::boot::Boot;\nfn main() { Boot::from_env(); kiln_app::boot::open_store(); }\n',
        // A binary of several files: `mod config;` in its main.rs is the file beside it.
        'app/src/bin/ops/main.rs': 'mod config;\nfn main() { config::load(); }\n',
        'app/src/bin/ops/config.rs': 'pub fn load() { decode_env() }\nfn decode_env() {}\n',
        'fixtures/src/lib.rs': 'pub fn seeded_db() -> Db { Db::connect("x").unwrap() }\n',
      },
      {
        'app/Cargo.toml': '[package]\nname = "kiln-app"\n[dev-dependencies]\nkiln-fixtures = { path = "../fixtures" }\n',
        'fixtures/Cargo.toml': '[package]\nname = "kiln-fixtures"\n',
      },
    );
    expect(where(model, 'from_env')).toBe('startup');
    expect(where(model, 'decode_env')).toBe('startup');
    // `use kiln_app::boot::warm;` in `src/main.rs`: the package's own library, the same crate folder.
    expect(where(model, 'warm')).toBe('startup');
    expect(where(model, 'open_store')).toBe('startup');
    expect(where(model, 'seeded_db')).toBe('test');
  });

  it('keeps a library fn that members the model did not read may call out of tests and start-up', async () => {
    const manifests = {
      'store/Cargo.toml': '[package]\nname = "kiln-store"\n',
      'web/Cargo.toml': '[package]\nname = "kiln-web"\n[dependencies]\nkiln-store = { path = "../store" }\n',
    };
    const store = {
      'store/src/lib.rs': rs(`
pub fn purge(dir: &Path) { wipe(dir) }
fn wipe(dir: &Path) {}
pub(crate) fn only_here() {}
#[cfg(test)]
mod tests {
    #[test]
    fn purges() { super::purge(Path::new("/tmp")); super::only_here(); }
}
`),
    };
    // A review of a change to the store reads the store, not the web crate that calls it.
    const partial = await crateModelOf(store, manifests);
    expect(where(partial, 'purge')).toBe('unknown');
    expect(where(partial, 'wipe')).toBe('unknown');
    expect(where(partial, 'only_here')).toBe('test');
    // With every member read, the store's fn is known to run only in its tests.
    const whole = await crateModelOf({ ...store, 'web/src/main.rs': 'fn main() {}\n' }, manifests);
    expect(where(whole, 'purge')).toBe('test');
  });

  it('never lets a method resolved by its name alone make code quieter', async () => {
    const model = await crateModelOf({
      'src/main.rs': rs(`
fn main() { let c = make(); c.refresh(); }
fn make() -> Box<dyn Thing> { todo!() }
`),
      'src/a.rs': 'pub struct A;\nimpl A { pub fn refresh(&self) {} }\n',
      'src/b.rs': 'pub struct B;\nimpl B { pub fn refresh(&self) {} }\n',
    });
    for (const ref of model.index.fns.filter((f) => f.fn.name === 'refresh')) expect(model.contexts.of(ref)).toBe('unknown');
  });

  it('tells a command-line tool from a service and a worker daemon by its manifest and its code, never its name', async () => {
    // Parses its command line, serves nothing, runs no background job.
    const cli = await crateModelOf(
      { 'kiln/src/main.rs': 'fn main() { let args = Args::parse(); run(args); }\nfn run(a: Args) {}\n' },
      { 'kiln/Cargo.toml': '[package]\nname = "kiln"\n[dependencies]\nclap = "4"\n' },
    );
    expect(cli.contexts.isCommandLineTool('kiln/src/main.rs')).toBe(true);
    // Prompts a person at a terminal: a tool even while one of its commands runs a local server.
    const interactive = await crateModelOf(
      {
        'deck/src/lib.rs': 'pub struct Deck;\nimpl Deck { pub fn new() -> anyhow::Result<Self> { Ok(Deck) } pub async fn run(&self) { upload().await; preview().await; } }\nasync fn upload() {}\nasync fn preview() { let app = Router::new().route("/", get(page)); }\nasync fn page() -> String { String::new() }\n',
        'deck/src/bin/deck.rs': 'use deck::Deck;\n#[tokio::main]\nasync fn main() { Deck::new()?.run().await; }\n',
      },
      { 'deck/Cargo.toml': '[package]\nname = "deck"\n[dependencies]\nclap = "4"\ndialoguer = "0.11"\n' },
    );
    expect(interactive.contexts.isCommandLineTool('deck/src/lib.rs')).toBe(true);
    // `Deck::new()?.run()`: the method of the type the constructor returns, so `run` is start-up code.
    expect(where(interactive, 'upload')).toBe('startup');
    // No argument parser, no terminal UI: a program, not a tool.
    const bare = await crateModelOf({ 'cli/src/main.rs': 'fn main() { run(); }\nfn run() {}\n' }, { 'cli/Cargo.toml': '[package]\nname = "kiln-cli"\n' });
    expect(bare.contexts.isCommandLineTool('cli/src/main.rs')).toBe(false);
    const service = await crateModelOf(
      { 'svc/src/main.rs': 'fn main() { let app = Router::new().route("/", get(home)); }\nasync fn home() -> &\'static str { "ok" }\n' },
      { 'svc/Cargo.toml': '[package]\nname = "kiln-svc"\n[dependencies]\nclap = "4"\n' },
    );
    expect(service.contexts.isCommandLineTool('svc/src/main.rs')).toBe(false);
    // A queue worker parses flags too, then runs jobs for as long as it lives.
    const worker = await crateModelOf(
      { 'worker/src/main.rs': 'fn main() { let a = Args::parse(); loop { drain(&a); } }\nfn drain(a: &Args) {}\n' },
      { 'worker/Cargo.toml': '[package]\nname = "kiln-worker"\n[dependencies]\nclap = "4"\n' },
    );
    expect(worker.contexts.isCommandLineTool('worker/src/main.rs')).toBe(false);
  });

  it('registers a fn handed by path to a routing call, not a name a closure argument mentions', async () => {
    const model = await crateModelOf({
      'src/main.rs': rs(`
fn main() {
    let app = Router::new().route("/", get(home)).route("/about", get(pages::about));
    let wanted = labels().iter().any(|l| l == label);
    let slot = 3;
    let cached = CACHE.get(slot);
}
async fn home() -> String { String::new() }
mod pages { pub async fn about() -> String { String::new() } }
fn label() -> &'static str { "x" }
fn labels() -> Vec<&'static str> { vec![] }
fn slot() -> usize { 0 }
`),
    });
    expect(where(model, 'home')).toBe('request');
    expect(where(model, 'about')).toBe('request');
    expect(where(model, 'label')).not.toBe('request');
    expect(where(model, 'slot')).not.toBe('request');
  });

  it('keeps code compiled only for tests in tests, even when a call resolved by name reaches it', async () => {
    const model = await crateModelOf(
      {
        'app/src/main.rs': rs(`
#[tokio::main]
async fn main() { let app = Router::new().route("/", get(home)); }
async fn home(State(db): State<Db>) -> String { db.reset(); String::new() }
`),
        'app/src/db.rs': 'pub struct Db;\nimpl Db { pub fn reset(&self) {} }\n',
        'testdb/src/lib.rs': 'pub struct TestDb;\nimpl TestDb { pub fn reset(&self) { scrub() } }\nfn scrub() {}\n',
      },
      {
        'app/Cargo.toml': '[package]\nname = "app"\n[dev-dependencies]\ntestdb = { path = "../testdb" }\n',
        'testdb/Cargo.toml': '[package]\nname = "testdb"\n',
      },
    );
    expect(where(model, 'scrub')).toBe('test');
    for (const ref of model.index.fns.filter((f) => f.fn.name === 'reset' && f.file.path.startsWith('testdb/'))) expect(model.contexts.of(ref)).toBe('test');
  });

  it('knows code of no deployed backend: a browser frontend, a side tool the workspace leaves out', async () => {
    const files = {
      'web/src/lib.rs': 'pub fn view(ctx: &Context) -> Html { html! {} }\n',
      'api/src/main.rs': 'fn main() { let app = Router::new().route("/", get(home)); }\nasync fn home() -> String { String::new() }\n',
      'tools/probe/src/main.rs': 'fn main() { let app = Router::new().route("/cb", get(callback)); }\nasync fn callback() -> String { String::new() }\n',
      'ssr/src/lib.rs': 'pub async fn render() -> String { String::new() }\n',
    };
    const model = await crateModelOf(files, {
      'Cargo.toml': '[workspace]\nmembers = ["web", "api", "ssr"]\nexclude = [\n  "tools/probe",\n]\n',
      'web/Cargo.toml': '[package]\nname = "web"\n[dependencies]\nyew = "0.21"\nweb-sys = "0.3"\n',
      'api/Cargo.toml': '[package]\nname = "api"\n[dependencies]\naxum = "0.8"\n',
      'tools/probe/Cargo.toml': '[package]\nname = "probe"\n[dependencies]\naxum = "0.8"\n',
      'ssr/Cargo.toml': '[package]\nname = "ssr"\n[dependencies]\nyew = "0.21"\naxum = "0.8"\n',
    });
    expect(model.contexts.inBackend('web/src/lib.rs')).toBe(false);
    expect(model.contexts.inBackend('tools/probe/src/main.rs')).toBe(false);
    expect(model.contexts.inBackend('api/src/main.rs')).toBe(true);
    // A frontend framework beside a server framework: it renders on the server too.
    expect(model.contexts.inBackend('ssr/src/lib.rs')).toBe(true);
  });

  it('says where request and background code is reached from: the handler, the fn that starts the task', async () => {
    const model = await crateModelOf({
      'src/main.rs': rs(`
mod billing;
#[tokio::main]
async fn main() {
    tokio::spawn(billing::reconcile_forever());
    serve(Router::new().route("/invoices", post(billing::create_invoice))).await;
}
`),
      'src/billing.rs': rs(`
pub async fn create_invoice() -> String { price().await }
async fn price() -> String { rates().await }
async fn rates() -> String { String::new() }
pub async fn reconcile_forever() { loop { reconcile().await; } }
async fn reconcile() {}
pub fn unused() {}
`),
    });
    const from = (name: string) => model.contexts.reachedFrom(model.index.fns.find((f) => f.fn.name === name)!)?.fn.name;
    expect(from('rates')).toBe('create_invoice');
    expect(from('create_invoice')).toBe('create_invoice');
    expect(from('reconcile')).toBe('main');
    expect(from('unused')).toBeUndefined();
  });

  it('follows fns handed over by path: to a macro, to an iterator adapter, to a thread', async () => {
    const model = await crateModelOf({
      'src/main.rs': rs(`
mod schema;
mod feed;
fn main() {
    schema::upgrade();
    std::thread::spawn(feed::pump);
    serve(Router::new().route("/feed", get(feed::list)));
}
`),
      'src/schema.rs': rs(`
macro_rules! boxed { ($f:ident) => { Box::new($f) }; }
pub fn upgrade() { let steps = [boxed!(to_v2), boxed!(self::to_v3)]; for s in steps { s(); } }
fn to_v2() {}
fn to_v3() {}
`),
      'src/feed.rs': rs(`
pub async fn list() -> Vec<Item> { rows().into_iter().map(to_item).collect() }
fn to_item(r: Row) -> Item { Item::from(r) }
pub fn pump() { loop { poll(); } }
fn poll() {}
pub fn mount(r: &mut Pages) { r.page("/show", show); }
fn show(req: &mut Req) -> Resp { Resp::ok() }
#[cfg(test)]
mod tests {
    #[test]
    fn mounts() { super::mount(&mut Pages::default()); }
}
`),
    });
    // Handed to a library call the model cannot see into (an unknown router's method): it may run anywhere.
    expect(where(model, 'show')).toBe('unknown');
    expect(where(model, 'to_v2')).toBe('startup');
    expect(where(model, 'to_v3')).toBe('startup');
    expect(where(model, 'to_item')).toBe('request');
    expect(where(model, 'pump')).toBe('background');
    expect(where(model, 'poll')).toBe('background');
  });

  it('a method call never reaches an associated fn of the same name; a trait impl may run where dispatch the model cannot see calls it', async () => {
    const model = await crateModelOf({
      'src/main.rs': rs(`
mod mail;
mod url;
fn main() {
    serve(Router::new().route("/invite", post(mail::invite)));
}
`),
      'src/mail.rs': rs(`
pub async fn invite() { let m = Message::builder().from(sender()).to(addr()); send(m).await; }
`),
      'src/url.rs': rs(`
pub struct DbUrl(String);
impl From<&str> for DbUrl {
    fn from(s: &str) -> Self { DbUrl(s.to_owned()) }
}
#[cfg(test)]
mod tests {
    #[test]
    fn parses() { super::DbUrl::from("postgres://x"); }
}
`),
    });
    // Not \`request\` through \`.from(sender())\`, not \`test\` because only a test names it: \`.into()\` may call it anywhere.
    expect(where(model, 'from')).toBe('unknown');
  });

  it('a command-line tool (it prompts) stays one when a member it uses links a gRPC exporter deeper down; a server binary over a server library is none', async () => {
    const files = {
      'cli/src/main.rs': 'mod cmd;\nfn main() { let args = Args::parse(); cmd::run(args); }\n',
      'cli/src/cmd.rs': 'pub fn run(args: Args) { println!("{}", client::fetch(&args.url)); }\n',
      'srv/src/main.rs': 'fn main() { let args = Args::parse(); weblib::start(args); }\n',
    };
    const model = await crateModelOf(files, {
      'Cargo.toml': '[workspace]\nmembers = ["cli", "client", "telemetry", "srv", "weblib"]\n',
      'cli/Cargo.toml': '[package]\nname = "cli"\n[dependencies]\nclap = "4"\ndialoguer = "0.11"\nclient = { path = "../client" }\n',
      'client/Cargo.toml': '[package]\nname = "client"\n[dependencies]\nreqwest = "0.12"\ntelemetry = { path = "../telemetry" }\n',
      'telemetry/Cargo.toml': '[package]\nname = "telemetry"\n[dependencies]\ntonic = "0.12"\n',
      'srv/Cargo.toml': '[package]\nname = "srv"\n[dependencies]\nclap = "4"\nweblib = { path = "../weblib" }\n',
      'weblib/Cargo.toml': '[package]\nname = "weblib"\n[dependencies]\naxum = "0.8"\n',
    });
    expect(model.contexts.isCommandLineTool('cli/src/cmd.rs')).toBe(true);
    expect(model.contexts.isCommandLineTool('srv/src/main.rs')).toBe(false);
  });
});

describe('tests a project macro registers', () => {
  const MAKES_TESTS = rs(`
macro_rules! on_both_stores {
    ($case:ident) => {
        #[tokio::test]
        async fn $case() {
            let store = crate::fixtures::memory_store().await;
            super::$case(store).await;
        }
    };
}
`);

  it('a fn named in a test-making macro runs only in tests', async () => {
    const model = await crateModelOf({
      'tests/store/mod.rs': `${MAKES_TESTS}\nmod quotas;\n`,
      'tests/store/quotas.rs': rs(`
pub async fn quota_resets(store: Store) {
    store.take("k", 3).await;
}
on_both_stores!(quota_resets);

pub async fn not_registered(store: Store) {
    store.take("k", 1).await;
}
`),
    });
    const refs = model.index.fns.filter((f) => f.fn.name === 'quota_resets' || f.fn.name === 'not_registered');
    // Line 4: the `#[tokio::test]` fn the invocation writes (the macro and its use are modules of one crate, `tests/`).
    expect(refs.map((r) => [r.fn.name, r.fn.line, model.contexts.registeredAsTest(r)])).toEqual([['quota_resets', 1, true], ['not_registered', 6, false], ['quota_resets', 4, true]]);
  });

  it('a list macro handed the test-making macro registers every name it lists', async () => {
    const model = await crateModelOf({
      'src/lib.rs': rs(`
pub async fn drains_queue(q: Queue) { q.drain().await; }
pub async fn keeps_order(q: Queue) { q.push(1).await; }
pub async fn helper(q: Queue) { q.push(2).await; }

macro_rules! every_queue_case {
    ($make:ident) => {
        $make!(drains_queue);
        $make!(keeps_order);
    };
}

mod in_memory {
    macro_rules! memory_case {
        ($name:ident) => {
            #[test]
            fn $name() { block(super::$name(Queue::memory())); }
        };
    }
    every_queue_case!(memory_case);
}
`),
    });
    expect(where(model, 'drains_queue')).toBe('test');
    expect(where(model, 'keeps_order')).toBe('test');
    expect(model.contexts.registeredAsTest(model.index.fns.find((f) => f.fn.name === 'helper')!)).toBe(false);
  });

  it('a macro that declares test fns without calling its argument registers nothing', async () => {
    const model = await crateModelOf({
      'src/lib.rs': rs(`
macro_rules! smoke {
    ($name:ident) => {
        #[test]
        fn $name() { assert!(true); }
    };
}
pub fn boot() {}
smoke!(boot);
`),
    });
    expect(model.contexts.registeredAsTest(model.index.fns.find((f) => f.fn.name === 'boot')!)).toBe(false);
  });

  it('follow a config a turbofish deserialises, and a type path to the type the module names when two types share its name', async () => {
    const model = await crateModelOf({
      'src/main.rs': rs(`
mod config;
mod pages;
use crate::config::Options;
fn main() { let opts = Options::load().unwrap(); serve(opts); }
fn serve(_o: Options) {}
`),
      'src/config.rs': rs(`
pub struct Options { pub url: String }
impl Options {
    pub fn load() -> Result<Self, Error> {
        let mut opts = builder().finish()?.into_typed::<Options>()?;
        opts.check_url();
        Ok(opts)
    }
    fn check_url(&mut self) { Url::parse(&self.url).expect("url"); }
}
`),
      'src/pages.rs': rs(`
pub mod links {
    pub struct Options { pub home: &'static str }
    impl Options { pub const fn load() -> Self { Options { home: "/" } } }
}
use self::links::Options;
#[get("/sitemap")]
pub async fn sitemap() -> String { let o = Options::load(); o.home.to_string() }
`),
    });
    const load = model.index.fns.filter((f) => f.fn.name === 'load').map((f) => [f.file.path, model.contexts.of(f)]);
    expect(load).toEqual(expect.arrayContaining([['src/config.rs', 'startup'], ['src/pages.rs', 'request']]));
    expect(where(model, 'check_url')).toBe('startup');
    expect(where(model, 'sitemap')).toBe('request');
  });

  it('leave a turbofish without `?` and a type argument that names no type out of a local\'s type', async () => {
    const model = await crateModelOf({
      'src/main.rs': rs(`
fn main() { let n = parse_count(); }
fn parse_count() -> usize { let rows = raw().into_typed::<Rows>(); rows.tally() }
`),
      'src/rows.rs': rs(`
pub struct Rows;
impl Rows { pub fn tally(&self) -> usize { 0 } }
pub struct Other;
impl Other { pub fn tally(&self) -> usize { 1 } }
`),
    });
    // Without \`?\` the call may return a wrapper (\`Option<Rows>\`): only the name says \`tally\`, which never quiets.
    expect(where(model, 'parse_count')).toBe('startup');
    expect(model.index.fns.filter((f) => f.fn.name === 'tally').map((f) => model.contexts.of(f))).toEqual(['unknown', 'unknown']);
  });
});
