import rule from '../../../src/rules/ownership/non-send-shared-state.js';
import { testFileRule } from '../../helpers/rule-tester.js';

const RECORDER = 'use std::cell::RefCell;\nuse std::rc::Rc;\n\npub struct UsageRecorder {\n    pool: PgPool,\n    buffer: Rc<RefCell<Vec<UsageEvent>>>,\n}\n';

testFileRule(rule, {
  valid: [
    {
      name: 'Arc of a Mutex around a Cell, of a sync OnceCell, of a count: all shareable',
      code: 'use once_cell::sync::OnceCell;\nuse std::cell::Cell;\nuse std::rc::Rc;\nuse std::sync::{Arc, Mutex};\n\nfn shared(local: &Rc<Config>) {\n    let hits = Arc::new(Mutex::new(Cell::new(0u32)));\n    let config = Arc::new(OnceCell::new());\n    let owners = Arc::new(Rc::strong_count(local));\n    run(hits, config, owners);\n}\n',
    },
    {
      name: 'RefCell owned by one task is Send: fine in tokio::spawn',
      code: 'use std::cell::RefCell;\nstruct Batcher {\n    buf: RefCell<Vec<u8>>,\n}\nfn start() {\n    let b = Batcher { buf: RefCell::new(Vec::new()) };\n    tokio::spawn(async move { b.buf.borrow_mut().push(1); });\n}\n',
    },
    {
      name: 'Rc on a LocalSet via spawn_local',
      code: RECORDER + 'fn start(pool: PgPool) {\n    let r = UsageRecorder { pool, buffer: Rc::new(RefCell::new(Vec::new())) };\n    tokio::task::spawn_local(async move { r.flush().await });\n}\n',
    },
    {
      name: 'Arc<Mutex> state moved into a task',
      code: 'use std::sync::{Arc, Mutex};\n#[derive(Clone)]\npub struct AppState {\n    hits: Arc<Mutex<u64>>,\n}\nfn start(state: AppState) {\n    tokio::spawn(async move { *state.hits.lock().unwrap() += 1; });\n}\n',
    },
    {
      name: 'RefCell borrow dropped before the await',
      code: 'use std::cell::RefCell;\nfn start(cell: RefCell<Vec<u8>>) {\n    tokio::spawn(async move {\n        let n = {\n            let b = cell.borrow();\n            b.len()\n        };\n        send(n).await;\n    });\n}\n',
    },
    {
      name: 'once_cell::sync::OnceCell in state is Sync',
      code: 'use once_cell::sync::OnceCell;\npub struct AppState {\n    jwks: OnceCell<Jwks>,\n}\n',
    },
    {
      name: 'Rc inside a plain sync helper, no spawn or state',
      code: 'use std::rc::Rc;\nstruct Node {\n    next: Option<Rc<Node>>,\n}\nfn walk(n: &Node) -> usize { 1 }\n',
    },
    {
      name: 'spawned same-file fn whose Rc is dropped before its await',
      code: 'use std::rc::Rc;\nasync fn warm(cache: Cache, keys: Vec<String>) {\n    let total = {\n        let shared = Rc::new(keys);\n        shared.len()\n    };\n    cache.mark(total).await;\n}\nfn start(cache: Cache, keys: Vec<String>) {\n    tokio::spawn(warm(cache, keys));\n}\n',
    },
    {
      name: 'same-file fn with an Rc across an await, run on a LocalSet',
      code: 'use std::{cell::RefCell, rc::Rc};\nasync fn tally(rx: Receiver<u32>) {\n    let sum = Rc::new(RefCell::new(0));\n    while let Some(n) = rx.recv().await {\n        *sum.borrow_mut() += n;\n    }\n}\nfn start(rx: Receiver<u32>) {\n    tokio::task::spawn_local(tally(rx));\n}\n',
    },
    {
      name: 'same-file async fn with an Rc across an await, only awaited (never spawned)',
      code: 'use std::{cell::RefCell, rc::Rc};\nasync fn tally(rx: Receiver<u32>) {\n    let sum = Rc::new(RefCell::new(0));\n    while let Some(n) = rx.recv().await {\n        *sum.borrow_mut() += n;\n    }\n}\nasync fn start(rx: Receiver<u32>) {\n    tally(rx).await;\n}\n',
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
      code: 'use std::rc::Rc;\nuse std::thread::spawn as start_thread;\nfn f(cfg: Config) {\n    let shared = Rc::new(cfg);\n    start_thread(move || run(&shared));\n}\n',
      lines: [4],
      messageIncludes: '`shared`',
    },
    {
      name: 'RefCell in axum state',
      code: 'use std::cell::RefCell;\n#[derive(Clone)]\npub struct Ctx {\n    db: PgPool,\n    seen: RefCell<HashSet<Uuid>>,\n}\nasync fn handler(State(ctx): State<Ctx>) {}\n',
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
      code: 'use std::cell::Cell;\nuse std::sync::Arc;\n\nfn start_workers(n: usize) {\n    let hits = Arc::new(Cell::new(0u32));\n    for _ in 0..n {\n        start_worker(hits.clone());\n    }\n}\n',
      lines: [5],
      messageIncludes: '`Cell` is neither `Send` nor `Sync`',
    },
    {
      name: 'Arc<RefCell<T>>',
      code: 'use std::cell::RefCell;\nuse std::sync::Arc;\nfn f() -> Arc<RefCell<Vec<u8>>> {\n    Arc::new(RefCell::new(Vec::new()))\n}\n',
      lines: [3],
      messageIncludes: 'Arc<RefCell<Vec<u8>>>',
      severity: 'warning',
    },
    {
      name: 'Rc alive across an await in a spawned task',
      code: 'use std::rc::Rc;\nfn f(cfg: Config) {\n    tokio::spawn(async move {\n        let c = Rc::new(cfg);\n        fetch(&c).await;\n    });\n}\n',
      lines: [4],
      messageIncludes: '`c`',
    },
    {
      name: 'actix web::Data of a state with Cell',
      code: 'use std::cell::Cell;\nstruct Counters {\n    served: Cell<u64>,\n}\nfn app() {\n    let data = web::Data::new(Counters { served: Cell::new(0) });\n}\n',
      lines: [3],
      messageIncludes: 'Counters.served',
    },
    {
      name: 'spawned call of a same-file async fn holding an Rc<RefCell> across awaits',
      code: 'use std::cell::RefCell;\nuse std::rc::Rc;\nuse tokio::task;\n\nasync fn rebuild_index(db: PgPool, shard: u32) -> anyhow::Result<()> {\n    let stats: Rc<RefCell<Stats>> = Rc::new(RefCell::new(Stats::default()));\n    for page in 0..pages(shard) {\n        let rows = fetch_page(&db, shard, page).await?;\n        stats.borrow_mut().rows += rows.len();\n    }\n    report(&db, stats.borrow().rows).await\n}\n\npub fn schedule(db: PgPool, shard: u32) {\n    task::spawn(rebuild_index(db, shard));\n}\n',
      lines: [6],
      messageIncludes: '`rebuild_index`',
    },
    {
      name: 'spawned async block awaiting a same-file method that holds a RefCell borrow across an await',
      code: 'use std::cell::RefCell;\nstruct Exporter {\n    seen: RefCell<Vec<u64>>,\n}\nimpl Exporter {\n    async fn flush(&self) {\n        let seen = self.seen.borrow();\n        upload(&seen).await;\n    }\n    fn start(self: Arc<Self>) {\n        tokio::spawn(async move {\n            if let Err(e) = Self::flush_all(&self).await {\n                warn!(?e);\n            }\n            self.flush().await;\n        });\n    }\n}\n',
      lines: [7],
      messageIncludes: '`seen`',
    },
  ],
});
