import { beforeAll, describe, expect, it } from 'vitest';
import rule from '../../../src/rules/architecture/unfinished-code.js';
import { loadRustParser } from '../../../src/rust/parser.js';
import { runFileRule, testFileRule } from '../../helpers/rule-tester.js';

testFileRule(rule, {
  valid: [
    { name: 'todo! in a test helper module', code: `#[cfg(test)]
mod tests {
    fn fixture() -> Order { todo!() }
}
` },
    { name: 'process::exit in main', code: `fn main() {
    if let Err(e) = run() {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
` },
    { name: 'exit in a CLI helper of a binary', path: 'src/bin/migrate.rs', code: `use std::process;
fn fail(msg: &str) -> ! {
    eprintln!("{msg}");
    process::exit(2)
}
` },
    { name: 'unreachable! and panic! are not this rule', code: `fn kind(n: u8) -> Kind {
    match n % 2 { 0 => Kind::Even, 1 => Kind::Odd, _ => unreachable!() }
}
` },
    { name: 'a method called exit on our own type', code: `async fn leave(room: &Room, user: UserId) {
    room.exit(user).await;
}
` },
    { name: 'a macro named like an Object property (constructor!, toString!)', code: `fn build() -> Config {
    constructor!(Config);
    toString!(x)
}
` },
    { name: 'dbg! in an integration test file', path: 'tests/api.rs', code: `#[tokio::test]
async fn t() { dbg!(call().await); }
` },
    { name: 'dbg! in an unknown macro inside a test module', code: `#[cfg(test)]
mod tests {
    fn check() { retry!(dbg!(probe())); }
}
` },
    { name: 'a macro of another crate named dbg', code: `fn plan() -> Plan {
    wrap!(tasks::dbg!(3))
}
` },
    { name: 'unimplemented! bodies of a mock! definition (never run)', code: `mock! {
    pub Store {}
    impl Repo for Store {
        fn load(&self) -> Row { unimplemented!() }
    }
}
` },
    { name: 'exit in a library fn nothing here places on a request path (fail-fast on a bad config)', path: 'src/config.rs', code: `use std::process::exit;
pub fn load() -> Config {
    let Ok(c) = read() else { exit(1) };
    c
}
` },
  ],
  invalid: [
    { name: 'todo! in a match arm', code: `async fn cancel(o: Order) -> Result<(), ApiError> {
    match o.status {
        Status::Shipped => todo!("returns"),
        _ => Ok(()),
    }
}
`, lines: [3], messageIncludes: '`cancel`' },
    { name: 'unimplemented! in a trait impl', code: `impl Store for PgStore {
    fn purge(&self) -> Result<()> {
        unimplemented!()
    }
}
`, lines: [3], messageIncludes: 'unimplemented' },
    { name: 'dbg! around a value', code: `fn total(items: &[Item]) -> i64 {
    dbg!(items.iter().map(|i| i.cents).sum())
}
`, lines: [2], messageIncludes: '`total`' },
    { name: 'dbg! in the arguments of an unknown macro, nested', code: `fn load(id: u64) -> Row {
    retry!(3, fetch(dbg!(id)))
}
`, lines: [2], messageIncludes: '`load`' },
    { name: 'dbg! in a macro_rules! body and in a block passed to a macro', code: `macro_rules! trace_it {
    ($e:expr) => { dbg!($e) };
}
define_job!(Cleanup, {
    std::dbg!(sweep());
});
`, lines: [2, 5] },
    { name: 'std::process::exit in a routed handler', code: `async fn shutdown() -> StatusCode {
    std::process::exit(0);
}
pub fn app() -> Router {
    Router::new().route("/shutdown", post(shutdown))
}
`, lines: [2], messageIncludes: 'std::process::exit' },
    { name: 'imported exit in a fn an extractor-taking handler calls', path: 'src/config.rs', code: `use std::process::exit;
pub async fn reload(Json(c): Json<Patch>) -> StatusCode {
    let Ok(c) = apply(c) else { exit(1) };
    StatusCode::OK
}
`, lines: [3], messageIncludes: '`reload`' },
  ],
});

testFileRule(rule, {
  valid: [
    {
      name: 'exit in a library fn that only main reaches (start-up decides to stop)',
      files: { 'src/main.rs': `mod boot;
fn main() {
    boot::start_or_quit();
}
` },
      path: 'src/boot.rs',
      code: `pub fn start_or_quit() {
    if !ready() {
        std::process::exit(2);
    }
}
`,
    },
  ],
  invalid: [
    {
      name: 'exit in a fn a route calls',
      files: { 'src/main.rs': `mod boot;
#[tokio::main]
async fn main() {
    serve(Router::new().route("/stop", post(boot::stop))).await;
}
` },
      path: 'src/boot.rs',
      code: `pub async fn stop() {
    std::process::exit(0);
}
`,
      lines: [2],
    },
  ],
});

