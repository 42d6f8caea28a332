import { beforeAll, describe, expect, it } from 'vitest';
import { filterHandlerParams } from '../../src/model/filter-chains.js';
import { ImportMap } from '../../src/rust/imports.js';
import { loadRustParser, parseRust } from '../../src/rust/parser.js';

beforeAll(loadRustParser);

/** The kinds the last `.and_then(..)` / `.map(..)` / `.then(..)` call of `source` gives its handler's parameters. */
function params(source: string): string | undefined {
  const root = parseRust(source).rootNode;
  const calls = root.descendantsOfType('call_expression').filter((c) => /\.(and_then|map|then)\s*\(\s*[\w:]+\s*\)$/.test(c.text));
  return filterHandlerParams(calls[0]!, ImportMap.fromRoot(root));
}

describe('model/filter-chains: what a warp filter chain hands its handler', () => {
  it('a typed path segment, the query and the body are the client\'s; a mapped-in value is the program\'s', () => {
    expect(params(`use warp::Filter;
fn api(db: Db) -> impl Filter {
    warp::path!("orders" / u64 / "lines" / String)
        .and(warp::post())
        .and(warp::body::content_length_limit(4096).and(warp::body::json()))
        .and(warp::any().map(move || db.clone()))
        .and(warp::query::<Paging>())
        .and_then(add_line)
}`)).toBe('rrror');
  });

  it('stops counting at a filter it cannot count (a helper fn), and knows `use warp::path` bare', () => {
    expect(params(`use warp::{path, Filter};
fn api(db: Db) -> impl Filter {
    path!("orders" / u64).and(with_db(db)).and(warp::header::<String>("x-key")).and_then(show)
}`)).toBe('r');
  });

  it('is no filter chain without a warp filter in it (an iterator\'s `.map(f)`)', () => {
    expect(params('fn f(v: Vec<u8>) -> Vec<u8> { v.into_iter().map(double).collect() }')).toBeUndefined();
  });
});
