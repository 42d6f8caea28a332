import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/ownership/read-only-mutex.js';
import { runFileRule } from '../../helpers/rule-tester.js';

const STATE = 'use std::sync::{Arc, Mutex, RwLock};\n#[derive(Clone)]\npub struct AppState {\n    pub db: PgPool,\n    pub pagination: Arc<Mutex<PaginationConfig>>,\n}\n';

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
      const svc = 'use tokio::sync::RwLock;\npub struct Flags {\n    current: Arc<RwLock<FlagSet>>,\n}\nimpl Flags {\n    async fn enabled(&self, name: &str) -> bool {\n        self.current.read().await.contains(name)\n    }\n    async fn reload(&self, fresh: FlagSet) {\n        *self.current.write().await = fresh;\n    }\n}\n';
      expect(await run({ 'src/flags.rs': svc })).toEqual([]);
    });
    it('a cache that is inserted into and evicted', async () => {
      const svc = 'use std::sync::{Arc, Mutex};\npub struct Svc {\n    cache: Arc<Mutex<HashMap<Uuid, Settings>>>,\n}\nimpl Svc {\n    fn get(&self, id: Uuid) -> Option<Settings> {\n        self.cache.lock().unwrap().get(&id).cloned()\n    }\n    fn put(&self, id: Uuid, s: Settings) {\n        self.cache.lock().unwrap().insert(id, s);\n    }\n}\n';
      expect(await run({ 'src/svc.rs': svc })).toEqual([]);
    });
    it('a guard whose field is assigned', async () => {
      const h = 'pub async fn set(State(state): State<AppState>, size: i64) {\n    let mut p = state.pagination.lock().unwrap();\n    p.default_page_size = size;\n}\n';
      expect(await run({ 'src/state.rs': STATE, 'src/handlers/admin.rs': h })).toEqual([]);
    });
    it('an LRU cache: get() moves the entry, so it needs the lock', async () => {
      const svc = 'use std::sync::{Arc, Mutex};\npub struct Svc {\n    lru: Arc<Mutex<LruCache<String, User>>>,\n}\nimpl Svc {\n    fn get(&self, k: &str) -> Option<User> {\n        self.lru.lock().unwrap().get(k).cloned()\n    }\n}\n';
      expect(await run({ 'src/svc.rs': svc })).toEqual([]);
    });
    it('a lock handed to another function (we cannot see what it does)', async () => {
      const w = 'fn start() {\n    let counter = Arc::new(Mutex::new(0u64));\n    let c = Arc::clone(&counter);\n    spawn_worker(c);\n    println!("{}", counter.lock().unwrap());\n}\n';
      expect(await run({ 'src/worker.rs': w })).toEqual([]);
    });
    it('a queue receiver shared by workers (recv needs &mut)', async () => {
      const w = 'use tokio::sync::Mutex;\npub struct Pool {\n    rx: Arc<Mutex<Receiver<Job>>>,\n}\nimpl Pool {\n    async fn next(&self) -> Option<Job> {\n        self.rx.lock().await.recv().await\n    }\n}\n';
      expect(await run({ 'src/pool.rs': w })).toEqual([]);
    });
    it('an RwLock that is also written through a guard method', async () => {
      const svc = 'use parking_lot::RwLock;\npub struct Registry {\n    peers: Arc<RwLock<PeerTable>>,\n}\nimpl Registry {\n    fn lookup(&self, id: PeerId) -> Option<Addr> {\n        self.peers.read().resolve(id)\n    }\n    fn join(&self, id: PeerId, a: Addr) {\n        self.peers.write().admit(id, a);\n    }\n}\n';
      expect(await run({ 'src/registry.rs': svc })).toEqual([]);
    });
    it('an RwLock read guard upgraded for a write', async () => {
      const svc = 'use parking_lot::RwLock;\npub struct Cache {\n    entries: Arc<RwLock<Entries>>,\n}\nimpl Cache {\n    fn touch(&self, k: &str) {\n        let g = self.entries.upgradable_read();\n        if !g.has(k) {\n            RwLockUpgradableReadGuard::upgrade(g).add(k);\n        }\n    }\n    fn peek(&self, k: &str) -> bool {\n        self.entries.read().has(k)\n    }\n}\n';
      expect(await run({ 'src/cache.rs': svc })).toEqual([]);
    });
    it('a Mutex whose guard gets an unknown method call (may mutate)', async () => {
      const svc = 'use std::sync::Mutex;\npub struct Meter {\n    window: Arc<Mutex<Window>>,\n}\nimpl Meter {\n    fn rate(&self) -> f64 {\n        self.window.lock().unwrap().rate()\n    }\n}\n';
      expect(await run({ 'src/meter.rs': svc })).toEqual([]);
    });
    it('a config field read by one handler and written by an admin handler in a third file', async () => {
      const read = 'pub async fn list(State(state): State<AppState>) -> i64 {\n    state.pagination.lock().unwrap().default_page_size\n}\n';
      const write = 'pub async fn set(State(state): State<AppState>, size: i64) {\n    state.pagination.lock().unwrap().default_page_size = size;\n}\n';
      expect(await run({ 'src/state.rs': STATE, 'src/handlers/list.rs': read, 'src/handlers/admin.rs': write })).toEqual([]);
    });
  });

  describe('fires (else missing)', () => {
    it('a same-named field of another struct is mutated: not our lock', async () => {
      const read = 'pub async fn list(State(state): State<AppState>) -> i64 {\n    state.pagination.lock().unwrap().default_page_size\n}\n';
      const other = 'pub struct Draft { pagination: Arc<Mutex<PaginationConfig>> }\nimpl Draft {\n    fn grow(&self) {\n        self.pagination.lock().unwrap().default_page_size += 1;\n    }\n}\n';
      const out = await run({ 'src/state.rs': STATE, 'src/handlers/list.rs': read, 'src/draft.rs': other });
      expect(out).toEqual([expect.stringMatching(/^src\/state\.rs:5 `AppState\.pagination` .*1 read, e\.g\. src\/handlers\/list\.rs:2/)]);
    });
    it('a config field only read by a handler in another file', async () => {
      const h = 'pub async fn list(State(state): State<AppState>, q: Query<P>) -> i64 {\n    let limit = {\n        let p = state.pagination.lock().unwrap();\n        q.limit.unwrap_or(p.default_page_size).clamp(1, p.max_page_size)\n    };\n    limit\n}\n';
      const out = await run({ 'src/state.rs': STATE, 'src/handlers/tickets.rs': h });
      expect(out).toEqual([expect.stringMatching(/^src\/state\.rs:5 `AppState\.pagination` .*src\/handlers\/tickets\.rs:3/)]);
    });
    it('a local lock shadowed by its clone in a loop (`let hosts = Arc::clone(&hosts)`), only read by the tasks', async () => {
      const w = 'async fn probe(jobs: Vec<Job>, hosts: HashSet<String>) {\n    let hosts = Arc::new(tokio::sync::Mutex::new(hosts));\n    let mut set = JoinSet::new();\n    for job in jobs {\n        let hosts = Arc::clone(&hosts);\n        set.spawn(async move { hosts.lock().await.contains(&job.host) });\n    }\n}\n';
      expect(await run({ 'src/probe.rs': w })).toEqual([expect.stringMatching(/^src\/probe\.rs:2 `hosts`/)]);
    });
    it('a local Arc<Mutex> shared with tasks that only read it', async () => {
      const w = 'async fn fan_out(cfg: Config, ids: Vec<u64>) {\n    let shared = Arc::new(Mutex::new(cfg));\n    for id in ids {\n        let c = Arc::clone(&shared);\n        tokio::spawn(async move {\n            let url = c.lock().unwrap().base_url.clone();\n            fetch(&url, id).await;\n        });\n    }\n}\n';
      expect(await run({ 'src/fanout.rs': w })).toEqual([expect.stringMatching(/^src\/fanout\.rs:2 `shared`/)]);
    });
    it('a parking_lot RwLock only ever read, with domain methods on the guard', async () => {
      const svc = 'use parking_lot::RwLock;\npub struct Quoter {\n    tariffs: Arc<RwLock<TariffBook>>,\n}\nimpl Quoter {\n    pub fn new(book: TariffBook) -> Self {\n        Self { tariffs: Arc::new(RwLock::new(book)) }\n    }\n    pub fn quote(&self, zone: Zone, kg: f64) -> Money {\n        let book = self.tariffs.read();\n        book.rate_for(zone).apply(kg)\n    }\n    pub fn zones(&self) -> Vec<Zone> {\n        self.tariffs.read().zones().collect()\n    }\n}\n';
      expect(await run({ 'src/quote.rs': svc })).toEqual([expect.stringMatching(/^src\/quote\.rs:3 `Quoter\.tariffs` .*Arc<TariffBook>/)]);
    });
    it('a std RwLock only read, through unwrap and a handler in another file', async () => {
      const state = 'use std::sync::{Arc, RwLock};\n#[derive(Clone)]\npub struct AppState {\n    pub geo: Arc<RwLock<GeoDb>>,\n}\n';
      const h = 'pub async fn locate(State(state): State<AppState>, ip: IpAddr) -> Json<Place> {\n    let db = state.geo.read().unwrap();\n    Json(db.locate(ip).unwrap_or_default())\n}\n';
      expect(await run({ 'src/state.rs': state, 'src/handlers/geo.rs': h })).toEqual([expect.stringMatching(/^src\/state\.rs:4 `AppState\.geo`/)]);
    });
  });
});
