import { dieselQueryBounded, LOAD_ALL_HINT } from '../../catalogue/database.js';
import { isListingFnName } from '../../catalogue/naming.js';
import { answersJsonList } from '../../catalogue/web.js';
import type { Node } from '../../rust/parser.js';
import type { ImportMap } from '../../rust/imports.js';
import { ancestors, descendants, enclosingFunction, enclosingStatement, endLineOf, letBindingName, lineOf, methodName, methodReceiver } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { isPerItemClosure } from '../../model/iteration.js';
import { rowsAddedOnlyAtStartup } from '../../model/seeded-tables.js';
import { chainCalls, chainRoot, dbRun, dieselBoundedByInput, dieselTableOf, enclosingLoopBody, methodField, isHandler, isStartupFunction, outerFunctions, rowsFeedAnotherQuery, sqlShape, usesCrate } from '../../model/queries.js';

/** Code that serves requests: handler modules, repositories and services (not jobs, CLIs, migrations). */
const REQUEST_PATH = /(^|\/)(handlers?|routes?|api|controllers?|endpoints?|web|http|repo|repos|repository|repositories|store|stores|dao|queries|db|services?)(\/|\.rs$)/;
const BATCH_PATH = /(^|\/)(bin|jobs?|workers?|tasks?|cli|scripts?|migrations?|seed|backfill)(\/|\.rs$)|(^|\/)main\.rs$/;

/**
 * The diesel table a `.load(..)` reads and the text that shapes the query: the chain itself, or for a
 * query built in a local first (`let mut q = posts.filter(..).into_boxed(); .. q.load(conn)`) its
 * `let` and every later reassignment of it.
 */
function dieselQuery(call: Node, imports: ImportMap): { table: string; text: string } | null {
  const receiver = methodReceiver(call);
  if (!receiver) return null;
  const root = chainRoot(receiver);
  const fn = enclosingFunction(call);
  if (root.type === 'identifier' && fn) {
    const name = root.text;
    let binding: Node | null = null;
    for (const d of descendants(fn)) {
      if (d.startIndex >= call.startIndex) break;
      if (d.type === 'let_declaration' && letBindingName(d) === name) binding = d;
    }
    if (binding) {
      const value = binding.childForFieldName('value');
      const table = value ? dieselTableOf(value, imports) : null;
      if (!table) return null;
      const reassigned = new RegExp(String.raw`\b${name}\s*=\s*[^;]*`, 'g');
      const later = fn.text.slice(binding.endIndex - fn.startIndex, call.startIndex - fn.startIndex).match(reassigned) ?? [];
      return { table, text: [value!.text, ...later, receiver.text].join('\n') };
    }
  }
  const table = dieselTableOf(receiver, imports);
  return table ? { table, text: receiver.text } : null;
}

