import { beforeAll, describe, expect, it } from 'vitest';
import { firstAwaitWhileBound, firstAwaitWhileTemporary } from '../../src/model/scopes.js';
import { loadRustParser, parseRust, type Node } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

/** The `let` binding `name` in `code`, and the line of the first await at which its value is alive (or null). */
function boundUntil(code: string, name: string): number | null {
  const root = parseRust(code).rootNode;
  const decl = root.descendantsOfType('let_declaration').find((l) => l.childForFieldName('pattern')?.text.replace(/^mut /, '') === name)!;
  const at = firstAwaitWhileBound(decl, name);
  return at ? at.startPosition.row + 1 : null;
}

function temporaryUntil(code: string, callText: string): number | null {
  const root = parseRust(code).rootNode;
  const call: Node = root.descendantsOfType('call_expression').find((c) => c.text === callText)!;
  const at = firstAwaitWhileTemporary(call);
  return at ? at.startPosition.row + 1 : null;
}

describe('drop scopes: is a value alive at an await', () => {
  it('a binding lives to the end of its block, across an await', () => {
    expect(boundUntil('async fn f() {\n    let g = m.lock();\n    io().await;\n}\n', 'g')).toBe(3);
  });
  it('drop(x) / mem::drop(x) before the await releases it; after it, not', () => {
    expect(boundUntil('async fn f() {\n    let g = m.lock();\n    drop(g);\n    io().await;\n}\n', 'g')).toBeNull();
    expect(boundUntil('async fn f() {\n    let g = m.lock();\n    std::mem::drop(g);\n    io().await;\n}\n', 'g')).toBeNull();
    expect(boundUntil('async fn f() {\n    let g = m.lock();\n    io().await;\n    drop(g);\n}\n', 'g')).toBe(3);
  });
  it('a release on one branch only does not count', () => {
    expect(boundUntil('async fn f(c: bool) {\n    let g = m.lock();\n    if c { drop(g); }\n    io().await;\n}\n', 'g')).toBe(4);
  });
  it('a move into a call whose result is dropped releases it; into a kept value, not', () => {
    expect(boundUntil('async fn f() {\n    let g = m.lock();\n    consume(g);\n    io().await;\n}\n', 'g')).toBeNull();
    expect(boundUntil('async fn f() {\n    let g = m.lock();\n    let h = Some(g);\n    io().await;\n}\n', 'g')).toBe(4);
  });
  it('shadowing does not drop the first value; a drop after it drops the second', () => {
    expect(boundUntil('async fn f() {\n    let g = m.lock();\n    let g = g.len();\n    drop(g);\n    io().await;\n}\n', 'g')).toBe(5);
  });
  it('a binding in an inner block ends with the block', () => {
    expect(boundUntil('async fn f() {\n    let v = {\n        let g = m.lock();\n        *g\n    };\n    io().await;\n}\n', 'g')).toBeNull();
  });
  it('a temporary ends with its statement, but lives through a match / if let scrutinee', () => {
    expect(temporaryUntil('async fn f() {\n    let n = m.lock().len();\n    io().await;\n}\n', 'm.lock()')).toBeNull();
    expect(temporaryUntil('async fn f() {\n    match m.lock().get(1) {\n        Some(v) => send(v).await,\n        None => {}\n    }\n}\n', 'm.lock()')).toBe(3);
    expect(temporaryUntil('async fn f() {\n    if let Some(v) = m.lock().get(1) {\n        send(v).await;\n    }\n}\n', 'm.lock()')).toBe(3);
    expect(temporaryUntil('async fn f() {\n    let n = match m.lock().get(1) { Some(v) => *v, None => 0 };\n    io(n).await;\n}\n', 'm.lock()')).toBeNull();
  });
  it('an await inside a closure or async block is not this body\'s', () => {
    expect(boundUntil('async fn f() {\n    let g = m.lock();\n    tokio::spawn(async move { io().await });\n}\n', 'g')).toBeNull();
  });
});
