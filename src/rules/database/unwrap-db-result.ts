import type { Node } from '../../rust/parser.js';
import { methodName, methodReceiver } from '../../rust/syntax.js';
import { isDatabaseHandleMethod } from '../../catalogue/database.js';
import { defineRule } from '../define-rule.js';
import { dbRun, isDbReceiverText, isStartupFunction, methodField, outerFunctions, usesCrate } from '../../model/queries.js';


/** What the unwrapped expression runs, or null when it is not a database operation. */
function dbOperation(receiver: Node, ctx: { imports: Parameters<typeof dbRun>[1]; root: Node }): string | null {
  const awaited = receiver.type === 'await_expression';
  const call = awaited ? receiver.namedChildren[0] : receiver;
  if (!call || call.type !== 'call_expression') return null;
  const method = methodName(call);
  if (!method) return null;
  const run = dbRun(call, ctx.imports, ctx.root);
  if (run) return `${run.label}${run.label.endsWith('(..)') ? '' : `.${method}(..)`}`;
  const recv = methodReceiver(call)?.text.replace(/\s+/g, '') ?? '';
  // Calls on a pool / connection / transaction that fail at run time.
  if (isDatabaseHandleMethod(method) && isDbReceiverText(recv)) {
    // `pool.get()` is a pool checkout (deadpool / bb8 awaited, r2d2 sync); other `get`s are maps.
    if (method === 'get' && !/pool/i.test(recv)) return null;
    if (!awaited && method !== 'get') return null;
    if (!awaited && !usesCrate(ctx.imports, 'r2d2') && !usesCrate(ctx.imports, 'diesel')) return null;
    return `${recv}.${method}()`;
  }
  return null;
}

export default defineRule({
  id: 'database/unwrap-db-result',
  role: 'database',
  category: 'suspicious',
  requires: /unwrap|expect/,
  docs: {
    summary: '`.unwrap()` / `.expect(..)` on a query, pool or transaction result in production code, an embedded store\'s (sled, RocksDB, redb) or a project fn\'s that propagates one.',
    why: 'A missing row (`fetch_one` returns `RowNotFound`), a timeout or a dropped connection then panics: the request dies with a 500 or a background task stops, instead of a 404 or a retry.',
    bad: `pub async fn get_user(State(state): State<AppState>, Path(id): Path<Uuid>) -> Json<User> {
    let user = sqlx::query_as::<_, User>("SELECT * FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(&state.db)
        .await
        .unwrap();
    Json(user)
}
`,
    good: `pub async fn get_user(State(state): State<AppState>, Path(id): Path<Uuid>) -> Result<Json<User>, ApiError> {
    let user = sqlx::query_as::<_, User>("SELECT * FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(user))
}
`,
    anchor: 'sqlx fetch_one docs (Error::RowNotFound); clippy::unwrap_used',
  },
  messages: {
    unwrap: '`.{{method}}()` on the result of `{{op}}`: a missing row or a database error panics here instead of returning an error',
  },
  help: 'Propagate with `?` into the handler\'s error type; use `fetch_optional` and map `None` to a 404 where the row may be absent.',
  create(ctx) {
    return {
      call_expression(call) {
        const method = methodName(call);
        if (method !== 'unwrap' && method !== 'expect') return;
        const receiver = methodReceiver(call);
        if (!receiver) return;
        const inner = receiver.type === 'await_expression' ? receiver.namedChildren[0] : receiver;
        // Else the model: an embedded store's call, or a crate fn (any file) that propagates a database error.
        const op = dbOperation(receiver, ctx) ?? (inner?.type === 'call_expression' ? ctx.model.databaseCall(inner) : undefined);
        if (!op || ctx.isTest(call) || ctx.model.onlyInTests(call)) return;
        if (/(^|\/)(build\.rs|bin\/|main\.rs$)/.test(ctx.path) && outerFunctions(call).some((f) => f.childForFieldName('name')?.text === 'main')) return;
        if (outerFunctions(call).some(isStartupFunction)) return;
        ctx.report({ node: methodField(call) ?? call, messageId: 'unwrap', data: { method, op } });
      },
    };
  },
});
