import { beforeAll, describe, expect, it } from 'vitest';
import { awaitedDirectly, resolvedCallee } from '../../src/model/callee.js';
import { asyncBody, asyncOwner } from '../../src/model/executor.js';
import { ImportMap } from '../../src/rust/imports.js';
import { loadRustParser, parseRust, type Node } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

function callIn(code: string, text: string): { call: Node; imports: ImportMap } {
  const root = parseRust(code).rootNode;
  const call = root.descendantsOfType('call_expression').find((c) => c.text === text);
  if (!call) throw new Error(`no call \`${text}\` in the code`);
  return { call, imports: ImportMap.fromRoot(root) };
}

describe('what a free call names', () => {
  it('resolves through the file\'s use items, aliases and turbofish included', () => {
    const code = `
use std::fs;
use std::sync::Mutex as StdMutex;
fn f() {
    fs::read("a");
    StdMutex::new(0);
    tokio::sync::mpsc::channel::<u8>(8);
}
`;
    for (const [text, path] of [['fs::read("a")', 'std::fs::read'], ['StdMutex::new(0)', 'std::sync::Mutex::new'], ['tokio::sync::mpsc::channel::<u8>(8)', 'tokio::sync::mpsc::channel']] as const) {
      const { call, imports } = callIn(code, text);
      expect(resolvedCallee(call, imports)).toBe(path);
    }
  });
  it('a block\'s own use shadows the module\'s', () => {
    const { call, imports } = callIn('use tokio::fs;\nfn f() {\n    spawn_blocking(|| {\n        use std::fs;\n        fs::read("a")\n    });\n}\n', 'fs::read("a")');
    expect(resolvedCallee(call, imports)).toBe('std::fs::read');
  });
  it('method calls and closures held in fields name no path', () => {
    const code = 'fn f(s: S) {\n    s.read();\n    (s.hook)(1);\n}\n';
    for (const text of ['s.read()', '(s.hook)(1)']) {
      const { call, imports } = callIn(code, text);
      expect(resolvedCallee(call, imports)).toBeNull();
    }
  });
});

describe('a call whose own value is awaited', () => {
  const code = 'async fn f() {\n    load(1).await;\n    load(2)?.await;\n    (load(3)).await;\n    client.get(4).send().await;\n    let fut = load(5);\n}\n';
  it('through `?` and parentheses, not down a chain or into a let', () => {
    const awaited = (text: string) => awaitedDirectly(callIn(code, text).call);
    expect([awaited('load(1)'), awaited('load(2)'), awaited('load(3)')]).toEqual([true, true, true]);
    expect([awaited('client.get(4)'), awaited('load(5)')]).toEqual([false, false]);
  });
});

describe('the async body around a node', () => {
  it('the nearest async fn, async block or async closure; none past a sync closure', () => {
    const code = 'async fn a() {\n    x(1);\n    let c = || x(2);\n    let b = async { x(3) };\n}\nfn s() {\n    x(4);\n}\n';
    const body = (text: string) => asyncBody(callIn(code, text).call)?.type ?? null;
    expect(body('x(1)')).toBe('function_item');
    expect(body('x(2)')).toBeNull();
    expect(body('x(3)')).toBe('async_block');
    expect(body('x(4)')).toBeNull();
  });
});

describe('the async code a node belongs to', () => {
  it('the nearest async block or async closure, else the fn (through sync closures, async or not)', () => {
    const code = 'async fn a() {\n    let c = || x(2);\n    let b = async { x(3) };\n    let d = async move || x(5);\n}\nfn s() {\n    x(4);\n}\n';
    const owner = (text: string) => asyncOwner(callIn(code, text).call)?.type ?? null;
    expect(owner('x(2)')).toBe('function_item');
    expect(owner('x(3)')).toBe('async_block');
    expect(owner('x(5)')).toBe('closure_expression');
    expect(owner('x(4)')).toBe('function_item');
  });
});
