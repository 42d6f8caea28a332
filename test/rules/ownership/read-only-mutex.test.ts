import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/ownership/read-only-mutex.js';
import { runFileRule } from '../../helpers/rule-tester.js';

const STATE = `use std::sync::{Arc, Mutex, RwLock};
#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub pagination: Arc<Mutex<PaginationConfig>>,
}
`;

/** Every file of the crate analysed, each with the crate model of all of them. */
async function run(files: Record<string, string>) {
  const findings: string[] = [];
  for (const [path, code] of Object.entries(files)) {
    const out = await runFileRule(rule, { path, code, files });
    expect(out.ruleErrors).toEqual([]);
    findings.push(...out.findings.map((f) => `${f.path}:${f.line} ${f.message}`));
  }
  return findings;
}

describe('ownership/read-only-mutex', () => {
  describe('stays silent (else noisy)', () => {
    it('an RwLock field a reload replaces wholesale (a lock doing its job)', async () => {
      const svc = `use tokio::sync::RwLock;
pub struct Flags {
    current: Arc<RwLock<FlagSet>>,
}
impl Flags {
    async fn enabled(&self, name: &str) -> bool {
        self.current.read().await.contains(name)
    }
    async fn reload(&self, fresh: FlagSet) {
        *self.current.write().await = fresh;
    }
}
`;
      expect(await run({ 'src/flags.rs': svc })).toEqual([]);
    });
    it('a cache that is inserted into and evicted', async () => {
      const svc = `use std::sync::{Arc, Mutex};
pub struct Svc {
    cache: Arc<Mutex<HashMap<Uuid, Settings>>>,
}
impl Svc {
    fn get(&self, id: Uuid) -> Option<Settings> {
        self.cache.lock().unwrap().get(&id).cloned()
    }
    fn put(&self, id: Uuid, s: Settings) {
        self.cache.lock().unwrap().insert(id, s);
    }
}
`;
      expect(await run({ 'src/svc.rs': svc })).toEqual([]);
    });
    it('a guard whose field is assigned', async () => {
      const h = `pub async fn set(State(state): State<AppState>, size: i64) {
    let mut p = state.pagination.lock().unwrap();
    p.default_page_size = size;
}
`;
      expect(await run({ 'src/state.rs': STATE, 'src/handlers/admin.rs': h })).toEqual([]);
    });
    it('an LRU cache: get() moves the entry, so it needs the lock', async () => {
      const svc = `use std::sync::{Arc, Mutex};
pub struct Svc {
    lru: Arc<Mutex<LruCache<String, User>>>,
}
impl Svc {
    fn get(&self, k: &str) -> Option<User> {
        self.lru.lock().unwrap().get(k).cloned()
    }
}
`;
      expect(await run({ 'src/svc.rs': svc })).toEqual([]);
    });
    it('a lock handed to another function (we cannot see what it does)', async () => {
      const w = `fn start() {
    let counter = Arc::new(Mutex::new(0u64));
    let c = Arc::clone(&counter);
    spawn_worker(c);
    println!("{}", counter.lock().unwrap());
}
`;
      expect(await run({ 'src/worker.rs': w })).toEqual([]);
    });
    it('a queue receiver shared by workers (recv needs &mut)', async () => {
      const w = `use tokio::sync::Mutex;
pub struct Pool {
    rx: Arc<Mutex<Receiver<Job>>>,
}
impl Pool {
    async fn next(&self) -> Option<Job> {
        self.rx.lock().await.recv().await
    }
}
`;
      expect(await run({ 'src/pool.rs': w })).toEqual([]);
    });
    it('an RwLock that is also written through a guard method', async () => {
      const svc = `use parking_lot::RwLock;
pub struct Registry {
    peers: Arc<RwLock<PeerTable>>,
}
impl Registry {
    fn lookup(&self, id: PeerId) -> Option<Addr> {
        self.peers.read().resolve(id)
    }
    fn join(&self, id: PeerId, a: Addr) {
        self.peers.write().admit(id, a);
    }
}
`;
      expect(await run({ 'src/registry.rs': svc })).toEqual([]);
    });
    it('an RwLock read guard upgraded for a write', async () => {
      const svc = `use parking_lot::RwLock;
pub struct Cache {
    entries: Arc<RwLock<Entries>>,
}
impl Cache {
    fn touch(&self, k: &str) {
        let g = self.entries.upgradable_read();
        if !g.has(k) {
            RwLockUpgradableReadGuard::upgrade(g).add(k);
        }
    }
    fn peek(&self, k: &str) -> bool {
        self.entries.read().has(k)
    }
}
`;
      expect(await run({ 'src/cache.rs': svc })).toEqual([]);
    });
    it('a Mutex whose guard gets an unknown method call (may mutate)', async () => {
      const svc = `use std::sync::Mutex;
pub struct Meter {
    window: Arc<Mutex<Window>>,
}
impl Meter {
    fn rate(&self) -> f64 {
        self.window.lock().unwrap().rate()
    }
}
`;
      expect(await run({ 'src/meter.rs': svc })).toEqual([]);
    });
    it('a config field read by one handler and written by an admin handler in a third file', async () => {
      const read = `pub async fn list(State(state): State<AppState>) -> i64 {
    state.pagination.lock().unwrap().default_page_size
}
`;
      const write = `pub async fn set(State(state): State<AppState>, size: i64) {
    state.pagination.lock().unwrap().default_page_size = size;
}
`;
      expect(await run({ 'src/state.rs': STATE, 'src/handlers/list.rs': read, 'src/handlers/admin.rs': write })).toEqual([]);
    });
  });

  describe('fires (else missing)', () => {
    it('a same-named field of another struct is mutated: not our lock', async () => {
      const read = `pub async fn list(State(state): State<AppState>) -> i64 {
    state.pagination.lock().unwrap().default_page_size
}
`;
      const other = `pub struct Draft { pagination: Arc<Mutex<PaginationConfig>> }
impl Draft {
    fn grow(&self) {
        self.pagination.lock().unwrap().default_page_size += 1;
    }
}
`;
      const out = await run({ 'src/state.rs': STATE, 'src/handlers/list.rs': read, 'src/draft.rs': other });
      expect(out).toEqual([expect.stringMatching(/^src\/state\.rs:5 `AppState\.pagination` .*1 read, e\.g\. src\/handlers\/list\.rs:2/)]);
    });
    it('a config field only read by a handler in another file', async () => {
      const h = `pub async fn list(State(state): State<AppState>, q: Query<P>) -> i64 {
    let limit = {
        let p = state.pagination.lock().unwrap();
        q.limit.unwrap_or(p.default_page_size).clamp(1, p.max_page_size)
    };
    limit
}
`;
      const out = await run({ 'src/state.rs': STATE, 'src/handlers/tickets.rs': h });
      expect(out).toEqual([expect.stringMatching(/^src\/state\.rs:5 `AppState\.pagination` .*src\/handlers\/tickets\.rs:3/)]);
    });
    it('a local lock shadowed by its clone in a loop (`let hosts = Arc::clone(&hosts)`), only read by the tasks', async () => {
      const w = `async fn probe(jobs: Vec<Job>, hosts: HashSet<String>) {
    let hosts = Arc::new(tokio::sync::Mutex::new(hosts));
    let mut set = JoinSet::new();
    for job in jobs {
        let hosts = Arc::clone(&hosts);
        set.spawn(async move { hosts.lock().await.contains(&job.host) });
    }
}
`;
      expect(await run({ 'src/probe.rs': w })).toEqual([expect.stringMatching(/^src\/probe\.rs:2 `hosts`/)]);
    });
    it('a local Arc<Mutex> shared with tasks that only read it', async () => {
      const w = `async fn fan_out(cfg: Config, ids: Vec<u64>) {
    let shared = Arc::new(Mutex::new(cfg));
    for id in ids {
        let c = Arc::clone(&shared);
        tokio::spawn(async move {
            let url = c.lock().unwrap().base_url.clone();
            fetch(&url, id).await;
        });
    }
}
`;
      expect(await run({ 'src/fanout.rs': w })).toEqual([expect.stringMatching(/^src\/fanout\.rs:2 `shared`/)]);
    });
    it('a parking_lot RwLock only ever read, with domain methods on the guard', async () => {
      const svc = `use parking_lot::RwLock;
pub struct Quoter {
    tariffs: Arc<RwLock<TariffBook>>,
}
impl Quoter {
    pub fn new(book: TariffBook) -> Self {
        Self { tariffs: Arc::new(RwLock::new(book)) }
    }
    pub fn quote(&self, zone: Zone, kg: f64) -> Money {
        let book = self.tariffs.read();
        book.rate_for(zone).apply(kg)
    }
    pub fn zones(&self) -> Vec<Zone> {
        self.tariffs.read().zones().collect()
    }
}
`;
      expect(await run({ 'src/quote.rs': svc })).toEqual([expect.stringMatching(/^src\/quote\.rs:3 `Quoter\.tariffs` .*Arc<TariffBook>/)]);
    });
    it('a std RwLock only read, through unwrap and a handler in another file', async () => {
      const state = `use std::sync::{Arc, RwLock};
#[derive(Clone)]
pub struct AppState {
    pub geo: Arc<RwLock<GeoDb>>,
}
`;
      const h = `pub async fn locate(State(state): State<AppState>, ip: IpAddr) -> Json<Place> {
    let db = state.geo.read().unwrap();
    Json(db.locate(ip).unwrap_or_default())
}
`;
      expect(await run({ 'src/state.rs': state, 'src/handlers/geo.rs': h })).toEqual([expect.stringMatching(/^src\/state\.rs:4 `AppState\.geo`/)]);
    });
  });
});
