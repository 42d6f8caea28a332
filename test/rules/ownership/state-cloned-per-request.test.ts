import { describe, expect, it } from 'vitest';
import rule from '../../../src/rules/ownership/state-cloned-per-request.js';
import { runFileRule } from '../../helpers/rule-tester.js';

const HEAVY_STATE = [
  'use std::collections::HashMap;',
  'use sqlx::PgPool;',
  '',
  '#[derive(Clone)]',
  'pub struct SearchIndex {',
  '    docs: Vec<IndexedDoc>,',
  '    postings: HashMap<String, Vec<u32>>,',
  '}',
  '',
  '#[derive(Clone)]',
  'pub struct AppState {',
  '    pub db: PgPool,',
  '    pub index: SearchIndex,',
  '}',
  '',
].join('\n');

const CHEAP_STATE = `use std::sync::Arc;
#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub http: reqwest::Client,
    pub config: Arc<Config>,
}
`;

/** Each changed file analysed as a review does, with the crate model built from every file given. */
async function findings(files: Record<string, string>, changed = Object.keys(files)) {
  const out: string[] = [];
  for (const path of changed) {
    const others = Object.fromEntries(Object.entries(files).filter(([p]) => p !== path));
    const result = await runFileRule(rule, { path, code: files[path]!, files: others });
    expect(result.ruleErrors).toEqual([]);
    out.push(...result.findings.map((f) => `${path}:${f.line} ${f.message}`));
  }
  return out;
}

