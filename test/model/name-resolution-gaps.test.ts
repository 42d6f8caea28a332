/**
 * Names the crate index must resolve as rustc does: a glob's item against a crate-root module of the
 * same name, re-exports of another workspace member, and the consts a path may name.
 */
import { describe, expect, it } from 'vitest';
import { crateModelOf } from '../helpers/crate-model.js';

const rs = (s: string) => s.replace(/^\n/, '');

describe('crate index name resolution', () => {
  it('gives a bare name that `use super::*` brings in the parent item, not a crate-root module of that name', async () => {
    // Since Rust 2018 the crate root's module `config` is in scope unqualified only in the crate root.
    const model = await crateModelOf({
      'src/lib.rs': 'pub mod config;\npub mod server;\n',
      'src/config.rs': 'pub struct Config;\n',
      'src/server.rs': rs(`
pub fn config() -> u16 { 8080 }
#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn port() { assert_eq!(config(), 8080); }
}
`),
    });
    const r = model.index.resolve('src/', ['server', 'tests'], 'config');
    expect(r && model.index.freeFns(r).map((f) => `${f.file.path}:${f.fn.name}`)).toEqual(['src/server.rs:config']);
    // A path through the module still reaches it from the crate root's own code.
    expect(model.index.resolve('src/', [], 'config::Config')).toEqual({ crate: 'src/', module: ['config'], name: 'Config' });
  });

  it('still finds a crate-root module by a bare path where no glob or use names it (2015-style code)', async () => {
    const model = await crateModelOf({
      'src/lib.rs': 'pub mod store;\npub mod api;\n',
      'src/store.rs': 'pub fn save() {}\n',
      'src/api.rs': 'pub fn h() { store::save(); }\n',
    });
    const r = model.index.resolve('src/', ['api'], 'store::save');
    expect(r && model.index.freeFns(r).map((f) => f.file.path)).toEqual(['src/store.rs']);
  });

  it('follows `pub use other_member::{models}` to the module of another member of the workspace', async () => {
    const model = await crateModelOf(
      {
        'core/src/lib.rs': 'pub mod models;\n',
        'core/src/models.rs': 'pub struct User { pub name: String }\npub fn find_user() -> User { todo!() }\n',
        'web/src/lib.rs': 'pub use core_db::{models};\npub mod api;\n',
        'web/src/api.rs': 'use crate::models::User;\npub fn show(u: User) {}\npub fn load() { crate::models::find_user(); }\n',
      },
      {
        'Cargo.toml': '[workspace]\nmembers = ["core", "web"]\n',
        'core/Cargo.toml': '[package]\nname = "core-db"\n',
        'web/Cargo.toml': '[package]\nname = "web"\n\n[dependencies]\ncore-db = { path = "../core" }\n',
      },
    );
    const ix = model.index;
    expect(ix.resolve('web/src/', ['api'], 'User')).toEqual({ crate: 'core/src/', module: ['models'], name: 'User' });
    const r = ix.resolve('web/src/', ['api'], 'crate::models::find_user');
    expect(r && ix.freeFns(r).map((f) => f.file.path)).toEqual(['core/src/models.rs']);
    expect(ix.structAt('web/src/', ['api'], 'User')?.file.path).toBe('core/src/models.rs');
  });

  it('follows a re-export of another member to the library path it names (`pub use tokio::sync::Mutex as Lock` there)', async () => {
    const model = await crateModelOf(
      {
        'core/src/lib.rs': 'pub mod sync;\npub mod db;\n',
        'core/src/sync.rs': 'pub use tokio::sync::Mutex as Lock;\n',
        'core/src/db.rs': 'pub use sqlx::PgPool as Pool;\n',
        'web/src/lib.rs': 'pub use core_db::{db};\nuse core_db::sync::Lock;\npub struct State { pub jobs: Lock<Vec<u32>>, pub pool: db::Pool }\n',
      },
      {
        'Cargo.toml': '[workspace]\nmembers = ["core", "web"]\n',
        'core/Cargo.toml': '[package]\nname = "core-db"\n',
        'web/Cargo.toml': '[package]\nname = "web"\n\n[dependencies]\ncore-db = { path = "../core" }\n',
      },
    );
    expect(model.index.externalPaths('web/src/', [], 'Lock')).toEqual(['tokio::sync::Mutex']);
    expect(model.index.externalPaths('web/src/', [], 'db::Pool')).toEqual(['sqlx::PgPool']);
  });

  it('resolves a path naming a const or static through re-exports and aliases', async () => {
    const model = await crateModelOf({
      'src/main.rs': 'mod api;\nmod routes;\npub use api::v1::ROUTES as V1_ROUTES;\n',
      'src/routes.rs': 'pub struct Pages;\n',
      'src/api/mod.rs': 'pub mod v1;\n',
      'src/api/v1/mod.rs': 'mod routes;\npub use routes::ROUTES;\n',
      'src/api/v1/routes.rs': 'pub struct Routes { pub ping: &\'static str }\npub const ROUTES: Routes = Routes { ping: "/ping" };\n',
    });
    const at = { crate: 'src/', module: ['api', 'v1', 'routes'], name: 'ROUTES' };
    expect(model.index.resolve('src/', ['api'], 'crate::V1_ROUTES')).toEqual(at);
    expect(model.index.resolve('src/', ['api'], 'v1::ROUTES')).toEqual(at);
  });
});

describe('the type a `let` binds from `Type::fn(..)`', () => {
  it("is the callee's declared return type when the index knows the callee, not the type the path names", async () => {
    const model = await crateModelOf({
      'src/lib.rs': 'pub mod settings;\npub mod server;\n',
      'src/settings.rs': rs(`
pub struct Config;
pub struct Settings { pub port: u16 }
impl Config {
    pub fn load_path(path: &str) -> Result<Settings, Error> { todo!() }
    pub fn port(&self) -> u16 { 0 }
}
impl Settings {
    pub fn port(&self) -> u16 { self.port }
}
`),
      'src/server.rs': rs(`
use crate::settings::Config;
pub fn start(path: &str) -> Result<u16, Error> {
    let settings = Config::load_path(path)?;
    let fallback = Config::default();
    Ok(settings.port() + fallback.port())
}
`),
    });
    const ref = model.index.fnsOfFile('src/server.rs').find((f) => f.fn.name === 'start')!;
    const targets = ref.fn.calls.map((c, i) => [c.method ?? c.written, model.summaries.knownCallees(ref, i).map((t) => `${t.fn.owner}::${t.fn.name}`)]);
    expect(targets.filter(([m]) => m === 'port')).toEqual([
      ['port', ['Settings::port']],
      ['port', ['Config::port']],
    ]);
  });
});