/** The one table a `SELECT` reads (no join, no second `FROM`), lower case; null otherwise. */
function onlyTableRead(sql: string): string | null {
  const froms = [...sql.matchAll(/\bFROM\s+((?:"?\w+"?\.)?"?\w+"?)/gi)];
  if (froms.length !== 1 || /\bJOIN\b/i.test(sql)) return null;
  return froms[0]![1]!.replace(/"/g, '').split('.').pop()!.toLowerCase();
}

/** The expression an `Ok(..)` / `Some(..)` wraps, else the expression. */
const unwrapOk = (e: Node | null | undefined): Node | null => {
  if (e?.type === 'call_expression' && /^(Ok|Some)$/.test(e.childForFieldName('function')?.text ?? '')) return e.childForFieldName('arguments')?.namedChildren[0] ?? null;
  return e ?? null;
};

/**
 * The fetched rows are what `fn` returns: the query chain (`..fetch_all(..).await?.into_iter().map(..)`)
 * is its tail value, or is bound by a `let` whose name is (`let iter = ..; Ok(iter)`).
 */
function returnsRows(call: Node, fn: Node): boolean {
  let top = call;
  for (let p = top.parent; p; p = top.parent) {
    if (p.type === 'await_expression' || p.type === 'try_expression' || (p.type === 'field_expression' && p.parent?.type === 'call_expression' && p.childForFieldName('value')?.id === top.id)) top = p.type === 'field_expression' ? p.parent! : p;
    else break;
  }
  const body = fn.childForFieldName('body');
  const tail = unwrapOk(body?.namedChildren[body.namedChildren.length - 1]);
  if (!tail) return false;
  if (unwrapOk(top.parent?.type === 'arguments' ? top.parent.parent : top)?.id === tail.id || tail.id === top.id) return true;
  const stmt = top.parent;
  const name = stmt?.type === 'let_declaration' && stmt.childForFieldName('value')?.id === top.id ? letBindingName(stmt) : null;
  return !!name && tail.type === 'identifier' && tail.text === name && stmt!.parent?.id === body!.id;
}

/** `let rows = ..fetch_all(..)` and then `Json(rows)` / `.json(&rows)`: the rows are the response. */
function answersWithRows(call: Node, handler: Node): boolean {
  const stmt = enclosingStatement(call);
  const name = stmt?.type === 'let_declaration' ? letBindingName(stmt) : null;
  if (!name) return false;
  return new RegExp(String.raw`\bJson\(\s*${name}\s*\)|\.json\(\s*&?${name}\s*\)`).test(handler.text);
}

export default defineRule({
  id: 'database/fetch-all-unbounded',
  role: 'database',
  category: 'perf',
  // `.fetch_all(..)` / `.query(..)`, or diesel `.load` / `.get_results` with a `use diesel..`.
  requires: LOAD_ALL_HINT,
  docs: {
    summary: '`fetch_all` (or diesel `.load`) of a `SELECT` with no `LIMIT` on a request path.',
    why: 'Every matching row is buffered in a Vec and usually serialised into one response; as the table grows, one request can take seconds and hundreds of megabytes.',
    bad: `pub async fn list_members(State(state): State<AppState>, admin: OrgAdmin) -> Result<Json<Vec<Member>>, ApiError> {
    let members = sqlx::query_as::<_, Member>(
        "SELECT user_id, role FROM memberships WHERE org_id = $1 ORDER BY joined_at",
    )
    .bind(admin.org_id)
    .fetch_all(&state.db)
    .await?;
    Ok(Json(members))
}
`,
    good: `pub async fn list_members(State(state): State<AppState>, admin: OrgAdmin, Query(page): Query<Page>) -> Result<Json<Vec<Member>>, ApiError> {
    let members = sqlx::query_as::<_, Member>(
        "SELECT user_id, role FROM memberships WHERE org_id = $1 ORDER BY joined_at LIMIT $2 OFFSET $3",
    )
    .bind(admin.org_id)
    .bind(page.limit())
    .bind(page.offset())
    .fetch_all(&state.db)
    .await?;
    Ok(Json(members))
}
`,
    anchor: 'sqlx fetch_all docs ("ensure the result set has a known upper bound, e.g. using LIMIT")',
  },
  messages: {
    sql: '`{{query}}` fetches every row of this `SELECT` with no `LIMIT` into memory{{where}}',
    diesel: '`.{{method}}(..)` of `{{table}}` with no `.limit(..)` loads every matching row into memory{{where}}',
  },
  help: 'Paginate (`LIMIT $n` with keyset `WHERE id > $last` or `OFFSET`), or stream rows with `.fetch(..)` when all of them are really needed.',
  create(ctx) {
    if (BATCH_PATH.test(ctx.path)) return {};
    const onRequestPath = (node: Node): string | null => {
      const fns = outerFunctions(node);
      if (!fns.length || fns.some(isStartupFunction) || ctx.isTest(node)) return null;
      // A listing endpoint or query: named like one, or (handlers) answering with the Vec itself.
      const handler = fns.find((f) => isHandler(f, ctx.path));
      const name = (f: Node) => f.childForFieldName('name')?.text ?? '';
      if (handler) {
        const returnsList = answersJsonList(handler.childForFieldName('return_type')?.text ?? '');
        return isListingFnName(name(handler)) || returnsList || answersWithRows(node, handler) ? ` in handler \`${name(handler)}\`` : null;
      }
      return REQUEST_PATH.test(ctx.path) && fns.some((f) => isListingFnName(name(f))) ? '' : null;
    };
    return {
      call_expression(call) {
        const method = methodName(call);
        if (method === 'fetch_all' || method === 'query') {
          const run = dbRun(call, ctx.imports, ctx.root);
          if (!run?.sql) return;
          const shape = sqlShape(run.sql);
          if ((shape.verb !== 'SELECT' && shape.verb !== 'WITH') || shape.hasLimit || shape.boundedByInput || shape.singleRowAggregate) return;
          if (/\bGROUP\s+BY\b/i.test(run.sql) && /\b(COUNT|SUM|AVG)\s*\(/i.test(run.sql)) return; // per-group totals
          // Per-item queries in a loop are database/query-in-loop's finding (and its fix, `= ANY($1)`, changes this one).
          if (enclosingLoopBody(call) || [...ancestors(call)].some((a) => a.type === 'closure_expression')) return;
          // Rows that parameterise the next query (a filter set, a page's keys): a LIMIT would drop results.
          if (rowsFeedAnotherQuery(call)) return;
          let where = onRequestPath(call);
          // A service or repository method that request handlers call and that hands them every row it fetched.
          const fn = outerFunctions(call)[0];
          if (where === null && fn && !ctx.isTest(call) && ctx.model.executionContext(fn) === 'request' && !isHandler(fn, ctx.path) && returnsRows(call, fn)) {
            where = ` in \`${fn.childForFieldName('name')?.text ?? ''}\`, which returns them all to the request handlers that call it`;
            if (!shape.hasWhere) return;
          }
          if (where === null) return;
          // Without a WHERE outside a handler it is likely a small lookup table (countries, plans): leave it.
          if (!where && !shape.hasWhere) return;
          // A table only the program's start-up fills (categories synced from a file it ships): its size is the program's.
          const read = onlyTableRead(run.sql);
          if (read && rowsAddedOnlyAtStartup(ctx.model.model, read)) return;
          const line = run.sqlNode ? endLineOf(run.sqlNode) : lineOf(methodField(call) ?? call);
          ctx.report({ line, messageId: 'sql', data: { query: run.label, where }, snippet: run.sql.slice(0, 120) });
          return;
        }
        if ((method === 'load' || method === 'get_results') && (usesCrate(ctx.imports, 'diesel') || usesCrate(ctx.imports, 'diesel_async'))) {
          const found = dieselQuery(call, ctx.imports);
          if (!found) return;
          const { table, text } = found;
          if (dieselQueryBounded(text)) return;
          if (chainCalls(call).some((c) => c.name === 'group_by') || /\.group_by\(/.test(text)) return;
          // `.filter(id.eq_any(ids))`: as many rows as the keys the caller holds (a page's ids).
          if (dieselBoundedByInput(text)) return;
          // Per-item loads (in a loop, or in a `.map(|u| ..)` over rows) are N+1s: database/query-in-loop.
          if (enclosingLoopBody(call) || [...ancestors(call)].some(isPerItemClosure)) return;
          if (rowsFeedAnotherQuery(call)) return;
          const where = onRequestPath(call);
          if (where === null || (!where && !/\.filter\(/.test(text))) return;
          if (!/\.(inner|left)_join\(/.test(text) && rowsAddedOnlyAtStartup(ctx.model.model, table)) return;
          ctx.report({ node: methodField(call) ?? call, messageId: 'diesel', data: { table, where, method } });
        }
      },
    };
  },
});
