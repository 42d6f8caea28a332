import { describe, expect, it } from 'vitest';
import type { CrateModel } from '../../src/model/index.js';
import { crateModelOf } from '../helpers/crate-model.js';

const rs = (s: string) => s.replace(/^\n/, '');

// A service: two routes sharing a formatter (which route it is first reached from depends on the
// order of the pass), one calling its loader through `use .. as`, a background job started at
// start-up, a worker thread handed over by path, a migration an async fn runs through `block_on`,
// a module only tests use, and a fn nothing calls.
const BASE: Record<string, string> = {
  'src/main.rs': rs(`
mod db;
mod jobs;
mod routes;
mod shared;
mod test_utils;

#[tokio::main]
async fn main() {
    db::run_migrations();
    tokio::spawn(jobs::sweep_forever());
    std::thread::spawn(jobs::worker);
    let app = Router::new().route("/orders", get(routes::list_orders)).route("/users", get(routes::list_users));
    serve(app).await;
}
`),
  'src/routes.rs': rs(`
use crate::db::load_users as fetch;

pub async fn list_orders() -> String {
    crate::db::load_orders().await;
    crate::shared::format_all()
}

pub async fn list_users() -> String {
    fetch().await;
    crate::shared::format_all()
}
`),
  'src/shared.rs': rs(`
pub fn format_all() -> String {
    helper()
}

fn helper() -> String {
    String::new()
}

pub fn never_called() {}

#[cfg(test)]
mod tests {
    #[test]
    fn formats() {
        crate::test_utils::fixture();
        super::format_all();
    }
}
`),
  'src/jobs.rs': rs(`
pub async fn sweep_forever() {
    loop {
        crate::db::purge().await;
        crate::shared::format_all();
    }
}

pub fn worker() {
    crate::db::purge_sync();
}
`),
  'src/db.rs': rs(`
pub async fn load_orders() {}

pub async fn load_users() -> Vec<u8> {
    vec![]
}

pub async fn purge() {}

pub fn purge_sync() {}

pub fn run_migrations() {
    futures::executor::block_on(migrate());
}

async fn migrate() {
    step().await;
}

async fn step() {}
`),
  'src/test_utils.rs': rs(`
pub fn fixture() -> String {
    String::new()
}
`),
};

// The pull request: a route now uses the test helper, and the worker thread calls the formatter.
const HEAD: Record<string, string> = {
  ...BASE,
  'src/routes.rs': BASE['src/routes.rs']!.replace('fetch().await;', 'fetch().await;\n    crate::test_utils::fixture();'),
  'src/jobs.rs': BASE['src/jobs.rs']!.replace('crate::db::purge_sync();', 'crate::db::purge_sync();\n    crate::shared::format_all();'),
};

/** Everything the contexts say of every fn, `ask` choosing the order fns are first asked in. */
function answers(model: CrateModel, ask: (model: CrateModel) => void): Record<string, unknown> {
  ask(model);
  const c = model.contexts;
  const fns = model.index.fns;
  const off = Object.fromEntries([...fns].reverse().map((f) => [f.key, c.drivenOffExecutor(f)]));
  return Object.fromEntries(
    fns.map((f) => [f.key, { where: c.of(f), from: c.reachedFrom(f)?.key, task: c.inSpawnedTask(f), outside: c.callableFromOutside(f), entry: c.isRequestEntry(f), off: off[f.key], sites: c.callSites(f).map((s) => `${s.caller.key}#${s.index}`) }]),
  );
}

const orders = (n: number): number[][] => {
  const index = [...Array(n).keys()];
  const shuffled = [...index];
  for (let i = n - 1, seed = 5; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return [index, [...index].reverse(), shuffled, ...index.map((k) => [k])];
};

describe('execution contexts placed on demand', () => {
  for (const [name, files] of [
    ['base', BASE],
    ['head (after a change in two files)', HEAD],
  ] as const) {
    it(`are those of the pass over the whole crate, asked in any order: ${name}`, async () => {
      const expected = answers(await crateModelOf(files), (m) => m.contexts.placeAll());
      const n = Object.keys(expected).length;
      for (const order of orders(n)) {
        const got = answers(await crateModelOf(files), (m) => {
          for (const k of order) m.contexts.of(m.index.fns[k]!);
        });
        expect(got).toEqual(expected);
      }
    });
  }

  it('say where each fn runs and where it is reached from, asked one at a time', async () => {
    const model = await crateModelOf(BASE);
    const fn = (name: string) => model.index.fns.find((f) => f.fn.name === name)!;
    expect(model.contexts.of(fn('helper'))).toBe('request');
    expect(model.contexts.reachedFrom(fn('helper'))?.fn.name).toMatch(/^list_(orders|users)$/);
    expect(model.contexts.of(fn('load_users'))).toBe('request'); // called as `fetch()`
    expect(model.contexts.of(fn('purge_sync'))).toBe('background');
    expect(model.contexts.inSpawnedTask(fn('purge_sync'))).toBe(true);
    expect(model.contexts.of(fn('fixture'))).toBe('test');
    expect(model.contexts.of(fn('never_called'))).toBe('unknown');
    expect(model.contexts.drivenOffExecutor(fn('step'))).toBe(true);
  });

  it('see a module only tests used become code a route runs', async () => {
    const model = await crateModelOf(HEAD);
    const fn = (name: string) => model.index.fns.find((f) => f.fn.name === name)!;
    expect(model.contexts.of(fn('fixture'))).toBe('request');
    expect(model.contexts.of(fn('helper'))).toBe('request');
  });
});
