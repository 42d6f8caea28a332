import { describe, expect, it } from 'vitest';
import { CrateLayout } from '../../src/model/crate-layout.js';
import { closureParams } from '../../src/model/summaries.js';
import { crateModelOf, factsOf } from '../helpers/crate-model.js';

const rs = (s: string) => s.replace(/^\n/, '');

describe('per-file facts', () => {
  it('are plain data that survives JSON (cacheable, and posted back from workers)', async () => {
    const [facts] = await factsOf({
      'src/db.rs': rs(`
use std::sync::Arc;
pub struct DbConn { conn: Arc<Mutex<Conn>> }
impl DbConn {
    pub async fn run<F, R>(&self, f: F) -> R where F: FnOnce(&mut Conn) -> R {
        tokio::task::block_in_place(move || f(&mut self.conn.lock()))
    }
}
const LIST: &str = "SELECT * FROM t";
`),
    });
    expect(JSON.parse(JSON.stringify(facts))).toEqual(facts);
    const run = facts!.fns.find((f) => f.name === 'run')!;
    expect(run.owner).toBe('DbConn');
    expect(closureParams(run)).toEqual(['f']);
    expect(run.calls[0]!.resolved).toBe('tokio::task::block_in_place');
    expect(facts!.structs[0]!.fields).toEqual([{ name: 'conn', type: 'Arc<Mutex<Conn>>', line: 2 }]);
    expect(facts!.consts[0]!.value).toBe('SELECT * FROM t');
  });

  it('give modules from paths and crates from src/ folders', () => {
    const layout = new CrateLayout();
    const crateOf = (p: string) => layout.crateOf(p);
    const moduleOfFile = (p: string) => layout.moduleOfFile(p);
    expect(moduleOfFile('src/db/mod.rs')).toEqual(['db']);
    expect(moduleOfFile('crates/api/src/routes/users.rs')).toEqual(['routes', 'users']);
    expect(moduleOfFile('src/main.rs')).toEqual([]);
    expect(crateOf('crates/api/src/routes/users.rs')).toBe('crates/api/src/');
    expect(crateOf('src/bin/worker.rs')).toBe('src/bin/worker');
    expect(moduleOfFile('src/bin/worker.rs')).toEqual([]);
    // A binary of several files: its modules sit beside its main.rs.
    expect(crateOf('src/bin/ops/main.rs')).toBe('src/bin/ops');
    expect(crateOf('src/bin/ops/admin/mod.rs')).toBe('src/bin/ops');
    expect(moduleOfFile('src/bin/ops/main.rs')).toEqual([]);
    expect(moduleOfFile('src/bin/ops/admin/mod.rs')).toEqual(['admin']);
    expect(moduleOfFile('src/bin/ops/admin/purge.rs')).toEqual(['admin', 'purge']);
  });
});

