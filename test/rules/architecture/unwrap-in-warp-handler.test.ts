/**
 * A warp handler's parameters are what its filter chain extracts, in order (model/filter-chains.ts):
 * the query map, the JSON body and a typed path segment are the client's; a value the program maps in
 * (`warp::any().map(move || db.clone())`) is not. The chain may live in another file.
 */
import rule from '../../../src/rules/architecture/unwrap-in-handler.js';
import { testFileRule } from '../../helpers/rule-tester.js';

const dedent = (s: string) => s.replace(/^\n/, '');

const FILTERS = dedent(`
use std::collections::HashMap;
use warp::Filter;
use crate::handlers;

pub fn invites(store: Store) -> impl Filter<Extract = (impl warp::Reply,), Error = warp::Rejection> + Clone {
    warp::path!("invites" / String)
        .and(warp::get())
        .and(warp::query::<HashMap<String, String>>())
        .and(warp::any().map(move || store.clone()))
        .and_then(handlers::accept)
}
`);
const LIB = 'pub mod filters;\npub mod handlers;\n';

testFileRule(rule, {
  valid: [
    {
      name: 'the program\'s own value a filter maps in, unwrapped in the handler',
      path: 'src/handlers.rs',
      files: { 'src/lib.rs': LIB, 'src/filters.rs': FILTERS },
      code: dedent(`
use std::collections::HashMap;
pub async fn accept(code: String, params: HashMap<String, String>, store: Store) -> Result<impl warp::Reply, warp::Rejection> {
    let inviter = store.defaults().get("inviter").cloned().unwrap();
    Ok(warp::reply::json(&inviter))
}
`),
    },
    {
      name: 'a fn handed to `.map(..)` of an iterator, not a filter chain',
      path: 'src/handlers.rs',
      files: { 'src/lib.rs': LIB },
      code: dedent(`
use std::collections::HashMap;
pub fn names(rows: Vec<Row>) -> Vec<String> {
    rows.into_iter().map(first_name).collect()
}
fn first_name(row: Row) -> String {
    row.fields.get("first").cloned().unwrap()
}
`),
    },
  ],
  invalid: [
    {
      name: 'a query parameter looked up and unwrapped in the handler the chain names (chain in another file)',
      path: 'src/handlers.rs',
      files: { 'src/lib.rs': LIB, 'src/filters.rs': FILTERS },
      code: dedent(`
use std::collections::HashMap;
pub async fn accept(code: String, params: HashMap<String, String>, store: Store) -> Result<impl warp::Reply, warp::Rejection> {
    let email = params.get("email").unwrap();
    store.accept(&code, email).await.map_err(|_| warp::reject())?;
    Ok(warp::reply())
}
`),
      lines: [3],
      messageId: 'request',
      messageIncludes: 'params.get("email")',
    },
  ],
});
