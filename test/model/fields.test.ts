import { describe, expect, it } from 'vitest';
import { crateModelOf, factsOf } from '../helpers/crate-model.js';

const rs = (s: string) => s.replace(/^\n/, '');

const STATE = rs(`
pub struct AppState { pub cache: Arc<Mutex<HashMap<u64, User>>>, pub http: reqwest::Client }
impl AppState {
    pub fn new() -> Self {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(3)).build().unwrap();
        Self { cache: Arc::new(Mutex::new(HashMap::new())), http }
    }
}
`);

describe('field uses across the crate (reads, lock uses, writes)', () => {
  it('classifies each mention by what its guard does, with the receiver type the code says', async () => {
    const model = await crateModelOf({
      'src/state.rs': STATE,
      'src/users.rs': rs(`
pub async fn get(State(state): State<AppState>, id: u64) -> Option<User> {
    state.cache.lock().unwrap().get(&id).cloned()
}
pub async fn size(state: &AppState) -> usize {
    let c = Arc::clone(&state.cache);
    let n = c.lock().unwrap().len();
    n
}
pub async fn put(state: &AppState, id: u64, u: User) {
    state.cache.lock().unwrap().insert(id, u);
}
pub async fn reset(state: &AppState) {
    *state.cache.lock().unwrap() = HashMap::new();
}
pub fn other(d: &Draft) { log(d.cache) }
`),
    });
    const uses = model.index.fieldUses('src/', 'cache').map(({ file, use }) => `${file.path}:${use.line} ${use.owner ?? '?'} ${use.use} x${use.count}`);
    expect(uses.sort()).toEqual([
      'src/users.rs:10 AppState lock-mutate x1',
      'src/users.rs:13 AppState lock-replace x1',
      'src/users.rs:15 Draft other x1',
      'src/users.rs:2 AppState lock-lookup x1',
      'src/users.rs:5 AppState lock-read x1',
    ]);
  });

  it('reads a known macro\'s arguments as code, and counts a field named in an unknown macro as an unknown use', async () => {
    const [known] = await factsOf({ 'src/a.rs': 'fn f(s: &S) { println!("{:?}", s.cache.lock()); }\n' });
    expect(known!.fieldUses).toEqual([{ field: 'cache', owner: 'S', use: 'lock-read', line: 1, count: 1 }]);
    const [unknown] = await factsOf({ 'src/a.rs': 'fn f(s: &S) { my_macro!(s.cache, s.refresh()); }\n' });
    expect(unknown!.fieldUses).toEqual([{ field: 'cache', use: 'other', line: 1, count: 1 }]);
  });
});

describe('field initialisers (how a struct field is built)', () => {
  it('follows a shorthand field to its local `let` and keeps the builder chain', async () => {
    const model = await crateModelOf({ 'src/state.rs': STATE });
    const [http] = model.index.fieldInits('src/', 'AppState', 'http');
    expect(http!.init.value.root).toBe('reqwest::Client::builder');
    expect(http!.init.value.links).toEqual(['timeout', 'build', 'unwrap']);
    const [cache] = model.index.fieldInits('src/', 'AppState', 'cache');
    expect(cache!.init.value.root).toBe('Arc::new');
    expect(cache!.init.value.arg?.root).toBe('Mutex::new');
  });

  it('follows a shorthand field to the `let` it resolves to by scope, not a same-named `let` of a block that has ended', async () => {
    const model = await crateModelOf({
      'src/state.rs': rs(`
pub struct AppState { pub http: reqwest::Client }
impl AppState {
    pub fn new() -> Self {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(3)).build().unwrap();
        {
            let http = reqwest::Client::new();
            probe(&http);
        }
        Self { http }
    }
}
`),
    });
    const [http] = model.index.fieldInits('src/', 'AppState', 'http');
    expect(http!.init.value.root).toBe('reqwest::Client::builder');
    expect(http!.init.value.line).toBe(4);
  });
});