describe('use resolution across modules', () => {
  it('follows crate::, super::, aliases and a chain of re-exports', async () => {
    const model = await crateModelOf({
      'src/lib.rs': 'pub mod api;\npub mod store;\npub use store::backend::save as persist;\n',
      'src/store/mod.rs': 'pub mod backend;\npub use self::backend::*;\n',
      'src/store/backend.rs': 'pub fn save() {}\npub fn load() {}\n',
      'src/api/mod.rs': 'pub mod handlers;\n',
      'src/api/handlers.rs': 'use crate::persist as keep;\nuse super::super::store;\nfn h() { keep(); store::load(); crate::store::save(); }\n',
    });
    const ix = model.index;
    const from = ['api', 'handlers'];
    const name = (w: string) => {
      const r = ix.resolve('src/', from, w);
      return r && ix.freeFns(r).map((f) => `${f.file.path}:${f.fn.name}`);
    };
    expect(name('keep')).toEqual(['src/store/backend.rs:save']);
    expect(name('store::load')).toEqual(['src/store/backend.rs:load']);
    expect(name('crate::store::save')).toEqual(['src/store/backend.rs:save']);
    expect(name('std::fs::read')).toBeNull();
  });

  it('stays bounded when many modules glob-import each other (a real crate hung the review)', async () => {
    // 12 sibling modules, each `use super::*` and `pub use` of every sibling's contents: every unknown
    // name used to be searched through every chain of globs.
    const names = Array.from({ length: 12 }, (_, i) => `m${i}`);
    const files: Record<string, string> = { 'src/lib.rs': names.map((n) => `pub mod ${n};\npub use ${n}::*;\n`).join('') };
    for (const n of names) files[`src/${n}.rs`] = `use super::*;\n${names.filter((o) => o !== n).map((o) => `pub use crate::${o}::*;`).join('\n')}\npub fn in_${n}() {}\n`;
    const model = await crateModelOf(files);
    const ix = model.index;
    expect(ix.resolve('src/', ['m3'], 'nowhere::to_be_found')).toBeNull();
    expect(ix.resolve('src/', ['m3'], 'also_missing')).toBeNull();
    const r = ix.resolve('src/', ['m3'], 'in_m7');
    expect(r && ix.freeFns(r).map((f) => f.file.path)).toEqual(['src/m7.rs']);
  });

  it('answers names of a module whose globs all import other crates (`use diesel::prelude::*`)', async () => {
    const model = await crateModelOf({
      'src/lib.rs': 'pub mod db;\npub mod api;\n',
      'src/db.rs': 'pub fn connect() {}\n',
      'src/api/mod.rs': 'pub mod users;\nuse diesel::prelude::*;\nuse tokio::sync::*;\nuse crate::db::connect as open;\npub fn list() { open(); users::show(); }\n',
      'src/api/users.rs': 'pub fn show() {}\n',
    });
    const ix = model.index;
    const fns = (w: string) => {
      const r = ix.resolve('src/', ['api'], w);
      return r && ix.freeFns(r).map((f) => `${f.file.path}:${f.fn.name}`);
    };
    expect(fns('open')).toEqual(['src/db.rs:connect']);
    expect(fns('users::show')).toEqual(['src/api/users.rs:show']);
    expect(fns('list')).toEqual(['src/api/mod.rs:list']);
    expect(fns('crate::db::connect')).toEqual(['src/db.rs:connect']);
    expect(ix.resolve('src/', ['api'], 'Ok')).toBeNull();
    expect(ix.resolve('src/', ['api'], 'insert_into')).toBeNull();
    expect(ix.resolve('src/', ['api'], 'diesel::update')).toBeNull();
  });

  it('answers names through globs of the crate beside globs of other crates, whichever is asked first', async () => {
    const files = {
      'src/lib.rs': 'pub mod schema;\npub mod api;\npub mod util;\n',
      'src/schema.rs': 'pub fn users() {}\n',
      'src/api.rs': 'use crate::schema::*;\nuse super::util::*;\nuse diesel::prelude::*;\npub fn list() {}\n',
      // Globs that come back to the module asking (`pub use super::api::*`): a cycle.
      'src/util.rs': 'pub use super::api::*;\npub fn helper() {}\n',
    };
    const questions = ['Ok', 'users', 'diesel::update', 'helper', 'Some', 'schema::users', 'nowhere::at_all'];
    const answers = async (order: string[]) => {
      const ix = (await crateModelOf(files)).index;
      const out = new Map<string, string[] | null>();
      for (const w of order) {
        const r = ix.resolve('src/', ['api'], w);
        out.set(w, r && ix.freeFns(r).map((f) => `${f.file.path}:${f.fn.name}`));
      }
      return out;
    };
    const forward = await answers(questions);
    expect(forward.get('users')).toEqual(['src/schema.rs:users']);
    expect(forward.get('schema::users')).toEqual(['src/schema.rs:users']);
    expect(forward.get('helper')).toEqual(['src/util.rs:helper']);
    for (const w of ['Ok', 'diesel::update', 'Some', 'nowhere::at_all']) expect(forward.get(w)).toBeNull();
    expect(await answers([...questions].reverse())).toEqual(forward);
  });
});

