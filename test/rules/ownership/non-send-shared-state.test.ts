import rule from '../../../src/rules/ownership/non-send-shared-state.js';
import { testFileRule } from '../../helpers/rule-tester.js';

const RECORDER = 'use std::cell::RefCell;\nuse std::rc::Rc;\n\npub struct UsageRecorder {\n    pool: PgPool,\n    buffer: Rc<RefCell<Vec<UsageEvent>>>,\n}\n';

testFileRule(rule, {
  valid: [
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
  ],
});
