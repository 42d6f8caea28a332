/**
 * A warp handler's parameters behind helper filters (model/filter-chains.ts): `.and(with_store(store))`
 * and `.and(filters::query_params())` are fns, often in another module, returning `impl Filter<Extract =
 * (T,), ..>` or `BoxedFilter<(T,)>`. Their body's chain (or, unread, their declared `Extract` tuple)
 * says what they extract, so the values after them keep their places and the query stays the client's.
 */
import rule from '../../../src/rules/architecture/unwrap-in-handler.js';
import { testFileRule } from '../../helpers/rule-tester.js';

const dedent = (s: string) => s.replace(/^\n/, '');

const LIB = 'pub mod filters;\npub mod handlers;\n';
const FILTERS_MOD = 'pub mod helpers;\npub mod routes;\n';
const HELPERS = dedent(`
use std::collections::HashMap;
use std::convert::Infallible;
use warp::Filter;
use warp::filters::BoxedFilter;

pub fn with_store(store: Store) -> impl Filter<Extract = (Store,), Error = Infallible> + Clone {
    warp::any().map(move || store.clone())
}

pub fn query_params() -> BoxedFilter<(HashMap<String, String>,)> {
    warp::query::<HashMap<String, String>>().boxed()
}

pub fn with_session(sessions: Sessions) -> impl Filter<Extract = (Session,), Error = warp::Rejection> + Clone {
    sessions.filter()
}
`);
/** The route, with `middle` the filters between the path and the query. */
const routes = (middle: string) => dedent(`
use warp::Filter;
use crate::filters::helpers::{self, with_store};
use crate::handlers;

pub fn invites(store: Store, sessions: Sessions) -> impl Filter<Extract = (impl warp::Reply,), Error = warp::Rejection> + Clone {
    warp::path!("invites" / String)
        .and(warp::get())${middle}
        .and(helpers::query_params())
        .and_then(handlers::accept)
}
`);
const files = (middle: string) => ({ 'src/lib.rs': LIB, 'src/filters/mod.rs': FILTERS_MOD, 'src/filters/helpers.rs': HELPERS, 'src/filters/routes.rs': routes(middle) });

const UNWRAPS_QUERY = dedent(`
use std::collections::HashMap;
pub async fn accept(code: String, store: Store, params: HashMap<String, String>) -> Result<impl warp::Reply, warp::Rejection> {
    let email = params.get("email").unwrap();
    store.accept(&code, email).await.map_err(|_| warp::reject())?;
    Ok(warp::reply())
}
`);

testFileRule(rule, {
  valid: [
    {
      name: "the store a helper filter maps in, unwrapped in the handler: the program's own value",
      path: 'src/handlers.rs',
      files: files('\n        .and(with_store(store))'),
      code: dedent(`
use std::collections::HashMap;
pub async fn accept(code: String, store: Store, params: HashMap<String, String>) -> Result<impl warp::Reply, warp::Rejection> {
    let inviter = store.defaults().get("inviter").cloned().unwrap();
    Ok(warp::reply::json(&inviter))
}
`),
    },
  ],
  invalid: [
    {
      name: "a query map behind a helper filter in another module, after a helper that maps in the store: unwrapped lookup of the client's value",
      path: 'src/handlers.rs',
      files: files('\n        .and(with_store(store))'),
      code: UNWRAPS_QUERY,
      lines: [3],
      messageId: 'request',
      messageIncludes: 'params.get("email")',
    },
    {
      name: 'a helper filter whose body is not read counts by its declared `Extract` tuple: the query after it keeps its place',
      path: 'src/handlers.rs',
      files: files('\n        .and(helpers::with_session(sessions))'),
      code: UNWRAPS_QUERY.replace('store: Store', 'session: Session').replace('store.accept', 'session.accept'),
      lines: [3],
      messageId: 'request',
    },
  ],
});
