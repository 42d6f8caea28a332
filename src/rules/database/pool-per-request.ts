import type { Node } from '../../rust/parser.js';
import { ancestors, calleeText, descendants, isAsyncFn, methodName } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { CONNECT_HINT, isConnectBuilderRoot, isConnectFunction, isConnectMethod, opensPool } from '../../catalogue/database.js';
import { isOnceInitMethod } from '../../catalogue/executor.js';
import { chainRoot, dbRun, enclosingLoopBody, isHandler, isStartupFunction, outerFunctions } from '../../model/queries.js';

function describeConnect(call: Node, resolve: (p: string) => string): string | null {
  const method = methodName(call);
  if (method === null) {
    const callee = resolve(calleeText(call));
    if (!isConnectFunction(callee) || /::builder$/.test(callee)) return null;
    if (callee === 'Client::connect' && !/postgres/.test(resolve('Client'))) return null;
    return `${calleeText(call)}(..)`;
  }
  if (!isConnectMethod(method)) return null;
  const root = chainRoot(call);
  const rootText = root.type === 'call_expression' ? resolve(calleeText(root)) : root.text;
  if (method === 'create_pool') return `${root.text.length > 25 ? '..' : root.text}.create_pool(..)`;
  if (!isConnectBuilderRoot(rootText) && !isConnectBuilderRoot(root.text)) return null;
  return `${calleeText(root)}()..${method}(..)`;
}

export default defineRule({
  id: 'database/pool-per-request',
  role: 'database',
  category: 'perf',
  requires: CONNECT_HINT,
  docs: {
    summary: 'A connection pool or database connection created inside a request handler or a loop instead of shared state.',
    why: 'Opening a connection costs a TCP + TLS + auth round trip, and every new pool keeps its own connections: under load the database hits `max_connections` and requests fail. A pool is meant to be built once at start-up and cloned (cheaply) into handlers.',
    bad: `pub async fn list_users(Query(q): Query<Params>) -> Result<Json<Vec<User>>, ApiError> {
    let pool = PgPoolOptions::new().max_connections(5).connect(&std::env::var("DATABASE_URL")?).await?;
    let users = repo::list(&pool, q.limit()).await?;
    Ok(Json(users))
}
`,
    good: `pub async fn list_users(State(state): State<AppState>, Query(q): Query<Params>) -> Result<Json<Vec<User>>, ApiError> {
    let users = repo::list(&state.db, q.limit()).await?;
    Ok(Json(users))
}
`,
    anchor: 'sqlx::Pool docs ("intended to be created once at the start of your application")',
  },
  messages: {
    handler: '`{{call}}` opens a new database {{what}} on every request to `{{fn}}`',
    loop: '`{{call}}` opens a new database {{what}} on every iteration of this loop',
    call: '`{{call}}` opens a new database {{what}} on every call of `{{fn}}`, which then queries it',
  },
  help: 'Create the pool once at start-up (in `main` / state construction) and pass it in through `State`, `web::Data` or a field; clone the pool, not the URL.',
  create(ctx) {
    return {
      call_expression(call) {
        const what = describeConnect(call, (p) => ctx.imports.resolve(p));
        if (!what || ctx.isTest(call)) return;
        const fns = outerFunctions(call);
        if (!fns.length || fns.some(isStartupFunction)) return;
        // Per-tenant pools cached in a map are built once per key; a lazily initialised one once.
        if ([...ancestors(call)].some((a) => a.type === 'call_expression' && isOnceInitMethod(methodName(a) ?? ''))) return;
        const kind = opensPool(what) ? 'pool' : 'connection';
        if (enclosingLoopBody(call)) {
          ctx.report({ node: call, messageId: 'loop', data: { call: what, what: kind } });
          return;
        }
        const handler = fns.find((f) => isHandler(f, ctx.path));
        if (handler) {
          ctx.report({ node: call, messageId: 'handler', data: { call: what, what: kind, fn: handler.childForFieldName('name')?.text ?? '?' } });
          return;
        }
        // A repository / service fn that connects and queries on every call (not a CLI or a binary).
        const fn = fns[0]!;
        if (!isAsyncFn(fn) || /(^|\/)(bin|examples|scripts?|cli)\/|(^|\/)(main|build)\.rs$/.test(ctx.path)) return;
        const body = fn.childForFieldName('body');
        const queries = body ? [...descendants(body)].some((d) => d.type === 'call_expression' && d.startIndex > call.endIndex && dbRun(d, ctx.imports, ctx.root)) : false;
        if (queries) ctx.report({ node: call, messageId: 'call', data: { call: what, what: kind, fn: fn.childForFieldName('name')?.text ?? '?' } });
      },
    };
  },
});
