/** Rust sources the fake model "reviews". Line numbers matter: the tests quote them. */
export const ORDERS_RS = [
  'use std::sync::Mutex;', //                                             1
  'use axum::{extract::State, Json};', //                                 2
  '', //                                                                   3
  'pub async fn list_orders(State(app): State<AppState>) -> Json<Vec<Order>> {', // 4
  '    let cache = app.cache.lock().unwrap();', //                         5
  '    let rows = sqlx::query_as::<_, Order>("SELECT * FROM orders")', //  6
  '        .fetch_all(&app.pool)', //                                      7
  '        .await', //                                                     8
  '        .unwrap();', //                                                 9
  '    let mut out = Vec::new();', //                                      10
  '    for row in rows {', //                                              11
  '        out.push(row.clone());', //                                     12
  '    }', //                                                              13
  '    drop(cache);', //                                                   14
  '    Json(out)', //                                                      15
  '}', //                                                                  16
  '', //                                                                   17
].join('\n');

export const LOCK_LINE = '    let cache = app.cache.lock().unwrap();';
export const CLONE_LINE = '        out.push(row.clone());';

/** A second file, for batches and caching. */
export function smallFile(i: number, variant = ''): string {
  return [
    `pub fn helper_${i}(input: &str) -> usize {`,
    `    let trimmed = input.trim();${variant}`,
    `    trimmed.len() + ${i}`,
    '}',
    '',
  ].join('\n');
}