/** Ending the process is deliberate off the request path: a fatal check in a task start-up spawns, a UI's quit event. */
testFileRule(rule, {
  valid: [
    {
      name: 'exit on a failed self-check in a task that start-up spawns',
      files: { 'src/main.rs': `mod relay;
#[tokio::main]
async fn main() {
    relay::start().await;
}
` },
      path: 'src/relay.rs',
      code: `pub async fn start() {
    tokio::spawn(async move {
        if let Err(e) = self_check().await {
            tracing::error!("self check failed: {e}");
            std::process::exit(1);
        }
    });
    serve().await;
}
`,
    },
  ],
  invalid: [
    {
      name: 'todo! in a background job says the job dies, not a 500',
      files: { 'src/main.rs': `mod jobs;
#[tokio::main]
async fn main() {
    tokio::spawn(jobs::sweep());
    serve().await;
}
` },
      path: 'src/jobs.rs',
      code: `pub async fn sweep() {
    loop {
        todo!("expire carts");
    }
}
`,
      lines: [3],
      messageIncludes: 'the background task started in `main` dies with it',
      severity: 'warning',
    },
  ],
});

describe('unfinished-code: the consequence said is where the code runs', () => {
  beforeAll(() => loadRustParser());

  it('unimplemented! in a fn nothing places: a note that claims no 500 and no job', async () => {
    const out = await runFileRule(rule, { path: 'src/store.rs', code: `pub fn purge(&self) -> Result<()> {
    unimplemented!()
}
` });
    expect(out.findings.map((f) => `${f.line} ${f.severity}: ${f.message}`)).toEqual([
      '2 info: `unimplemented!` in `purge` panics once something calls it; no request handler, background job or start-up code is seen reaching it yet',
    ]);
  });

  it('todo! in the methods of a new storage type nothing calls yet (a skeleton): notes, not warnings', async () => {
    const out = await runFileRule(rule, {
      files: { 'src/main.rs': `mod journal;
#[tokio::main]
async fn main() {
    serve(Router::new().route("/health", get(health))).await;
}
async fn health() -> &'static str { "ok" }
` },
      path: 'src/journal.rs',
      code: `pub struct Journal { dir: PathBuf }
impl Journal {
    pub fn append(&mut self, rec: &Record) -> io::Result<()> {
        todo!("write the record")
    }
}
impl Drop for Journal {
    fn drop(&mut self) {
        todo!("fsync")
    }
}
`,
    });
    expect(out.findings.map((f) => `${f.line} ${f.severity}`)).toEqual(['4 info', '9 info']);
  });

  it('todo! in a supervising loop main awaits itself: the program stops, no background task is claimed', async () => {
    const out = await runFileRule(rule, {
      files: { 'src/main.rs': `mod relay;
#[tokio::main]
async fn main() {
    relay::supervise(load()).await;
}
` },
      path: 'src/relay.rs',
      code: `pub async fn supervise(feeds: Vec<Feed>) {
    let mut set = JoinSet::new();
    for f in feeds {
        set.spawn(async move { f.pump().await });
    }
    while let Some(done) = set.join_next().await {
        todo!("restart {done:?}");
    }
}
`,
    });
    expect(out.findings.map((f) => `${f.line} ${f.severity}: ${f.message}`)).toEqual([
      "7 warning: `todo!` in `supervise` panics when this path is reached: it runs in a loop on the program's own task, not in a spawned one, so the whole program stops with it",
    ]);
  });

  it('todo! in a fn a task spawned at start-up calls in its loop: the task dies', async () => {
    const out = await runFileRule(rule, {
      files: { 'src/main.rs': `mod relay;
#[tokio::main]
async fn main() {
    tokio::spawn(async { loop { relay::pump().await; } });
    serve().await;
}
` },
      path: 'src/relay.rs',
      code: `pub async fn pump() {
    todo!("pull the next batch")
}
`,
    });
    expect(out.findings.map((f) => `${f.line} ${f.severity}: ${f.message}`)).toEqual(['2 warning: `todo!` in `pump` panics when this path is reached: the background task started in `main` dies with it']);
  });
});

/** Severity by where the code runs: a warning only where a request or a running job meets the panic. */
testFileRule(rule, {
  valid: [],
  invalid: [
    {
      name: 'todo! in a helper a route reaches: a warning that names the handler',
      files: { 'src/main.rs': `mod ledger;
#[tokio::main]
async fn main() {
    serve(Router::new().route("/refunds", post(ledger::refund))).await;
}
` },
      path: 'src/ledger.rs',
      code: `pub async fn refund() -> StatusCode {
    settle().await
}
async fn settle() -> StatusCode {
    todo!("settlement")
}
`,
      lines: [5],
      messageId: 'placeholder',
      messageIncludes: 'a request that reaches it (through `refund`) gets a 500',
      severity: 'warning',
    },
    {
      name: 'todo! in a fn only main reaches: a note that says so',
      files: { 'src/main.rs': `mod setup;
fn main() {
    setup::migrate_legacy();
}
` },
      path: 'src/setup.rs',
      code: `pub fn migrate_legacy() {
    todo!("import v1 files")
}
`,
      lines: [2],
      messageIncludes: 'only start-up or a command runs this code',
      severity: 'info',
    },
  ],
});

describe('unfinished-code: dbg! is reported wherever it runs', () => {
  beforeAll(() => loadRustParser());

  it('dbg! keeps its own message', async () => {
    const out = await runFileRule(rule, { path: 'src/store.rs', code: `pub fn size(&self) -> usize {
    dbg!(self.len())
}
` });
    expect(out.findings.map((f) => `${f.line}: ${f.message}`)).toEqual(['2: `dbg!` left in `size`: it prints to stderr on every call and is a debugging leftover']);
  });
});
