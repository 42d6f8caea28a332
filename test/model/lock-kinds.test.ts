import { beforeAll, describe, expect, it } from 'vitest';
import { LockTypes } from '../../src/model/lock-kinds.js';
import { ImportMap } from '../../src/rust/imports.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

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
