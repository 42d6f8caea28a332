/** Hand-built ReviewResults (plain data) so the renderer tests do not depend on which rules exist. */
import { DEFAULT_CONFIG, type Config } from '../../src/config/schema.js';
import type { MarkedFinding, ReviewResult } from '../../src/review/result.js';

export function finding(over: Partial<MarkedFinding> = {}): MarkedFinding {
  return {
    ruleId: 'async/lock-guard-across-await',
    role: 'async',
    severity: 'error',
    path: 'src/handlers/orders.rs',
    line: 12,
    column: 9,
    endColumn: 33,
    message: 'guard `cache` is held across this `.await`',
    help: 'Drop the guard (or end its scope) before awaiting.',
    source: 'rule',
    snippet: 'let cache = state.cache.lock().unwrap();',
    mark: 'added',
    ...over,
  };
}

export function result(over: Partial<ReviewResult> = {}, config: Partial<Config> = {}): ReviewResult {
  return {
    inline: [],
    alreadyPresent: [],
    migrationsAsHistory: 0,
    outsideFilter: [],
    suppressed: [],
    reviewedFiles: ['src/handlers/orders.rs'],
    skippedFiles: [],
    ruleErrors: [],
    coverage: [],
    notes: [],
    llm: { state: 'off' },
    conclusion: 'success',
    conclusionReason: 'No finding at or above `error` on changed lines.',
    config: { ...DEFAULT_CONFIG, ...config },
    durationMs: 1234,
    ...over,
  };
}

export const ORDERS_RS = [
  'use std::sync::Mutex;',
  '',
  'pub async fn list_orders(State(state): State<AppState>) -> Result<Json<Vec<Order>>, AppError> {',
  '    let rows = sqlx::query_as::<_, Order>("SELECT * FROM orders")',
  '        .fetch_all(&state.pool)',
  '        .await?;',
  '    Ok(Json(rows))',
  '}',
  '',
  'pub async fn reprice(State(state): State<AppState>) {',
  '    let id = 1;',
  '    let cache = state.cache.lock().unwrap();',
  '    fetch(id).await;',
  '}',
  '',
].join('\n');

/** A result with a bit of everything the summary shows. */
export function busyResult(): ReviewResult {
  return result(
    {
      inline: [
        finding(),
        finding({
          ruleId: 'ownership/ptr-arg',
          role: 'ownership',
          severity: 'warning',
          path: 'src/model.rs',
          line: 4,
          column: 17,
          endColumn: 29,
          message: 'parameter `name: &String` should be `&str`',
          help: undefined,
          suggestion: 'pub fn greet(name: &str) -> String {',
          snippet: 'pub fn greet(name: &String) -> String {',
        }),
        finding({
          ruleId: 'async/llm-review',
          role: 'async',
          severity: 'info',
          path: 'src/handlers/orders.rs',
          line: 5,
          column: undefined,
          endColumn: undefined,
          message: 'this query runs on every request; @alice suggested caching it',
          help: undefined,
          source: 'llm',
          confidence: 0.8,
          snippet: '.fetch_all(&state.pool)',
        }),
      ],
      outsideFilter: [
        finding({ line: 40, mark: 'file', severity: 'warning', message: 'guard `db` is held across this `.await`' }),
        finding({ path: 'src/lib.rs', line: 3, mark: 'outside', ruleId: 'tests/no-assertion', role: 'tests', severity: 'warning', message: 'test `it_works` asserts nothing' }),
        finding({ line: 11, mark: 'context', ruleId: 'architecture/unwrap-in-handler', role: 'architecture', message: '`.unwrap()` in a request handler' }),
      ],
      suppressed: [finding({ line: 20 }), finding({ line: 30 })],
      reviewedFiles: ['src/handlers/orders.rs', 'src/model.rs', 'migrations/0002_orders.sql'],
      skippedFiles: [
        { path: 'src/schema.rs', reason: 'generated file (`@generated` header)' },
        { path: 'assets/big.rs', reason: 'larger than 1.0 MB (1.2 MB)' },
      ],
      ruleErrors: [{ ruleId: 'database/sql-injection', path: 'src/db.rs', error: 'boom' }],
      coverage: [
        { path: 'src/handlers/orders.rs', line: 10, name: 'reprice', covered: false },
        { path: 'src/model.rs', line: 4, name: 'greet', covered: true, coveredBy: 'greets_by_name' },
      ],
      notes: ['squawk is unavailable: migrations were not linted.'],
      llm: { state: 'partial', inputTokens: 12000, outputTokens: 800, cachedTokens: 9000, costUsd: 0.0421, filesNotReviewed: ['src/big.rs'], reason: 'budget reached' },
      conclusion: 'failure',
      conclusionReason: '1 finding at or above `error` on changed lines.',
    },
    { filter: 'added' },
  );
}
