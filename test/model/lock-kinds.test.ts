import { beforeAll, describe, expect, it } from 'vitest';
import { LockTypes } from '../../src/model/lock-kinds.js';
import { ImportMap } from '../../src/rust/imports.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';
import { crateModelOf } from '../helpers/crate-model.js';

beforeAll(() => loadRustParser());

/** The lock kind of the receiver of the `.lock()` / `.read()` / `.write()` call written `text` in `code`. */
function kindOf(code: string, text: string): string {
  const root = parseRust(code).rootNode;
  const call = root.descendantsOfType('call_expression').find((c) => c.text === text);
  const receiver = call?.childForFieldName('function')?.childForFieldName('value');
  if (!receiver) throw new Error(`no method call \`${text}\` in the code`);
  const k = new LockTypes(root, ImportMap.fromRoot(root)).classifyReceiver(receiver);
  return k.kind === 'unknown' ? 'unknown' : `${k.kind} ${k.path}`;
}

describe('which kind of lock a receiver is', () => {
  it('a struct field, through the file\'s use items and aliases', () => {
    const code = `
use std::sync::Mutex as StdMutex;
use tokio::sync::RwLock;
type Cache = parking_lot::Mutex<Vec<u8>>;
struct S { a: StdMutex<u8>, b: RwLock<u8>, c: Cache }
impl S { async fn f(&self) { self.a.lock(); self.b.read(); self.c.lock(); } }
`;
    expect(kindOf(code, 'self.a.lock()')).toBe('sync std::sync::Mutex');
    expect(kindOf(code, 'self.b.read()')).toBe('async tokio::sync::RwLock');
    expect(kindOf(code, 'self.c.lock()')).toBe('sync parking_lot::Mutex');
  });
  it('a parameter, a let (annotated, constructed, or a clone of a field), a static, a glob import', () => {
    const code = `
use tokio::sync::*;
static GLOBAL: std::sync::Mutex<u8> = std::sync::Mutex::new(0);
struct S { m: Arc<Mutex<u8>> }
async fn f(p: &std::sync::RwLock<u8>, s: S) {
    p.write();
    let q = parking_lot::Mutex::new(1);
    q.lock();
    let r = s.m.clone();
    r.lock();
    GLOBAL.lock();
}
`;
    expect(kindOf(code, 'p.write()')).toBe('sync std::sync::RwLock');
    expect(kindOf(code, 'q.lock()')).toBe('sync parking_lot::Mutex');
    expect(kindOf(code, 'r.lock()')).toBe('async tokio::sync::Mutex');
    expect(kindOf(code, 'GLOBAL.lock()')).toBe('sync std::sync::Mutex');
  });
  it('a type the file does not say stays unknown', () => {
    expect(kindOf('async fn f(state: AppState) {\n    state.cache.lock();\n}\n', 'state.cache.lock()')).toBe('unknown');
  });
});

/** The same, for `src/routes/items.rs` of a crate of several files: the kind comes through the crate model. */
async function kindAcross(files: Record<string, string>, text: string, path = 'src/routes/items.rs'): Promise<string> {
  const model = await crateModelOf(files);
  const tree = parseRust(files[path]!);
  const root = tree.rootNode;
  const call = root.descendantsOfType('call_expression').find((c) => c.text === text);
  const receiver = call?.childForFieldName('function')?.childForFieldName('value');
  if (!receiver) throw new Error(`no method call \`${text}\` in ${path}`);
  const k = new LockTypes(root, ImportMap.fromRoot(root), model.forFile(path, tree)).classifyReceiver(receiver);
  return k.kind === 'unknown' ? 'unknown' : `${k.kind} ${k.path}`;
}

describe('which kind of lock a field declared in another file is', () => {
  const routes = `
use axum::extract::State;
use crate::state::Shared;
pub async fn list(State(shared): State<Shared>) {
    shared.counters.lock();
    shared.sessions.write();
}
`;
  it('the field\'s type in the struct\'s own file, read through that file\'s use items', async () => {
    const state = `
use std::sync::{Arc, Mutex};
use tokio::sync::RwLock as AsyncRwLock;
pub struct Shared { pub counters: Arc<Mutex<Vec<u64>>>, pub sessions: Arc<AsyncRwLock<Vec<String>>> }
`;
    const files = { 'src/main.rs': 'mod state;\nmod routes;\n', 'src/routes/mod.rs': 'pub mod items;\n', 'src/state.rs': state, 'src/routes/items.rs': routes };
    expect(await kindAcross(files, 'shared.counters.lock()')).toBe('sync std::sync::Mutex');
    expect(await kindAcross(files, 'shared.sessions.write()')).toBe('async tokio::sync::RwLock');
  });
  it('a type alias of a third module, and a lock re-exported under another name', async () => {
    const files = {
      'src/lib.rs': 'pub mod sync;\npub mod state;\npub mod routes;\n',
      'src/sync.rs': 'pub use parking_lot::Mutex as Lock;\npub type Guarded<T> = std::sync::Arc<tokio::sync::RwLock<T>>;\n',
      'src/state.rs': 'use crate::sync::{Guarded, Lock};\npub struct Shared { pub counters: Lock<Vec<u64>>, pub sessions: Guarded<Vec<String>> }\n',
      'src/routes/mod.rs': 'pub mod items;\n',
      'src/routes/items.rs': routes,
    };
    expect(await kindAcross(files, 'shared.counters.lock()')).toBe('sync parking_lot::Mutex');
    expect(await kindAcross(files, 'shared.sessions.write()')).toBe('async tokio::sync::RwLock');
  });
  it('a receiver of unknown type: the crate\'s fields of that name decide only when they agree', async () => {
    const handler = 'pub async fn tick(app: &App) {\n    app.inner.counters.lock();\n}\n';
    const agree = {
      'src/lib.rs': 'pub mod a;\npub mod b;\npub mod routes;\n',
      'src/a.rs': 'use std::sync::Mutex;\npub struct A { pub counters: Mutex<u64> }\n',
      'src/b.rs': 'pub struct B { pub counters: std::sync::Mutex<u32> }\n',
      'src/routes/mod.rs': 'pub mod items;\n',
      'src/routes/items.rs': handler,
    };
    expect(await kindAcross(agree, 'app.inner.counters.lock()')).toBe('sync std::sync::Mutex');
    const mixed = { ...agree, 'src/b.rs': 'pub struct B { pub counters: tokio::sync::Mutex<u32> }\n' };
    expect(await kindAcross(mixed, 'app.inner.counters.lock()')).toMatch(/^async /);
    const notALock = { ...agree, 'src/b.rs': 'pub struct B { pub counters: Counters }\n' };
    expect(await kindAcross(notALock, 'app.inner.counters.lock()')).toBe('unknown');
  });
  it('a struct of the same name in another crate of the workspace is not this one', async () => {
    const files = {
      'src/main.rs': 'mod routes;\n',
      'src/routes/mod.rs': 'pub mod items;\n',
      'src/routes/items.rs': 'pub async fn tick(app: &App) {\n    app.counters.lock();\n}\n',
      'other/src/lib.rs': 'pub struct App { pub counters: std::sync::Mutex<u64> }\n',
    };
    expect(await kindAcross(files, 'app.counters.lock()')).toBe('unknown');
  });
});
