import { describe, expect, it } from 'vitest';
import { crateModelOf } from '../helpers/crate-model.js';
import { dependantContextPaths, dependencyContextPaths } from '../../src/review/crate-model.js';
import { manifestFact } from '../../src/model/index.js';
import type { CrateModel, FnRef } from '../../src/model/index.js';

const rs = (s: string) => s.replace(/^\n/, '');

/** The crate fns the calls of fn `fnName` (in `path`) reach, by the model's resolution (never by a name alone). */
function knownTargets(model: CrateModel, path: string, fnName: string): string[] {
  const ref = model.index.fnsOfFile(path).find((f) => f.fn.name === fnName)!;
  return ref.fn.calls.flatMap((_, i) => model.summaries.knownCallees(ref, i).map((t: FnRef) => `${t.file.path}:${t.fn.name}`));
}

describe('facts that cross the crates of a workspace', () => {
  const manifests = {
    'Cargo.toml': '[workspace]\nmembers = ["ledger", "desk"]\n',
    'ledger/Cargo.toml': '[package]\nname = "ledger"\n',
    'desk/Cargo.toml': '[package]\nname = "desk"\n\n[dependencies]\nledger = { path = "../ledger" }\n',
  };

  it('resolves a method of a type another member declares, through the use that names it', async () => {
    const model = await crateModelOf(
      {
        'ledger/src/lib.rs': 'pub mod book;\n',
        'ledger/src/book.rs': rs(`
pub struct Book { id: i64 }
impl Book {
    pub fn owner(&self, conn: &mut PgConnection) -> Result<Owner, Error> { load_owner(conn, self.id) }
}
fn load_owner(conn: &mut PgConnection, id: i64) -> Result<Owner, Error> { todo!() }
`),
        'desk/src/main.rs': rs(`
use ledger::book::Book;
fn show(b: Book, conn: &mut PgConnection) -> String {
    b.owner(conn).unwrap().name
}
`),
      },
      manifests,
    );
    expect(knownTargets(model, 'desk/src/main.rs', 'show')).toEqual(['ledger/src/book.rs:owner']);
  });

  it('resolves a trait default method that the type leaves to a trait of another member, and knows it runs a query', async () => {
    const model = await crateModelOf(
      {
        'ledger/src/lib.rs': rs(`
use diesel::prelude::*;
pub trait Queued {
    fn push(&self, conn: &mut PgConnection) -> BoxFuture<'_, Result<i64, Error>> {
        let fut = insert(conn, self.kind());
        async move { Ok(fut.await?) }.boxed()
    }
    fn kind(&self) -> &'static str;
}
fn insert(conn: &mut PgConnection, kind: &str) -> BoxFuture<'_, QueryResult<i64>> {
    let fut = diesel::insert_into(jobs::table).values(jobs::kind.eq(kind)).returning(jobs::id).get_result::<i64>(conn);
    fut.boxed()
}
`),
        'desk/src/main.rs': rs(`
mod tasks;
use ledger::Queued;
async fn plan(names: &[String], conn: &mut PgConnection) -> Result<(), Error> {
    for n in names {
        tasks::Reindex::new(n).push(conn).await?;
    }
    Ok(())
}
`),
        'desk/src/tasks.rs': rs(`
use ledger::Queued;
pub struct Reindex { name: String }
impl Reindex {
    pub fn new(name: &str) -> Self { Reindex { name: name.to_string() } }
}
impl Queued for Reindex {
    fn kind(&self) -> &'static str { "reindex" }
}
`),
      },
      manifests,
    );
    expect(knownTargets(model, 'desk/src/main.rs', 'plan')).toEqual(['ledger/src/lib.rs:push', 'desk/src/tasks.rs:new']);
    const push = model.index.fnsOfFile('ledger/src/lib.rs').find((f) => f.fn.name === 'push')!;
    expect(model.summaries.of(push).runsQuery).toMatchObject({ path: 'ledger/src/lib.rs', line: 9 });
    const kind = model.index.fnsOfFile('desk/src/tasks.rs').find((f) => f.fn.name === 'kind')!;
    expect(model.summaries.of(kind).runsQuery).toBeUndefined();
  });

  it('follows a field chain whose types are written as module paths, to the one struct each names', async () => {
    const model = await crateModelOf({
      'src/lib.rs': 'pub mod hub;\npub mod rooms;\npub mod admin;\n',
      'src/hub.rs': 'use crate::rooms;\npub struct Hub { pub rooms: rooms::Service }\n',
      'src/rooms/mod.rs': rs(`
pub mod short;
use std::sync::Arc;
pub struct Service { pub short: Arc<short::Service> }
impl Service { pub fn ensure(&self) {} }
`),
      'src/rooms/short.rs': rs(`
pub struct Service { next: u64 }
impl Service { pub async fn ensure(&self, id: &str) -> u64 { self.next } }
`),
      'src/admin.rs': rs(`
use crate::hub::Hub;
pub async fn open(hub: &Hub) {
    let _id = hub.rooms.short.ensure("lobby");
}
`),
    });
    expect(knownTargets(model, 'src/admin.rs', 'open')).toEqual(['src/rooms/short.rs:ensure']);
  });

  it('takes a library declared at `[lib] path = "mod.rs"` as its own crate: `crate::` paths resolve inside it', async () => {
    const model = await crateModelOf(
      {
        'parts/store/mod.rs': 'pub mod keys;\npub mod admin;\n',
        'parts/store/keys.rs': 'pub fn rotate() {}\n',
        'parts/store/admin.rs': 'pub fn reset() { crate::keys::rotate(); }\n',
        'parts/web/src/lib.rs': 'pub mod keys;\n',
        'parts/web/src/keys.rs': 'pub fn rotate() {}\n',
      },
      { 'parts/store/Cargo.toml': '[package]\nname = "store"\n[lib]\npath = "mod.rs"\n', 'parts/web/Cargo.toml': '[package]\nname = "web"\n' },
    );
    expect(knownTargets(model, 'parts/store/admin.rs', 'reset')).toEqual(['parts/store/keys.rs:rotate']);
  });
});