describe('function summaries', () => {
  const dbConn = rs(`
pub struct DbConn { inner: Arc<Mutex<Option<Conn>>> }
impl DbConn {
    pub async fn run<F, R>(&self, f: F) -> R
    where
        F: FnOnce(&mut Conn) -> R,
    {
        let mut guard = self.inner.lock().await;
        let conn = guard.as_mut().unwrap();
        tokio::task::block_in_place(move || f(conn))
    }
}
`);

  it('know a wrapper in another file offloads its closure, through its body, not its name', async () => {
    const model = await crateModelOf({
      'src/db/mod.rs': dbConn,
      'src/api.rs': 'use crate::db::DbConn;\npub async fn list(conn: DbConn) -> Vec<User> {\n    conn.run(|c| users.load(c)).await\n}\n',
    });
    const run = model.index.fns.find((f) => f.fn.name === 'run')!;
    expect(model.summaries.of(run).offloadsClosure).toBe(true);
    const list = model.index.fns.find((f) => f.fn.name === 'list')!;
    const load = list.fn.calls.findIndex((c) => c.method === 'load');
    expect(model.summaries.effectiveContext(list, load)).toBe('offloaded');
  });

  it('do not call a same-named method that runs its closure inline an offloader', async () => {
    const model = await crateModelOf({
      'src/jobs.rs': 'pub struct Jobs;\nimpl Jobs {\n    pub fn run<F: FnOnce()>(&self, f: F) { f() }\n}\n',
    });
    const run = model.index.fns.find((f) => f.fn.name === 'run')!;
    expect(model.summaries.of(run).offloadsClosure).toBe(false);
  });

  it('see through a wrapper of a wrapper, and a macro_rules! over one', async () => {
    const model = await crateModelOf({
      'src/db/mod.rs': dbConn,
      'src/db/pool.rs': rs(`
pub fn with_conn<T>(conn: &DbConn, body: impl FnOnce(&mut Conn) -> T) -> T {
    futures::executor::block_on(conn.run(body))
}
#[macro_export]
macro_rules! db_run {
    ($conn:ident: $body:block) => {
        $conn.run(move |$conn| $body).await
    };
}
`),
    });
    const withConn = model.index.fns.find((f) => f.fn.name === 'with_conn')!;
    expect(model.summaries.of(withConn).offloadsClosure).toBe(true);
    expect(model.summaries.macroOffloads('src/', 'db_run')).toBe(true);
  });

  it('know a sync helper in another module blocks, and settle on recursion', async () => {
    const model = await crateModelOf({
      'src/lib.rs': 'mod util;\nmod api;\n',
      'src/util.rs': rs(`
pub fn read_config(path: &str) -> String {
    load(path, 0)
}
fn load(path: &str, depth: u32) -> String {
    if depth > 3 { return std::fs::read_to_string(path).unwrap(); }
    load(path, depth + 1)
}
pub fn hash(p: &str) -> String {
    tokio::task::block_in_place(|| bcrypt::hash(p, 12).unwrap())
}
`),
      'src/api.rs': 'use crate::util::read_config;\npub async fn h() { read_config("x"); }\n',
    });
    const summary = (name: string) => model.summaries.of(model.index.fns.find((f) => f.fn.name === name)!);
    expect(summary('load').blocks?.call).toBe('std::fs::read_to_string');
    expect(summary('read_config').blocks?.line).toBe(5);
    expect(summary('hash').cpuHeavy).toBeUndefined();
    expect(summary('h').blocks).toBeUndefined(); // async fns return futures: calling one blocks nothing
  });

  it('a fn whose Result carries a database error: propagated from an embedded store, a query or a crate fn', async () => {
    const model = await crateModelOf({
      'src/lib.rs': 'pub mod kv;\npub mod service;\n',
      'src/kv.rs': rs(`
use std::sync::Arc;
pub struct Kv { pages: Arc<sled::Tree>, hits: rocksdb::DB }
impl Kv {
    pub fn page(&self, id: &str) -> Result<Option<Vec<u8>>, KvError> {
        let found = self.pages.get(id).map_err(KvError::from)?;
        Ok(found.map(|v| v.to_vec()))
    }
    pub fn hit(&self, id: &str) -> Result<(), KvError> {
        self.hits.put(id, b"1")?;
        Ok(())
    }
    pub fn cached(&self, id: &str) -> Result<bool, KvError> {
        Ok(self.pages.get(id).is_ok())
    }
}
pub async fn count(pool: &PgPool) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM pages").fetch_one(pool).await
}
`),
      'src/service.rs': rs(`
use crate::kv::Kv;
pub fn show(kv: &Kv, id: &str) -> Result<Vec<u8>, KvError> {
    Ok(kv.page(id)?.unwrap_or_default())
}
`),
    });
    const summary = (name: string) => model.summaries.of(model.index.fns.find((f) => f.fn.name === name)!);
    expect(summary('page').dbFallible?.call).toBe('Tree::get');
    expect(summary('hit').dbFallible?.call).toBe('DB::put');
    expect(summary('cached').dbFallible).toBeUndefined(); // the error is looked at, not propagated
    expect(summary('count').dbFallible?.line).toBe(17);
    expect(summary('show').dbFallible?.call).toBe('Tree::get'); // through the crate fn of another file
  });
  it('a fn whose Result carries the error of an HTTP request it sends: a client send propagated, or a crate fn that does', async () => {
    const model = await crateModelOf({
      'src/lib.rs': 'pub mod remote;\npub mod feed;\n',
      'src/remote.rs': rs(`
use reqwest::Client;
pub struct Remote { http: Client, inbox: String }
impl Remote {
    pub async fn inbox(&self) -> Result<Vec<Note>, Error> {
        let page = self.http.get(&self.inbox).send().await?;
        Ok(page.json().await?)
    }
    pub fn profile(url: &str) -> Result<String, Error> {
        Ok(reqwest::blocking::Client::new().get(url).send()?.text()?)
    }
    pub async fn reachable(&self) -> bool {
        self.http.get(&self.inbox).send().await.is_ok()
    }
    pub async fn notify(&self, tx: &Sender<Note>, note: Note) -> Result<(), Error> {
        tx.send(note).await?;
        Ok(())
    }
}
`),
      'src/feed.rs': rs(`
use crate::remote::Remote;
pub async fn refresh(remote: &Remote) -> Result<usize, Error> {
    Ok(remote.inbox().await?.len())
}
`),
    });
    const summary = (name: string) => model.summaries.of(model.index.fns.find((f) => f.fn.name === name)!);
    expect(summary('inbox').outboundFallible?.call).toBe('get(..).send()');
    expect(summary('profile').outboundFallible?.line).toBe(9);
    expect(summary('reachable').outboundFallible).toBeUndefined(); // the error is looked at, not propagated
    expect(summary('notify').outboundFallible).toBeUndefined(); // a channel's send takes the message
    expect(summary('refresh').outboundFallible?.call).toBe('get(..).send()'); // through the crate fn of another file
  });
});