describe('ownership/state-cloned-per-request', () => {
  describe('stays silent (else noisy)', () => {
    it('an Arc field of the state cloned as the pointer (`Arc::clone`, `Clone::clone`, `.clone()` on the field), a library collection behind one copied, a part copied to be changed (`let mut`)', async () => {
      const api = `use std::sync::Arc;
pub struct Rules {
    pub blocked: Vec<String>,
    pub rewrites: HashMap<String, String>,
}
pub struct Shared {
    pub rules: Arc<Rules>,
    pub seen: Arc<HashSet<String>>,
}
#[handler]
pub async fn submit(state: Data<&Arc<Shared>>, Json(req): Json<Submission>) -> Result<String> {
    let a = Arc::clone(&state.rules);
    let b = Clone::clone(&state.rules);
    let c = state.rules.clone();
    let mut seen = (*state.seen).clone();
    seen.insert(req.text.clone());
    // Copy-on-write: a copy made to be changed and swapped in.
    let mut next = state.rules.as_ref().clone();
    next.blocked.push(req.text.clone());
    state.swap_rules(Arc::new(next));
    Ok(a.apply(&req.text, &b, &c, &seen))
}
`;
      expect(await findings({ 'src/api.rs': api })).toEqual([]);
    });
    it('a bulky config cloned once in the async fn start-up code runs before serving (the model places it: not per request)', async () => {
      const server = `pub struct Configuration {
    pub address: Vec<String>,
    pub origins: HashMap<String, String>,
}
pub async fn start(config: Configuration) {
    let listener = bind(config.address.clone()).await;
    let https = spawn_https(config.clone(), listener).await;
    https.await;
}
`;
      const main = `mod server;
#[tokio::main]
async fn main() {
    server::start(load_config()).await;
}
`;
      expect(await findings({ 'src/server.rs': server, 'src/main.rs': main }, ['src/server.rs'])).toEqual([]);
    });
    it('cloning the web::Data itself (a refcount bump)', async () => {
      const handler = `use crate::state::AppState;
pub async fn search(data: web::Data<AppState>) -> HttpResponse {
    let state = data.clone();
    web::block(move || state.index.search("x")).await
}
`;
      expect(await findings({ 'src/handlers/search.rs': handler, 'src/state.rs': HEAVY_STATE }, ['src/handlers/search.rs'])).toEqual([]);
    });
    it('a state of Arcs and handles cloned per request', async () => {
      const handler = `use crate::state::AppState;
pub async fn list(State(state): State<AppState>) -> Json<Vec<Item>> {
    let s = state.clone();
    tokio::spawn(async move { s.refresh().await });
    Json(vec![])
}
`;
      expect(await findings({ 'src/handlers/items.rs': handler, 'src/state.rs': CHEAP_STATE })).toEqual([]);
    });
    it('deep clone at start-up (router construction) runs once', async () => {
      const main = HEAVY_STATE + 'pub fn router(state: AppState) -> Router {\n    Router::new().with_state(state.clone())\n}\n';
      expect(await findings({ 'src/state.rs': main })).toEqual([]);
    });
    it('Arc<AppState> cloned with Arc::clone inside a handler', async () => {
      const handler = HEAVY_STATE + 'pub async fn h(State(state): State<Arc<AppState>>) {\n    let s = Arc::clone(&state);\n    tokio::spawn(async move { s.index.len() });\n}\n';
      expect(await findings({ 'src/state.rs': handler })).toEqual([]);
    });
    it('test code', async () => {
      const t = HEAVY_STATE + '#[cfg(test)]\nmod tests {\n    async fn h(data: web::Data<AppState>) {\n        let s = data.get_ref().clone();\n    }\n}\n';
      expect(await findings({ 'src/state.rs': t })).toEqual([]);
    });
  });

  describe('fires (else missing)', () => {
    it('config.inner().clone() of Rocket managed state, moved into spawn_blocking', async () => {
      const handler = `use crate::state::AppState;
use rocket::State;

#[post("/search")]
pub async fn search(state: &State<AppState>) -> Json<Vec<u32>> {
    let snapshot: AppState = state.inner().clone();
    Json(task::spawn_blocking(move || snapshot.index.search("x")).await.unwrap())
}
`;
      const out = await findings({ 'src/routes/search.rs': handler, 'src/state.rs': HEAVY_STATE }, ['src/routes/search.rs']);
      expect(out).toHaveLength(1);
      expect(out[0]).toMatch(/^src\/routes\/search\.rs:6 .*`AppState`.*index: SearchIndex/);
    });
    it('data.get_ref().clone() of a state declared in another file', async () => {
      const handler = `use crate::state::AppState;

#[get("/search")]
pub async fn search(data: web::Data<AppState>) -> HttpResponse {
    let state: AppState = data.get_ref().clone();
    web::block(move || state.index.search("x")).await
}
`;
      const out = await findings({ 'src/handlers/search.rs': handler, 'src/state.rs': HEAVY_STATE }, ['src/handlers/search.rs']);
      expect(out).toHaveLength(1);
      expect(out[0]).toMatch(/^src\/handlers\/search\.rs:5 .*`AppState`.*index: SearchIndex.*clone `data`/);
    });
    it('AppState::clone(&state) through State<Arc<AppState>> in axum', async () => {
      const handler = HEAVY_STATE + 'pub async fn h(State(state): State<Arc<AppState>>) -> usize {\n    let snapshot = AppState::clone(&state);\n    snapshot.index.len()\n}\n';
      expect(await findings({ 'src/state.rs': handler })).toEqual([expect.stringMatching(/^src\/state\.rs:16 .*AppState::clone\(&state\)/)]);
    });
    it('a deep copy made inside a lazy initialiser runs once per process, not per request', async () => {
      const handler = `${HEAVY_STATE}static SNAPSHOT: std::sync::OnceLock<AppState> = std::sync::OnceLock::new();

pub async fn h(State(state): State<Arc<AppState>>) -> usize {
    let snapshot = SNAPSHOT.get_or_init(|| (*state).clone());
    snapshot.index.len()
}
`;
      expect(await findings({ 'src/state.rs': handler })).toEqual([]);
    });
    it('(*state).clone() of an Arc param in a spawned task per job', async () => {
      const worker = HEAVY_STATE + 'pub fn run(state: Arc<AppState>, jobs: Vec<Job>) {\n    for job in jobs {\n        let s = (*state).clone();\n        std::thread::spawn(move || s.index.apply(job));\n    }\n}\n';
      expect(await findings({ 'src/state.rs': worker })).toEqual([expect.stringMatching(/^src\/state\.rs:17 .*every iteration/)]);
    });
    it('a bulky config struct cloned from self in a request method', async () => {
      const svc = `pub struct PricingConfig {
    pub tiers: Vec<Tier>,
    pub overrides: HashMap<String, i64>,
}
pub struct Pricing {
    config: PricingConfig,
}
impl Pricing {
    pub async fn quote(&self, sku: &str) -> i64 {
        let cfg = self.config.clone();
        cfg.price(sku)
    }
}
`;
      const routes = `mod pricing;
async fn quote(State(pricing): State<Arc<pricing::Pricing>>, Path(sku): Path<String>) -> String {
    pricing.quote(&sku).await.to_string()
}
pub fn app(pricing: Arc<pricing::Pricing>) -> Router {
    Router::new().route("/quote/:sku", get(quote)).with_state(pricing)
}
`;
      expect(await findings({ 'src/pricing.rs': svc, 'src/lib.rs': routes }, ['src/pricing.rs'])).toEqual([expect.stringMatching(/^src\/pricing\.rs:10 .*`PricingConfig`.*tiers: Vec<Tier>/)]);
    });
    it('a bulky config behind an Arc field of the state, looked through and cloned (`state.rules.as_ref().clone()`, state by a reference extractor)', async () => {
      const api = `use std::sync::Arc;
pub struct Rules {
    pub blocked: Vec<String>,
    pub rewrites: HashMap<String, String>,
}
pub struct Shared {
    pub db: PgPool,
    pub rules: Arc<Rules>,
}
#[handler]
pub async fn submit(state: Data<&Arc<Shared>>, Json(req): Json<Submission>) -> Result<String> {
    let rules: Rules = state.rules.as_ref().clone();
    let other = Rules::clone(&state.rules);
    Ok(rules.apply(&req.text, &other))
}
`;
      expect(await findings({ 'src/api.rs': api })).toEqual([
        expect.stringMatching(/^src\/api\.rs:12 .*`Rules`.*`state\.rules` is already an `Arc`/),
        expect.stringMatching(/^src\/api\.rs:13 .*`Rules`/),
      ]);
    });
  });
});