describe('typed lets', () => {
  it('give a local the type it is declared or built with, or the value it shares', async () => {
    const [facts] = await factsOf({
      'src/a.rs': rs(`
impl Billing {
    async fn charge(&self) {
        let ledger = Arc::clone(&self.ledger);
        let n: Arc<Counter> = make();
        let q = Queue::new(8);
        let (a, b) = pair();
    }
}
`),
    });
    expect(facts!.fns[0]!.lets).toEqual([
      { name: 'ledger', line: 3, source: 'self.ledger' },
      { name: 'n', line: 4, type: 'Counter' },
      // The call is kept beside the type its path names: the callee's declared return type wins where known.
      { name: 'q', line: 5, type: 'Queue', call: 2 },
    ]);
  });

  it('let a method call on a local resolve through the field it was cloned from', async () => {
    const model = await crateModelOf({
      'src/ledger.rs': 'pub struct Ledger;\nimpl Ledger {\n    pub fn post(&self) -> Result<(), E> { Ok(()) }\n}\n',
      'src/billing.rs': rs(`
use crate::ledger::Ledger;
pub struct Billing { ledger: Arc<Ledger> }
impl Billing {
    fn charge(&self) {
        let ledger = self.ledger.clone();
        ledger.post();
    }
}
`),
    });
    const charge = model.index.fnsNamed('src/', 'charge')[0]!;
    const i = charge.fn.calls.findIndex((c) => c.method === 'post');
    expect(model.summaries.knownCallees(charge, i).map((r) => `${r.fn.owner}::${r.fn.name}`)).toEqual(['Ledger::post']);
  });
});

describe('summaries: re-entering the runtime', () => {
  it('a sync fn that blocks on the runtime, and a sync caller of it in another module', async () => {
    const model = await crateModelOf({
      'src/lib.rs': 'pub mod rt;\npub mod api;\n',
      'src/rt.rs': 'pub fn wait<F: Future>(f: F) -> F::Output {\n    futures::executor::block_on(f)\n}\n',
      'src/api.rs': 'use crate::rt::wait;\npub fn load() -> Config {\n    wait(fetch())\n}\npub fn offloaded() {\n    std::thread::spawn(|| wait(fetch()));\n}\n',
    });
    const of = (name: string) => model.summaries.of(model.index.fnsNamed('src/', name)[0]!).reentersRuntime;
    expect(of('wait')).toMatchObject({ call: 'futures::executor::block_on(..)', path: 'src/rt.rs', line: 2 });
    expect(of('load')).toMatchObject({ path: 'src/rt.rs', line: 2 });
    expect(of('offloaded')).toBeUndefined();
  });
});

describe('summaries: starting a task', () => {
  it('a fn that spawns, a caller of it in another module, and a fn that only awaits its work', async () => {
    const model = await crateModelOf({
      'src/lib.rs': 'pub mod worker;\npub mod app;\n',
      'src/worker.rs': 'pub fn start(rx: Receiver<Job>) -> JoinHandle<()> {\n    tokio::spawn(run(rx))\n}\npub async fn run(mut rx: Receiver<Job>) {\n    while let Some(j) = rx.recv().await { j.go().await; }\n}\n',
      'src/app.rs': 'use crate::worker;\npub fn boot(rx: Receiver<Job>) -> App {\n    let handle = worker::start(rx);\n    App { handle }\n}\npub async fn drain(rx: Receiver<Job>) {\n    worker::run(rx).await;\n}\n',
    });
    const of = (name: string) => model.summaries.of(model.index.fnsNamed('src/', name)[0]!).startsTask;
    expect(of('start')).toMatchObject({ call: 'tokio::spawn(..)', path: 'src/worker.rs', line: 2 });
    expect(of('boot')).toMatchObject({ path: 'src/worker.rs', line: 2 });
    expect(of('drain')).toBeUndefined();
    expect(of('run')).toBeUndefined();
  });
});