describe('settling the summaries', () => {
  it('carries evidence up a chain of wrappers declared callers first (one level a round), and through mutual recursion', async () => {
    const model = await crateModelOf({
      'src/lib.rs': 'pub mod a;\npub mod b;\n',
      'src/a.rs': rs(`
use crate::b::{fourth, ping};
pub fn first(p: &str) -> String { second(p) }
pub fn second(p: &str) -> String { third(p) }
pub fn third(p: &str) -> String { fourth(p) }
pub fn pong(n: u32) -> String { if n == 0 { String::new() } else { ping(n - 1) } }
pub fn quiet(n: u32) -> u32 { n + 1 }
`),
      'src/b.rs': rs(`
use crate::a::pong;
pub fn fourth(p: &str) -> String { std::fs::read_to_string(p).unwrap() }
pub fn ping(n: u32) -> String { if n == 7 { fourth("x") } else { pong(n) } }
`),
    });
    const summary = (name: string) => model.summaries.of(model.index.fns.find((f) => f.fn.name === name)!);
    for (const name of ['first', 'second', 'third', 'fourth', 'ping', 'pong']) {
      expect(summary(name).blocks, name).toMatchObject({ call: 'std::fs::read_to_string', path: 'src/b.rs', line: 2 });
    }
    expect(summary('quiet').blocks).toBeUndefined();
  });
});
