import { describe, expect, it } from 'vitest';
import { modelOfFile } from '../../src/model/index.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

const rs = (s: string) => s.replace(/^\n/, '');

/** The origin of the receiver of the `.unwrap()` on the line holding `marker`. */
async function originAt(source: string, marker: string): Promise<string | null> {
  await loadRustParser();
  const tree = parseRust(source);
  const model = modelOfFile(tree, 'src/api.rs');
  const row = source.split('\n').findIndex((l) => l.includes(marker));
  const call = tree.rootNode.descendantsOfType('call_expression').find((c) => c.endPosition.row === row && c.text.endsWith('.unwrap()'));
  expect(call, marker).toBeDefined();
  const fn = tree.rootNode.descendantsOfType('function_item').find((f) => f.startIndex <= call!.startIndex && call!.endIndex <= f.endIndex)!;
  const origin = model.originsIn(fn).originOf(call!.childForFieldName('function')!.childForFieldName('value')!);
  return origin ? `${origin.kind} ${origin.what}` : null;
}

describe('origins: where a value comes from', () => {
  const handler = rs(`
use axum::extract::{Json, Query};
pub async fn create(Query(q): Query<Params>, Json(NewUser { name, .. }): Json<NewUser>, pool: PgPool) -> String {
    let id = q.id.parse::<i64>().unwrap(); // request
    let tag = name.chars().next().unwrap(); // shorthand field
    let row = sqlx::query("select 1").fetch_optional(&pool).await.unwrap(); // database
    let body = reqwest::get(url).await.unwrap(); // io
    let cfg: Config = serde_json::from_str(&text).unwrap(); // parse
    let user = load(id).await?.unwrap(); // returned
    let fixed = if id > 0 { "a" } else { "b" };
    let n = fixed.parse::<u32>().unwrap(); // constant
    String::new()
}
`);

  it('follows extractor parameters and what is derived from them', async () => {
    expect(await originAt(handler, '// request')).toMatch(/^request /);
  });

  it('follows a field bound by shorthand in a struct pattern of an extractor', async () => {
    expect(await originAt(handler, '// shorthand field')).toMatch(/^request /);
  });

  it('tells a database result, an awaited I/O result, parsing and a returned value apart', async () => {
    expect(await originAt(handler, '// database')).toBe('database fetch_optional(..)');
    expect(await originAt(handler, '// io')).toMatch(/^io /);
    expect(await originAt(handler, '// parse')).toBe('parse serde_json::from_str(..)');
    expect(await originAt(handler, '// returned')).toMatch(/^returned load\(\.\.\)\.await\?/);
  });

  it('gives no origin to a value fixed at compile time', async () => {
    expect(await originAt(handler, '// constant')).toBeNull();
  });
});