describe('the files of other members a review reads', () => {
  const head = ['Cargo.toml', 'ledger/Cargo.toml', 'ledger/src/lib.rs', 'ledger/src/book.rs', 'ledger/tests/books.rs', 'audit/Cargo.toml', 'audit/src/lib.rs', 'desk/Cargo.toml', 'desk/src/main.rs', 'desk/src/view.rs'];
  const manifests = [
    manifestFact('Cargo.toml', '[workspace]\nmembers = ["ledger", "audit", "desk"]\n', head),
    manifestFact('ledger/Cargo.toml', '[package]\nname = "ledger"\n', head),
    manifestFact('audit/Cargo.toml', '[package]\nname = "audit"\n', head),
    manifestFact('desk/Cargo.toml', '[package]\nname = "desk"\n[dependencies]\nledger = { path = "../ledger" }\naudit = { path = "../audit" }\n', head),
  ];

  it('are the libraries of the members the changed code names, without their tests', () => {
    const changed = new Map([['desk/src/view.rs', 'use ledger::book::Book;\npub fn v(b: &Book) {}\n']]);
    expect(dependencyContextPaths(changed, head, manifests, new Set(['desk/src/main.rs']))).toEqual(['ledger/src/book.rs', 'ledger/src/lib.rs']);
  });

  it('are none when the change names no member (a dependency in the manifest is not enough)', () => {
    const changed = new Map([['desk/src/view.rs', 'pub fn v(x: u8) -> u8 { x }\n']]);
    expect(dependencyContextPaths(changed, head, manifests, new Set())).toEqual([]);
  });
});

describe('the programs using a changed library a review reads', () => {
  const head = ['Cargo.toml', 'core/Cargo.toml', 'core/src/lib.rs', 'core/src/server.rs', 'daemon/Cargo.toml', 'daemon/src/main.rs', 'daemon/src/opts.rs', 'daemon/tests/cli.rs', 'kit/Cargo.toml', 'kit/src/lib.rs', 'probe/Cargo.toml', 'probe/src/main.rs', 'tools/Cargo.toml', 'tools/src/main.rs'];
  const manifests = [
    manifestFact('Cargo.toml', '[workspace]\nmembers = ["core", "daemon", "kit", "probe", "tools"]\n', head),
    manifestFact('core/Cargo.toml', '[package]\nname = "core"\n[dev-dependencies]\nkit = { path = "../kit" }\n', head),
    manifestFact('daemon/Cargo.toml', '[package]\nname = "daemon"\n[dependencies]\ncore = { path = "../core" }\n[dev-dependencies]\nkit = { path = "../kit" }\n', head),
    manifestFact('kit/Cargo.toml', '[package]\nname = "kit"\n[dependencies]\ncore = { path = "../core" }\n', head),
    manifestFact('probe/Cargo.toml', '[package]\nname = "probe"\n[dev-dependencies]\ncore = { path = "../core" }\n', head),
    manifestFact('tools/Cargo.toml', '[package]\nname = "tools"\n', head),
  ];

  it('are the binaries depending on it (not their tests, not a test-support library, not a dev-dependant, not an unrelated tool)', () => {
    const changed = new Map([['core/src/server.rs', 'pub async fn start() {}\n']]);
    expect(dependantContextPaths(changed, head, manifests, new Set(['core/src/lib.rs']))).toEqual(['daemon/src/main.rs', 'daemon/src/opts.rs']);
  });

  it('are none when a test changed', () => {
    const changed = new Map([['daemon/tests/cli.rs', '#[test]\nfn t() {}\n']]);
    expect(dependantContextPaths(changed, head, manifests, new Set())).toEqual([]);
  });

  it('make a library fn the program awaits in its start-up code, with test-only dependants unread', async () => {
    const files = {
      'core/src/lib.rs': rs(`
pub async fn start(dir: String) {
    prepare(&dir).await;
}
async fn prepare(dir: &str) {
    std::fs::create_dir_all(dir).ok();
}
`),
      'daemon/src/main.rs': rs(`
#[tokio::main]
async fn main() {
    core::start(std::env::args().nth(1).unwrap_or_default()).await;
}
`),
    };
    const toml = {
      'Cargo.toml': '[workspace]\nmembers = ["core", "daemon", "kit", "probe"]\n',
      'core/Cargo.toml': '[package]\nname = "core"\n[dev-dependencies]\nkit = { path = "../kit" }\n',
      'daemon/Cargo.toml': '[package]\nname = "daemon"\n[dependencies]\ncore = { path = "../core" }\n',
      'kit/Cargo.toml': '[package]\nname = "kit"\n[dependencies]\ncore = { path = "../core" }\n',
      'probe/Cargo.toml': '[package]\nname = "probe"\n[dev-dependencies]\ncore = { path = "../core" }\n',
    };
    const model = await crateModelOf(files, toml);
    const prepare = model.index.fns.find((f) => f.fn.name === 'prepare')!;
    expect(model.contexts.of(prepare)).toBe('startup');
    // Without the program, who calls the library is not known.
    const alone = await crateModelOf({ 'core/src/lib.rs': files['core/src/lib.rs'] }, toml);
    expect(alone.contexts.of(alone.index.fns.find((f) => f.fn.name === 'prepare')!)).toBe('unknown');
  });
});
