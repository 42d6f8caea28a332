import rule from '../../../src/rules/ownership/non-send-shared-state.js';
import { testFileRule } from '../../helpers/rule-tester.js';

const RECORDER = `use std::cell::RefCell;
use std::rc::Rc;

pub struct UsageRecorder {
    pool: PgPool,
    buffer: Rc<RefCell<Vec<UsageEvent>>>,
}
`;

testFileRule(rule, {
  valid: [
    {
      name: 'Arc of a Mutex around a Cell, of a sync OnceCell, of a count: all shareable',
      code: `use once_cell::sync::OnceCell;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::{Arc, Mutex};

fn shared(local: &Rc<Config>) {
    let hits = Arc::new(Mutex::new(Cell::new(0u32)));
    let config = Arc::new(OnceCell::new());
    let owners = Arc::new(Rc::strong_count(local));
    run(hits, config, owners);
}
`,
    },
    {
      name: 'RefCell owned by one task is Send: fine in tokio::spawn',
      code: `use std::cell::RefCell;
struct Batcher {
    buf: RefCell<Vec<u8>>,
}
fn start() {
    let b = Batcher { buf: RefCell::new(Vec::new()) };
    tokio::spawn(async move { b.buf.borrow_mut().push(1); });
}
`,
    },
    {
      name: 'Rc on a LocalSet via spawn_local',
      code: RECORDER + 'fn start(pool: PgPool) {\n    let r = UsageRecorder { pool, buffer: Rc::new(RefCell::new(Vec::new())) };\n    tokio::task::spawn_local(async move { r.flush().await });\n}\n',
    },
    {
      name: 'Arc<Mutex> state moved into a task',
      code: `use std::sync::{Arc, Mutex};
#[derive(Clone)]
pub struct AppState {
    hits: Arc<Mutex<u64>>,
}
fn start(state: AppState) {
    tokio::spawn(async move { *state.hits.lock().unwrap() += 1; });
}
`,
    },
    {
      name: 'RefCell borrow dropped before the await',
      code: `use std::cell::RefCell;
fn start(cell: RefCell<Vec<u8>>) {
    tokio::spawn(async move {
        let n = {
            let b = cell.borrow();
            b.len()
        };
        send(n).await;
    });
}
`,
    },
    {
      name: 'once_cell::sync::OnceCell in state is Sync',
      code: `use once_cell::sync::OnceCell;
pub struct AppState {
    jwks: OnceCell<Jwks>,
}
`,
    },
    {
      name: 'Rc inside a plain sync helper, no spawn or state',
      code: `use std::rc::Rc;
struct Node {
    next: Option<Rc<Node>>,
}
fn walk(n: &Node) -> usize { 1 }
`,
    },
    {
      name: 'spawned same-file fn whose Rc is dropped before its await',
      code: `use std::rc::Rc;
async fn warm(cache: Cache, keys: Vec<String>) {
    let total = {
        let shared = Rc::new(keys);
        shared.len()
    };
    cache.mark(total).await;
}
fn start(cache: Cache, keys: Vec<String>) {
    tokio::spawn(warm(cache, keys));
}
`,
    },
    {
      name: 'same-file fn with an Rc across an await, run on a LocalSet',
      code: `use std::{cell::RefCell, rc::Rc};
async fn tally(rx: Receiver<u32>) {
    let sum = Rc::new(RefCell::new(0));
    while let Some(n) = rx.recv().await {
        *sum.borrow_mut() += n;
    }
}
fn start(rx: Receiver<u32>) {
    tokio::task::spawn_local(tally(rx));
}
`,
    },
    {
      name: 'same-file async fn with an Rc across an await, only awaited (never spawned)',
      code: `use std::{cell::RefCell, rc::Rc};
async fn tally(rx: Receiver<u32>) {
    let sum = Rc::new(RefCell::new(0));
    while let Some(n) = rx.recv().await {
        *sum.borrow_mut() += n;
    }
}
async fn start(rx: Receiver<u32>) {
    tally(rx).await;
}
`,
    },
  ],
  invalid: [
    {
      name: 'struct with Rc<RefCell> moved into tokio::spawn',
      code: RECORDER + 'impl UsageRecorder {\n    pub fn spawn(pool: PgPool) {\n        let recorder = UsageRecorder { pool, buffer: Rc::new(RefCell::new(Vec::new())) };\n        tokio::spawn(async move {\n            recorder.flush().await;\n        });\n    }\n}\n',
      lines: [6],
      messageIncludes: '`UsageRecorder.buffer`',
    },
    {
      name: 'Rc local moved into a std thread (aliased import)',
      code: `use std::rc::Rc;
use std::thread::spawn as start_thread;
fn f(cfg: Config) {
    let shared = Rc::new(cfg);
    start_thread(move || run(&shared));
}
`,
      lines: [4],
      messageIncludes: '`shared`',
    },
    {
      name: 'RefCell in axum state',
      code: `use std::cell::RefCell;
#[derive(Clone)]
pub struct Ctx {
    db: PgPool,
    seen: RefCell<HashSet<Uuid>>,
}
async fn handler(State(ctx): State<Ctx>) {}
`,
      lines: [5],
      messageIncludes: 'State<Ctx>',
    },
    {
      name: 'spawned as a method future: tokio::spawn(recorder.run()) through `use tokio::task`',
      code: RECORDER + 'use tokio::task;\nfn start(pool: PgPool) {\n    let recorder = UsageRecorder { pool, buffer: Rc::new(RefCell::new(Vec::new())) };\n    task::spawn(recorder.run());\n}\n',
      lines: [6],
      messageIncludes: 'spawned task on line 11',
    },
    {
      name: 'Arc of a Cell built in place, type never written',
      code: `use std::cell::Cell;
use std::sync::Arc;

fn start_workers(n: usize) {
    let hits = Arc::new(Cell::new(0u32));
    for _ in 0..n {
        start_worker(hits.clone());
    }
}
`,
      lines: [5],
      messageIncludes: '`Cell` is neither `Send` nor `Sync`',
    },
    {
      name: 'Arc<RefCell<T>>',
      code: `use std::cell::RefCell;
use std::sync::Arc;
fn f() -> Arc<RefCell<Vec<u8>>> {
    Arc::new(RefCell::new(Vec::new()))
}
`,
      lines: [3],
      messageIncludes: 'Arc<RefCell<Vec<u8>>>',
      severity: 'warning',
    },
    {
      name: 'Rc alive across an await in a spawned task',
      code: `use std::rc::Rc;
fn f(cfg: Config) {
    tokio::spawn(async move {
        let c = Rc::new(cfg);
        fetch(&c).await;
    });
}
`,
      lines: [4],
      messageIncludes: '`c`',
    },
    {
      name: 'actix web::Data of a state with Cell',
      code: `use std::cell::Cell;
struct Counters {
    served: Cell<u64>,
}
fn app() {
    let data = web::Data::new(Counters { served: Cell::new(0) });
}
`,
      lines: [3],
      messageIncludes: 'Counters.served',
    },
    {
      name: 'spawned call of a same-file async fn holding an Rc<RefCell> across awaits',
      code: `use std::cell::RefCell;
use std::rc::Rc;
use tokio::task;

async fn rebuild_index(db: PgPool, shard: u32) -> anyhow::Result<()> {
    let stats: Rc<RefCell<Stats>> = Rc::new(RefCell::new(Stats::default()));
    for page in 0..pages(shard) {
        let rows = fetch_page(&db, shard, page).await?;
        stats.borrow_mut().rows += rows.len();
    }
    report(&db, stats.borrow().rows).await
}

pub fn schedule(db: PgPool, shard: u32) {
    task::spawn(rebuild_index(db, shard));
}
`,
      lines: [6],
      messageIncludes: '`rebuild_index`',
    },
    {
      name: 'spawned async block awaiting a same-file method that holds a RefCell borrow across an await',
      code: `use std::cell::RefCell;
struct Exporter {
    seen: RefCell<Vec<u64>>,
}
impl Exporter {
    async fn flush(&self) {
        let seen = self.seen.borrow();
        upload(&seen).await;
    }
    fn start(self: Arc<Self>) {
        tokio::spawn(async move {
            if let Err(e) = Self::flush_all(&self).await {
                warn!(?e);
            }
            self.flush().await;
        });
    }
}
`,
      lines: [7],
      messageIncludes: '`seen`',
    },
  ],
});
