import rule from '../../../src/rules/async/lock-guard-across-await.js';
import { testFileRule } from '../../helpers/rule-tester.js';

const STATE = `use std::sync::{Arc, Mutex};

pub struct AppState {
    pub cache: Arc<Mutex<HashMap<String, f64>>>,
    pub fx: FxClient,
}
`;

testFileRule(rule, {
  valid: [
    {
      name: 'an async lock declared in another file, though this file imports std\'s Mutex for something else',
      path: 'src/routes/sessions.rs',
      files: {
        'src/main.rs': 'mod state;\nmod routes;\n',
        'src/routes/mod.rs': 'pub mod sessions;\n',
        'src/state.rs': `use std::sync::Arc;
use tokio::sync::Mutex as AsyncMutex;

pub struct Sessions {
    pub open: Arc<AsyncMutex<Vec<SessionId>>>,
}
`,
      },
      code: `use std::sync::Mutex;
use crate::state::Sessions;

static SEEN: Mutex<u64> = Mutex::new(0);

pub async fn close_all(sessions: &Sessions, notifier: &Notifier) {
    let mut open = sessions.open.try_lock().unwrap();
    for id in open.drain(..) {
        notifier.closed(id).await;
    }
}
`,
    },
    {
      // rust-clippy issue 6446: clippy's await_holding_lock fires although the guard is dropped first.
      name: 'clippy 6446: guard dropped with drop() in a loop body before the await',
      code: `${STATE}
async fn refresh_all(state: AppState, pairs: Vec<String>) {
    for pair in pairs {
        let mut cache = state.cache.lock().unwrap();
        cache.remove(&pair);
        drop(cache);
        state.fx.fetch(&pair).await;
    }
}
`,
    },
    {
      name: 'guard moved into a fn (its result not kept) before the await',
      code: `${STATE}
async fn flush(state: AppState) {
    let cache = state.cache.lock().unwrap();
    persist_and_release(cache);
    state.fx.refresh().await;
}
`,
    },
    {
      name: 'a match on the guard as the value of a let: the temporary ends with the let statement',
      code: `${STATE}
async fn get(state: AppState, pair: String) -> f64 {
    let hit = match state.cache.lock().unwrap().get(&pair) {
        Some(rate) => *rate,
        None => 0.0,
    };
    state.fx.fetch(&pair).await + hit
}
`,
    },
    {
      name: 'guard in an inner block whose value is copied out, await after the block',
      code: `${STATE}
async fn get(state: AppState, pair: String) -> f64 {
    let rate = {
        let cache = state.cache.lock().unwrap();
        cache.get(&pair).copied().unwrap_or_default()
    };
    state.fx.fetch(&pair).await * rate
}
`,
    },
    {
      name: 'guard confined to an inner block that ends before the await',
      code: `${STATE}
async fn get(state: AppState, pair: String) -> f64 {
    let cached = {
        let cache = state.cache.lock().unwrap();
        cache.get(&pair).copied()
    };
    if let Some(rate) = cached { return rate; }
    let rate = state.fx.fetch(&pair).await;
    state.cache.lock().unwrap().insert(pair, rate);
    rate
}
`,
    },
    {
      name: 'guard dropped with drop() before the await',
      code: `${STATE}
async fn get(state: AppState, pair: String) -> f64 {
    let cache = state.cache.lock().unwrap();
    let hit = cache.get(&pair).copied();
    drop(cache);
    state.fx.fetch(&pair).await
}
`,
    },
    {
      name: 'guard dropped with std::mem::drop',
      code: `${STATE}
async fn get(state: AppState) {
    let mut cache = state.cache.lock().unwrap();
    cache.clear();
    std::mem::drop(cache);
    state.fx.refresh().await;
}
`,
    },
    {
      name: 'temporary guard in a method chain ends at the semicolon',
      code: `${STATE}
async fn count(state: AppState) -> usize {
    let n = state.cache.lock().unwrap().len();
    state.fx.ping().await;
    n
}
`,
    },
    {
      name: 'guard in a plain if condition is dropped after the condition',
      code: `${STATE}
async fn warm(state: AppState) {
    if state.cache.lock().unwrap().is_empty() {
        state.fx.refresh().await;
    }
}
`,
    },
    {
      name: 'tokio::sync::Mutex held across an await',
      code: `use tokio::sync::Mutex;

pub struct TokenSource { cached: Mutex<Option<String>> }

impl TokenSource {
    pub async fn token(&self) -> String {
        let mut cached = self.cached.lock().await;
        let fresh = fetch().await;
        *cached = Some(fresh.clone());
        fresh
    }
}
`,
    },
    {
      name: 'tokio Mutex field used with try_lock (no await needed) is fine',
      code: `use tokio::sync::Mutex;

pub struct Jobs { queue: Mutex<Vec<Job>> }

impl Jobs {
    pub async fn poll(&self) {
        if let Ok(mut q) = self.queue.try_lock() {
            q.push(next_job().await);
        }
    }
}
`,
    },
    {
      name: 'guard used in a sync fn',
      code: `${STATE}
fn snapshot(state: &AppState) -> Vec<String> {
    let cache = state.cache.lock().unwrap();
    cache.keys().cloned().collect()
}
`,
    },
    {
      name: 'guard inside spawn_blocking closure',
      code: `${STATE}
async fn rebuild(state: AppState) {
    let s = state.clone();
    tokio::task::spawn_blocking(move || {
        let mut cache = s.cache.lock().unwrap();
        cache.clear();
    })
    .await
    .unwrap();
}
`,
    },
    {
      name: 'file read() is not a lock',
      code: `async fn load(mut file: tokio::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let n = file.read(buf).await?;
    flush().await;
    Ok(n)
}
`,
    },
    {
      name: 'guard moved into the spawned future is not held by this body',
      code: `${STATE}
async fn kick(state: AppState) {
    tokio::spawn(async move {
        state.fx.refresh().await;
    });
    let g = state.cache.lock().unwrap();
    g.len();
}
`,
    },
    {
      name: 'let _ = lock() drops at once',
      code: `${STATE}
async fn touch(state: AppState) {
    let _ = state.cache.lock();
    state.fx.ping().await;
}
`,
    },
    {
      name: 'RwLock read of a tokio RwLock (awaited)',
      code: `use tokio::sync::RwLock;
pub struct S { routes: RwLock<Vec<String>> }
impl S {
    async fn list(&self) -> Vec<String> {
        let routes = self.routes.read().await;
        audit().await;
        routes.clone()
    }
}
`,
    },
  ],
  invalid: [
    {
      name: 'a parking_lot RwLock field declared in another file (renamed by its use), read across an await in a handler of a routes module',
      path: 'src/routes/catalogue.rs',
      files: {
        'src/main.rs': 'mod state;\nmod routes;\n',
        'src/routes/mod.rs': 'pub mod catalogue;\n',
        'src/state.rs': `use std::sync::Arc;
use parking_lot::RwLock as PlRwLock;

#[derive(Clone)]
pub struct Shop {
    pub prices: Arc<PlRwLock<HashMap<Sku, Money>>>,
    pub stock: StockClient,
}
`,
      },
      code: `use axum::extract::{Path, State};
use crate::state::Shop;

pub async fn quote(State(shop): State<Shop>, Path(sku): Path<Sku>) -> Option<Money> {
    let prices = shop.prices.read();
    let price = *prices.get(&sku)?;
    shop.stock.reserve(&sku).await.ok()?;
    Some(price)
}
`,
      lines: [5],
      messageIncludes: 'parking_lot::RwLock',
    },
    {
      name: 'let-bound guard alive across the fetch (axum handler, type in another file)',
      code: `use axum::extract::State;

pub async fn get_rate(State(state): State<AppState>, pair: String) -> f64 {
    let mut cache = state.rate_cache.lock().unwrap();
    if let Some(hit) = cache.get(&pair) {
        return *hit;
    }
    let rate = state.fx.fetch_rate(&pair).await.unwrap();
    cache.insert(pair, rate);
    rate
}
`,
      lines: [4],
      messageIncludes: '`cache`',
    },
    {
      name: 'guard in a match scrutinee lives through the arms',
      code: `use std::sync::Mutex;

pub struct SessionStore { db: PgPool, sessions: Mutex<HashMap<Uuid, Session>> }

impl SessionStore {
    pub async fn touch(&self, id: Uuid) -> Result<bool, sqlx::Error> {
        match self.sessions.lock().unwrap().get_mut(&id) {
            Some(session) => {
                sqlx::query("UPDATE sessions SET seen = now() WHERE id = $1")
                    .bind(id)
                    .execute(&self.db)
                    .await?;
                Ok(true)
            }
            None => Ok(false),
        }
    }
}
`,
      lines: [7],
      messageIncludes: 'match',
    },
    {
      name: 'aliased std Mutex (use std::sync::Mutex as StdMutex) in an actix handler',
      code: `use actix_web::{web, HttpResponse};
use std::sync::Mutex as StdMutex;
use tokio::sync::Mutex;

pub struct Counters { hits: StdMutex<u64>, other: Mutex<u64> }

pub async fn hit(data: web::Data<Counters>) -> HttpResponse {
    let mut hits = data.hits.lock().unwrap();
    *hits += 1;
    notify_upstream(*hits).await;
    HttpResponse::Ok().finish()
}
`,
      lines: [8],
      messageIncludes: 'std::sync::Mutex',
    },
    {
      name: 'parking_lot RwLock write guard (no unwrap) across await',
      code: `use parking_lot::RwLock;

pub struct Registry { peers: RwLock<Vec<Peer>> }

impl Registry {
    pub async fn refresh(&self) {
        let mut peers = self.peers.write();
        let fresh = discover().await;
        *peers = fresh;
    }
}
`,
      lines: [7],
      messageIncludes: 'parking_lot::RwLock',
    },
    {
      name: 'let-else binding the guard as `mut` inside `Ok(..)`',
      code: `use std::sync::Mutex;

pub async fn record(seen: &Mutex<Vec<u64>>, id: u64, sink: &Sink) {
    let Ok(mut ids) = seen.try_lock() else {
        return;
    };
    ids.push(id);
    sink.flush().await;
}
`,
      lines: [4],
      messageIncludes: 'guard `ids`',
    },
    {
      name: 'if let on try_lock of a std Mutex',
      code: `use std::sync::Mutex;
static QUEUE: Mutex<Vec<Job>> = Mutex::new(Vec::new());

async fn drain() {
    if let Ok(mut q) = QUEUE.try_lock() {
        for job in q.drain(..) {
            run(job).await;
        }
    }
}
`,
      lines: [5],
      messageIncludes: 'if let',
    },
    {
      name: 'while let pop on a locked queue awaits in the body',
      code: `use std::sync::{Arc, Mutex};

async fn worker(queue: Arc<Mutex<VecDeque<Job>>>) {
    while let Some(job) = queue.lock().unwrap().pop_front() {
        process(job).await;
    }
}
`,
      lines: [4],
      messageIncludes: 'while let',
    },
    {
      name: 'shadowing does not drop: drop(g) after `let g = g.len()` drops the number, the guard lives on',
      code: `use std::sync::Mutex;
pub struct S { m: Mutex<Vec<u32>> }
impl S {
    async fn f(&self) {
        let g = self.m.lock().unwrap();
        let g = g.len();
        drop(g);
        later(g).await;
    }
}
`,
      lines: [5],
      messageIncludes: '`g`',
    },
    {
      name: 'drop(guard) after the await does not help',
      code: `use std::sync::Mutex;
pub struct S { m: Mutex<u32> }
impl S {
    async fn f(&self) {
        let g = self.m.lock().unwrap();
        later().await;
        drop(g);
    }
}
`,
      lines: [5],
      messageIncludes: '`g`',
    },
    {
      name: 'drop only in one branch does not release the guard',
      code: `use std::sync::Mutex;
pub struct S { m: Mutex<u32> }
impl S {
    async fn f(&self, fast: bool) {
        let g = self.m.lock().unwrap();
        if fast {
            drop(g);
        }
        later().await;
    }
}
`,
      lines: [5],
      messageIncludes: '`g`',
    },
    {
      name: 'await inside tokio::select! while the guard is alive',
      code: `use std::sync::Mutex;
pub struct S { m: Mutex<u32> }
impl S {
    async fn f(&self, mut rx: Receiver<u32>) {
        let mut g = self.m.lock().unwrap();
        tokio::select! {
            Some(v) = rx.recv() => { *g = v; }
            _ = tokio::time::sleep(Duration::from_secs(1)) => {}
        }
    }
}
`,
      lines: [5],
      messageIncludes: 'tokio::select!',
    },
    {
      name: 'temporary guard in the receiver of a call whose argument awaits',
      code: `use std::sync::Mutex;
pub struct S { cache: Mutex<HashMap<String, String>> }
impl S {
    async fn fill(&self, k: String) {
        self.cache.lock().unwrap().insert(k.clone(), load(&k).await);
    }
}
`,
      lines: [5],
      messageIncludes: 'self.cache.lock()',
    },
    {
      name: 'guard in an async block',
      code: `use std::sync::{Arc, Mutex};
fn start(m: Arc<Mutex<u64>>) {
    tokio::spawn(async move {
        let mut n = m.lock().unwrap();
        tick().await;
        *n += 1;
    });
}
`,
      lines: [4],
      messageIncludes: '`n`',
    },
    {
      name: 'std RwLock read guard (unwrap) across an await, type unknown in this file',
      code: `async fn list(state: AppState) -> Vec<String> {
    let routes = state.routes.read().unwrap();
    audit(routes.len()).await;
    routes.clone()
}
`,
      lines: [2],
      messageIncludes: '`routes`',
    },
    {
      name: 'poison-recovering match bound to a let (actix web::Data<Mutex<..>> parameter)',
      code: `use std::sync::Mutex;
use actix_web::{web, HttpResponse};

pub async fn bump(data: web::Data<Mutex<Stats>>) -> HttpResponse {
    let mut stats = match data.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    };
    stats.hits += 1;
    publish(stats.hits).await;
    HttpResponse::Ok().finish()
}
`,
      lines: [5],
      messageIncludes: '`stats`',
    },
  ],
});
