import { beforeAll, describe, expect, it } from 'vitest';
import { bodyRunsCode } from '../../src/model/fn-work.js';
import { compiledOnlyInDebug } from '../../src/model/cfg.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

beforeAll(() => loadRustParser());

const fnIn = (code: string) => parseRust(code).rootNode.descendantsOfType('function_item')[0]!;

describe('whether a fn body runs code or only builds a constant value', () => {
  it('a constant page, a constant JSON value, a string: nothing runs', () => {
    expect(bodyRunsCode(fnIn('async fn page() -> Html<&\'static str> { Html(include_str!("../index.html")) }'))).toBe(false);
    expect(bodyRunsCode(fnIn('async fn version() -> Json<Version> { Json(Version { major: 1 }) }'))).toBe(false);
    expect(bodyRunsCode(fnIn('fn ok() -> Result<&\'static str, E> { Ok(concat!("a", "b")) }'))).toBe(false);
  });
  it('a call, an await or a run-time macro runs code', () => {
    expect(bodyRunsCode(fnIn('async fn list(db: Db) -> Json<Vec<Row>> { Json(db.rows()) }'))).toBe(true);
    expect(bodyRunsCode(fnIn('async fn wait(f: F) { f.await }'))).toBe(true);
    expect(bodyRunsCode(fnIn('fn greet(n: &str) -> String { format!("hi {n}") }'))).toBe(true);
  });
  it('a fn compiled only into debug builds', () => {
    expect(compiledOnlyInDebug(fnIn('#[cfg(debug_assertions)]\nasync fn debug_dump() {}'))).toBe(true);
    expect(compiledOnlyInDebug(fnIn('#[cfg(not(debug_assertions))]\nasync fn prod() {}'))).toBe(false);
    expect(compiledOnlyInDebug(fnIn('async fn always() {}'))).toBe(false);
  });
});
