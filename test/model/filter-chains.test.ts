import { beforeAll, describe, expect, it } from 'vitest';
import { expandFilterKinds, filterExtractsOf, filterHandlerParams } from '../../src/model/filter-chains.js';
import { crateModelOf } from '../helpers/crate-model.js';
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

  it('knows the filters by their defining module\'s path too', () => {
    expect(params(`use warp::Filter;
fn api() -> impl Filter {
    warp::path!("sources" / String).and(warp::filters::method::put()).and(warp::filters::body::content_length_limit(1024)).and(warp::filters::body::bytes()).then(update)
}`)).toBe('rr');
  });

  it('keeps a helper fn\'s filter by its path for the crate model to expand, and knows `use warp::path` bare', () => {
    expect(params(`use warp::{path, Filter};
fn api(db: Db) -> impl Filter {
    path!("orders" / u64).and(with_db(db)).and(warp::header::<String>("x-key")).and_then(show)
}`)).toBe('r<with_db>r');
  });

  it('stops counting at a filter it cannot count (a variable)', () => {
    expect(params(`use warp::Filter;
fn api(db_filter: F) -> impl Filter {
    warp::path!("orders" / u64).and(db_filter).and(warp::header::<String>("x-key")).and_then(show)
}`)).toBe('r');
  });

  it('is no filter chain without a warp filter in it (an iterator\'s `.map(f)`)', () => {
    expect(params('fn f(v: Vec<u8>) -> Vec<u8> { v.into_iter().map(double).collect() }')).toBeUndefined();
  });
});

/** What the one fn of `source` extracts as a helper filter. */
function extracts(source: string): string | undefined {
  const root = parseRust(source).rootNode;
  return filterExtractsOf(root.descendantsOfType('function_item')[0]!, ImportMap.fromRoot(root));
}

describe('model/filter-chains: what a helper filter fn extracts', () => {
  it('reads its body\'s chain, else its declared `Extract` tuple or `BoxedFilter` type', () => {
    expect(extracts(`use warp::Filter;
fn with_db(db: Db) -> impl Filter<Extract = (Db,), Error = std::convert::Infallible> + Clone { warp::any().map(move || db.clone()) }`)).toBe('o');
    expect(extracts(`use warp::Filter;
fn json_body() -> impl Filter<Extract = (Todo,), Error = warp::Rejection> + Clone { warp::body::content_length_limit(1024 * 16).and(warp::body::json()) }`)).toBe('r');
    expect(extracts(`use warp::filters::BoxedFilter;
fn session(s: Sessions) -> BoxedFilter<(Session, PgPool)> { s.filter() }`)).toBe('?o');
    expect(extracts(`use warp::Filter;
fn both(db: Db) -> impl Filter + Clone { with_db(db).and(json_body()) }`)).toBe('<with_db><json_body>');
  });

  it('is nothing for a fn that returns no filter', () => {
    expect(extracts('fn with_db(db: Db) -> Db { db.clone() }')).toBeUndefined();
  });

  it('expands helpers where they are written and stops at one it does not know', () => {
    const inner = (p: string) => (p === 'json_body' ? { kinds: 'r', lookup: () => undefined } : undefined);
    const outer = (p: string) => (p === 'with_db' ? { kinds: 'o', lookup: inner } : p === 'api::both' ? { kinds: 'o<json_body>', lookup: inner } : undefined);
    expect(expandFilterKinds('r<api::both>r', outer)).toEqual({ kinds: 'rorr', complete: true });
    expect(expandFilterKinds('r<with_db><unknown>r', outer)).toEqual({ kinds: 'ro', complete: false });
  });

  it('fills a handler\'s parameters through helpers in another module, for the crate model', async () => {
    const model = await crateModelOf({
      'src/lib.rs': 'pub mod filters;\npub mod handlers;\n',
      'src/filters.rs': `use warp::Filter;
use crate::handlers;
pub fn with_db(db: Db) -> impl Filter<Extract = (Db,), Error = std::convert::Infallible> + Clone { warp::any().map(move || db.clone()) }
pub fn json_body() -> impl Filter<Extract = (Todo,), Error = warp::Rejection> + Clone { warp::body::json() }
pub fn create(db: Db) -> impl Filter<Extract = (impl warp::Reply,), Error = warp::Rejection> + Clone {
    warp::path!("todos").and(warp::post()).and(with_db(db)).and(json_body()).and_then(handlers::create_todo)
}
`,
      'src/handlers.rs': 'pub async fn create_todo(db: Db, todo: Todo) -> Result<impl warp::Reply, warp::Rejection> { Ok(warp::reply()) }\n',
    });
    const handler = model.index.fnsNamed(model.index.crateOf('src/handlers.rs'), 'create_todo')[0]!;
    expect([...(model.filterRequestParams(handler) ?? [])]).toEqual([1]);
  });

  it('reads a chain that starts at a helper filter only when that helper returns a filter', async () => {
    const model = await crateModelOf({
      'src/lib.rs': 'pub mod filters;\npub mod handlers;\npub mod lookups;\n',
      'src/filters.rs': `use warp::Filter;
use crate::handlers;
pub fn search_filter() -> impl Filter<Extract = (String, SearchQuery), Error = warp::Rejection> + Clone {
    warp::path!("api" / String / "search").and(warp::get()).and(warp::query::<SearchQuery>())
}
pub fn with_arg<T: Clone + Send>(arg: T) -> impl Filter<Extract = (T,), Error = std::convert::Infallible> + Clone {
    warp::any().map(move || arg.clone())
}
pub fn search(service: Service) -> impl Filter<Extract = (impl warp::Reply,), Error = warp::Rejection> + Clone {
    search_filter().and(with_arg(service)).then(handlers::search)
}
`,
      'src/handlers.rs': 'pub async fn search(index: String, query: SearchQuery, service: Service) -> String { index }\npub fn describe(a: u32, b: u32) -> String { format!("{a}{b}") }\n',
      // The same shape over Options: no filter in it.
      'src/lookups.rs': `use crate::handlers;
fn first() -> Option<u32> { None }
fn second() -> Option<u32> { None }
pub fn both() -> Option<String> { first().and(second()).map(handlers::describe) }
`,
    });
    const fn = (name: string) => model.index.fnsNamed(model.index.crateOf('src/handlers.rs'), name).find((f) => f.file.path === 'src/handlers.rs')!;
    expect([...(model.filterRequestParams(fn('search')) ?? [])]).toEqual([0, 1]);
    expect(model.filterRequestParams(fn('describe'))).toBeUndefined();
  });
});
