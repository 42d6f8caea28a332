import type { Node } from '../../rust/parser.js';
import { onExecutor } from '../../model/executor.js';
import { chainTop, enclosingStatement, methodName, methodReceiver } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { DIESEL_RUN_METHODS, dbRun, methodField, outerFunctions, PG_CLIENT_METHODS, usesCrate } from '../../model/queries.js';

/** The chain is awaited (diesel-async, or an async client): then it does not block. */
function isAwaited(call: Node): boolean {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === 'await_expression') return true;
    if (p.type === 'field_expression' || p.type === 'call_expression' || p.type === 'try_expression') continue;
    return false;
  }
  return false;
}

/** Sync `postgres` crate (not tokio-postgres) client calls: `client.query(..)` with no `.await`. */
function isSyncPostgres(call: Node, imports: Parameters<typeof usesCrate>[0]): boolean {
  const m = methodName(call);
  if (!m || !PG_CLIENT_METHODS.has(m)) return false;
  return usesCrate(imports, 'postgres') && !usesCrate(imports, 'tokio_postgres') && !usesCrate(imports, 'deadpool_postgres');
}

export default defineRule({
  id: 'database/blocking-orm-in-async',
  role: 'database',
  category: 'perf',
  // Both findings need `usesCrate(.., 'diesel')` or `usesCrate(.., 'postgres')`: a `use` naming the crate.
  requires: /diesel|postgres/,
  docs: {
    summary: 'A synchronous diesel (or `postgres` crate) query run directly in async code, outside `spawn_blocking` / `interact`.',
    why: 'A blocking query parks a Tokio worker thread for its whole round trip; with a handful of slow queries every worker is blocked and the whole server stops answering, health checks included.',
    bad: `use diesel::prelude::*;

pub async fn list_posts(State(state): State<AppState>) -> Result<Json<Vec<Post>>, ApiError> {
    let mut conn = state.pool.get()?;
    let posts = posts::table.filter(posts::published.eq(true)).limit(50).load::<Post>(&mut conn)?;
    Ok(Json(posts))
}
`,
    good: `use diesel::prelude::*;

pub async fn list_posts(State(state): State<AppState>) -> Result<Json<Vec<Post>>, ApiError> {
    let conn = state.pool.get().await?;
    let posts = conn
        .interact(|conn| posts::table.filter(posts::published.eq(true)).limit(50).load::<Post>(conn))
        .await??;
    Ok(Json(posts))
}
`,
    anchor: 'diesel-async AsyncConnectionWrapper docs; deadpool-diesel interact; tokio::task::spawn_blocking docs',
  },
  messages: {
    diesel: '`{{call}}` is a blocking diesel query inside async `{{fn}}`: it holds a runtime worker thread for the whole round trip',
    postgres: '`{{call}}` (sync `postgres` crate) blocks inside async `{{fn}}`: it holds a runtime worker thread for the whole round trip',
  },
  help: 'Run it in `tokio::task::spawn_blocking` / `web::block` / deadpool `conn.interact(..)`, or switch to `diesel-async` / `tokio-postgres`.',
  create(ctx) {
    if (usesCrate(ctx.imports, 'diesel_async') && !usesCrate(ctx.imports, 'postgres')) return {};
    const reported = new Set<number>();
    return {
      call_expression(call) {
        const m = methodName(call);
        if (!m || isAwaited(call)) return;
        let messageId: 'diesel' | 'postgres' | null = null;
        if (DIESEL_RUN_METHODS.has(m) && usesCrate(ctx.imports, 'diesel')) {
          const run = dbRun(call, ctx.imports, ctx.root);
          // sqlx chains are awaited; an unawaited `.execute(..)` with a diesel origin or DSL is diesel.
          if (run && !run.label.startsWith('sqlx') && !run.label.endsWith('!') && run.label !== 'QueryBuilder query' && !PG_CLIENT_METHODS.has(m)) messageId = 'diesel';
        } else if (isSyncPostgres(call, ctx.imports)) messageId = 'postgres';
        if (!messageId) return;
        if (!onExecutor(call)) return;
        if (ctx.isTest(call) || ctx.model.onlyInTests(call)) return;
        const stmt = enclosingStatement(call) ?? chainTop(call);
        if (reported.has(stmt.id)) return;
        reported.add(stmt.id);
        const fn = outerFunctions(call)[0]?.childForFieldName('name')?.text ?? 'block';
        const recv = methodReceiver(call)?.text.replace(/\s+/g, '') ?? '';
        const call_ = `${recv.length > 40 ? `${recv.slice(0, 37)}...` : recv}.${m}(..)`;
        ctx.report({ node: methodField(call) ?? call, messageId, data: { call: call_, fn } });
      },
    };
  },
});
