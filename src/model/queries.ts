/**
 * Which calls build or run a query (sqlx, diesel, tokio-postgres / deadpool), the SQL text they run
 * when it is literal, handlers, start-up code: model knowledge the per-file facts (a fn that runs a
 * query) and the database rules share. The name lists left here (database receiver names) are
 * still to move into src/catalogue/. Handlers and start-up code come from the model (context.ts).
 */
import type { Node } from '../rust/parser.js';
import type { ImportMap } from '../rust/imports.js';
import { macroName, macroTokenTree, tokenLeaves } from '../rust/macros.js';
import { ancestors, calleeText, descendants, isAsyncFn, isNestedItem, methodName, methodReceiver, patternIdentifier, stringValue } from '../rust/syntax.js';
import { resolveBinding, usesOf, type Declaration } from './bindings.js';
import { modelOfTree } from './index.js';
import { isDatabaseHandleMethod, DIESEL_CONNECTION_TYPES, DIESEL_DSL_TEXT, DIESEL_MODEL_QUERY_FN, DIESEL_RUN_METHODS, PG_CLIENT_METHODS, PREPARE_METHODS, SQLX_QUERY_FNS, SQLX_QUERY_MACROS, SQLX_RUN_METHODS, STATEMENT_RUN_METHODS } from '../catalogue/database.js';

export { DIESEL_RUN_METHODS, PG_CLIENT_METHODS, SQLX_QUERY_FNS, SQLX_RUN_METHODS };

export function usesSqlx(imports: ImportMap): boolean {
  return [...imports.names.values(), ...imports.globs].some((p) => p === 'sqlx' || p.startsWith('sqlx::'));
}

export function usesCrate(imports: ImportMap, crate: string): boolean {
  return [...imports.names.values(), ...imports.globs].some((p) => p === crate || p.startsWith(`${crate}::`));
}

/** `sqlx::query(..)`, `query_as::<_, T>(..)` (imported), `sqlx::postgres::..`: the sqlx function, or null. */
export function sqlxQueryFn(call: Node, imports: ImportMap): string | null {
  if (call.type !== 'call_expression' || methodName(call) !== null) return null;
  const resolved = imports.resolve(calleeText(call));
  const m = SQLX_QUERY_FNS.exec(resolved);
  return m ? m[1]! : null;
}

export function isSqlxQueryMacro(node: Node, imports: ImportMap): boolean {
  if (node.type !== 'macro_invocation') return false;
  const name = macroName(node);
  if (!SQLX_QUERY_MACROS.test(name)) return false;
  return name.startsWith('sqlx::') || imports.resolve(name).startsWith('sqlx::') || usesSqlx(imports);
}

/** `diesel::sql_query(..)` / `sql_query(..)`. */
export function isDieselSqlQuery(call: Node, imports: ImportMap): boolean {
  if (call.type !== 'call_expression' || methodName(call) !== null) return false;
  const resolved = imports.resolve(calleeText(call));
  return /^diesel::(dsl::)?sql_query$/.test(resolved) || (resolved === 'sql_query' && usesCrate(imports, 'diesel'));
}

/** The receiver-most expression of a method chain (`a` in `a.b().c().await?.d()`). */
export function chainRoot(node: Node): Node {
  let cur = node;
  for (;;) {
    if (cur.type === 'call_expression') {
      const recv = methodReceiver(cur);
      if (!recv) return cur;
      cur = recv;
    } else if (cur.type === 'await_expression' || cur.type === 'try_expression' || cur.type === 'parenthesized_expression') {
      cur = cur.namedChildren[0]!;
    } else return cur;
  }
}

/** The method calls of a chain from its root outwards (`b`, `c`, `d`), with their call nodes. */
export function chainCalls(top: Node): { name: string; call: Node }[] {
  const out: { name: string; call: Node }[] = [];
  let cur: Node | null = top;
  while (cur) {
    if (cur.type === 'call_expression') {
      const name = methodName(cur);
      if (name === null) break;
      out.push({ name, call: cur });
      cur = methodReceiver(cur);
    } else if (cur.type === 'await_expression' || cur.type === 'try_expression') cur = cur.namedChildren[0] ?? null;
    else break;
  }
  return out.reverse();
}

export type QueryOrigin =
  | { kind: 'sqlx-fn'; call: Node; sql: Node | null }
  | { kind: 'sqlx-macro'; macro: Node; sql: Node | null }
  | { kind: 'diesel-sql'; call: Node; sql: Node | null };

/** Where the query of a `.fetch_all(..)`-style chain comes from, when it is a sqlx / diesel raw query. */
export function queryOrigin(runCall: Node, imports: ImportMap): QueryOrigin | null {
  const root = chainRoot(runCall);
  if (root.type === 'macro_invocation' && isSqlxQueryMacro(root, imports)) return { kind: 'sqlx-macro', macro: root, sql: macroSqlLiteral(root) };
  if (root.type === 'call_expression') {
    const first = root.childForFieldName('arguments')?.namedChildren[0] ?? null;
    if (sqlxQueryFn(root, imports)) return { kind: 'sqlx-fn', call: root, sql: first };
    if (isDieselSqlQuery(root, imports)) return { kind: 'diesel-sql', call: root, sql: first };
  }
  return null;
}

/** The SQL string literal of a `query!` / `query_as!` invocation (the first string token). */
export function macroSqlLiteral(invocation: Node): Node | null {
  const tt = macroTokenTree(invocation);
  if (!tt) return null;
  return tokenLeaves(tt).find((t) => t.type === 'string_literal' || t.type === 'raw_string_literal') ?? null;
}

/** The text of a SQL expression when it is literal: a string, `concat!` of strings, or a same-file `const`. */
export function literalSql(node: Node | null, root: Node): string | null {
  if (!node) return null;
  if (node.type === 'reference_expression') return literalSql(node.namedChildren[node.namedChildren.length - 1] ?? null, root);
  const direct = stringValue(node);
  if (direct !== null) return direct;
  if (node.type === 'macro_invocation' && /(^|::)concat$/.test(macroName(node))) {
    const tt = macroTokenTree(node);
    return tt ? tokenLeaves(tt).map((t) => stringValue(t) ?? '').join('') : null;
  }
  if (node.type === 'identifier' && /^[A-Z][A-Z0-9_]*$/.test(node.text)) {
    for (const item of descendants(root)) {
      if ((item.type === 'const_item' || item.type === 'static_item') && item.childForFieldName('name')?.text === node.text) return literalSql(item.childForFieldName('value'), root);
    }
  }
  return null;
}

export interface SqlShape {
  verb: string;
  hasLimit: boolean;
  hasWhere: boolean;
  boundedByInput: boolean;
  singleRowAggregate: boolean;
  writes: boolean;
}

/**
 * A diesel query filtered by a set of keys the caller holds (`.filter(id.eq_any(ids))`): diesel's
 * `= ANY($1)`, bounded by the input as `sqlShape` says of the SQL form.
 */
export const dieselBoundedByInput = (queryText: string): boolean => /\.eq_any\(/.test(queryText);

export function sqlShape(sql: string): SqlShape {
  const s = sql.replace(/--[^\n]*/g, ' ').replace(/\s+/g, ' ').trim();
  const verb = (/^\(?\s*(WITH\b.*?\)\s*)?(\w+)/i.exec(s)?.[2] ?? '').toUpperCase();
  const selectList = /^SELECT\s+(.*?)\s+FROM\b/i.exec(s)?.[1] ?? '';
  const aggregateOnly = !!selectList && selectList.split(',').every((c) => /^\s*(COUNT|SUM|AVG|MIN|MAX|BOOL_AND|BOOL_OR|EXISTS|COALESCE\s*\(\s*(SUM|COUNT|MAX|MIN))\s*\(/i.test(c));
  return {
    verb,
    hasLimit: /\b(LIMIT|FETCH\s+(FIRST|NEXT))\b/i.test(s),
    hasWhere: /\bWHERE\b/i.test(s),
    boundedByInput: /=\s*ANY\s*\(|\bIN\s*\(|\bUNNEST\s*\(/i.test(s),
    singleRowAggregate: aggregateOnly && !/\bGROUP\s+BY\b/i.test(s),
    writes: /\b(INSERT|UPDATE|DELETE|MERGE|UPSERT)\b/i.test(s),
  };
}

/** Whether a string looks like SQL (for sinks whose receiver type we cannot see). */
export const looksLikeSql = (text: string): boolean =>
  /\b(SELECT\b[\s\S]*\bFROM|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|ORDER\s+BY|WHERE|CREATE\s+(TABLE|INDEX)|ALTER\s+TABLE|DROP\s+TABLE|TRUNCATE)\b/i.test(text);

/**
 * A web request handler: an async fn where the model sees requests enter (a route attribute,
 * extractor parameters, handed to a routing call, a per-request trait method; see context.ts).
 */
export function isHandler(fn: Node, _path?: string): boolean {
  if (fn.type !== 'function_item' || !isAsyncFn(fn)) return false;
  return modelOfTree(fn.tree)?.isRequestEntry(fn) ?? false;
}

/**
 * Code that runs once, before serving or as a command of a command-line tool, or only in tests:
 * the fn is reached only from `main` / the runtime's entry (or only from tests) in the model's call
 * graph. Never by the fn's name.
 */
export function isStartupFunction(fn: Node | null): boolean {
  if (!fn) return false;
  const context = modelOfTree(fn.tree)?.executionContext(fn);
  return context === 'startup' || context === 'test';
}

/** The outermost named function around a node (closures belong to the fn that holds them). */
export function outerFunctions(node: Node): Node[] {
  return [...ancestors(node)].filter((a) => a.type === 'function_item');
}

/** The loop around `node` in the same function whose body (not its head) holds it, if any. */
export function enclosingLoopBody(node: Node): Node | null {
  let child = node;
  for (const a of ancestors(node)) {
    if (a.type === 'function_item' || a.type === 'closure_expression' || a.type === 'async_block') return null;
    if ((a.type === 'for_expression' || a.type === 'while_expression' || a.type === 'loop_expression') && a.childForFieldName('body')?.id === child.id) return a;
    child = a;
  }
  return null;
}

const DB_RECEIVER = /(^|[._])(tx|txn|transaction|conn|connection|client|db|database|pool|pg|executor|db_pool|pg_pool)\b|(^|_)(tx|conn|pool|db|client)$/i;

export interface DbRun {
  /** How to name it in a message: `sqlx::query_as!`, `client.query(..)`, `diesel ..load(..)`. */
  label: string;
  /** The literal SQL when known. */
  sql: string | null;
  /** The SQL literal node, when there is one. */
  sqlNode: Node | null;
  /** The expression given as the SQL text (`sqlx::query(<it>)`, `client.query(<it>, ..)`), when there is one. */
  sqlArg?: Node | null;
  /** A statement prepared once and run here (`stmt.execute(params)`): run per item, it is the batch form, not an N+1. */
  prepared?: true;
}

/**
 * A method call that runs a query: sqlx `.fetch_*` / `.execute` on a `query*` / `query*!` /
 * QueryBuilder chain, tokio-postgres / deadpool `client.query*(..)` with SQL, diesel `.load(..)` etc.
 * on a DSL chain. `root` is the file root (for `const` SQL).
 */
export function dbRun(call: Node, imports: ImportMap, root: Node): DbRun | null {
  const method = methodName(call);
  if (!method) return null;
  if (SQLX_RUN_METHODS.has(method)) {
    const origin = queryOrigin(call, imports);
    if (origin) {
      const sqlNode = origin.sql;
      const label = origin.kind === 'sqlx-macro' ? `${macroName(origin.macro)}!` : origin.kind === 'sqlx-fn' ? `sqlx::${sqlxQueryFn(origin.call, imports)}` : 'diesel::sql_query';
      return { label, sql: literalSql(sqlNode, root), sqlNode: sqlNode && (sqlNode.type === 'string_literal' || sqlNode.type === 'raw_string_literal') ? sqlNode : null, sqlArg: origin.kind === 'sqlx-macro' ? null : sqlNode };
    }
    const chain = chainCalls(call).map((c) => c.name);
    if (chain.includes('build') || chain.includes('build_query_as') || chain.includes('build_query_scalar')) return { label: 'QueryBuilder query', sql: null, sqlNode: null };
  }
  const args = PG_CLIENT_METHODS.has(method) ? (call.childForFieldName('arguments')?.namedChildren ?? []) : [];
  if (PG_CLIENT_METHODS.has(method) && args.length >= 1) {
    const receiver = methodReceiver(call);
    const sql = literalSql(args[0]!, root);
    const pgCrate = usesCrate(imports, 'tokio_postgres') || usesCrate(imports, 'deadpool_postgres') || usesCrate(imports, 'postgres') || usesCrate(imports, 'bb8_postgres');
    const sqlArg = sql !== null ? looksLikeSql(sql) : /^&?\s*(stmt|statement|\w+_stmt|\w+_statement|[A-Z][A-Z0-9_]*)$/.test(args[0]!.text);
    if (sqlArg && (pgCrate || (receiver && DB_RECEIVER.test(receiver.text))) && (method !== 'execute' || args.length >= 2 || sql !== null)) {
      return { label: `${receiver?.text ?? 'client'}.${method}(..)`, sql, sqlNode: args[0]!.type === 'string_literal' || args[0]!.type === 'raw_string_literal' ? args[0]! : null, sqlArg: args[0]! };
    }
  }
  const statement = STATEMENT_RUN_METHODS.has(method) ? preparedStatement(call, root) : null;
  if (statement) return { label: `${statement.name}.${method}(..)`, sql: statement.sql, sqlNode: null, prepared: true };
  if (DIESEL_RUN_METHODS.has(method) && usesCrate(imports, 'diesel')) {
    const chainText = methodReceiver(call)?.text ?? '';
    // The query DSL in the chain, or a query built elsewhere (`Crate::by_name(n)`, `Model::query()`) run on a diesel connection.
    if (DIESEL_DSL_TEXT.test(chainText) || runsOnDieselConnection(call)) {
      const root = chainRoot(call);
      const head = (root.type === 'call_expression' ? calleeText(root) : root.text).replace(/\s+/g, '');
      return { label: `${head.length > 30 ? '..' : head}..${method}(..)`, sql: null, sqlNode: null };
    }
  }
  return null;
}

/**
 * `stmt.execute(params)` where `stmt` is bound to a statement prepared on a connection
 * (`let mut stmt = conn.prepare("DELETE ..").unwrap();`): running it runs SQL. The statement's SQL
 * when literal.
 */
function preparedStatement(call: Node, root: Node): { name: string; sql: string | null } | null {
  const recv = methodReceiver(call);
  if (recv?.type !== 'identifier') return null;
  const decl = resolveBinding(recv);
  if (!decl || decl.kind !== 'let' || !decl.value) return null;
  for (const link of chainCalls(decl.value)) {
    if (!PREPARE_METHODS.has(link.name)) continue;
    const args = link.call.childForFieldName('arguments')?.namedChildren ?? [];
    if (!args.length) return null;
    return { name: recv.text, sql: literalSql(args[0]!, root) };
  }
  return null;
}

/** `.first(conn)` where `conn` is declared a diesel connection (`conn: &mut PgConnection`). */
function runsOnDieselConnection(call: Node): boolean {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  if (args.length !== 1) return false;
  let arg: Node | null = args[0]!;
  while (arg && (arg.type === 'reference_expression' || arg.type === 'unary_expression')) arg = arg.namedChildren[arg.namedChildren.length - 1] ?? null;
  if (arg?.type !== 'identifier') return false;
  const type = resolveBinding(arg)?.type?.text;
  return !!type && DIESEL_CONNECTION_TYPES.test(type);
}

/** A receiver that is a database handle (pool, connection, transaction, client). */
export const isDbReceiverText = (text: string): boolean => DB_RECEIVER.test(text);

/** The `field_identifier` naming the method of `recv.method(..)` / `recv.method::<T>(..)`. */
export function methodField(call: Node): Node | null {
  let fn = call.childForFieldName('function');
  if (fn?.type === 'generic_function') fn = fn.childForFieldName('function');
  return fn?.type === 'field_expression' ? fn.childForFieldName('field') : null;
}

/**
 * The diesel table a query expression starts from, by the file's schema imports: `posts::table`,
 * `schema::posts::table`, an alias (`use schema::posts as p; p::table`, `use schema::posts::table as
 * posts_table`), the dsl forms (`use schema::posts::dsl::*; posts.filter(..)`, `use schema::posts::dsl
 * as p; p::posts`, `dsl::posts`, `use schema::posts::dsl::{posts, ..}`). null when it is not one.
 */
export function dieselTableOf(expr: Node, imports: ImportMap): string | null {
  const root = chainRoot(expr);
  // diesel's `HasQuery` constructor, `Model::query()` (the model's table with its columns selected).
  if (root.type === 'call_expression' && !root.childForFieldName('arguments')?.namedChildCount) {
    const m = /^(?:\w+::)*([A-Z]\w*)::(\w+)$/.exec(calleeText(root).replace(/\s+/g, ''));
    if (m && m[2] === DIESEL_MODEL_QUERY_FN) return m[1]!;
  }
  if (root.type !== 'identifier' && root.type !== 'scoped_identifier') return null;
  const written = root.text.replace(/\s+/g, '');
  const resolved = imports.resolve(written);
  const segments = resolved.split('::');
  const last = segments[segments.length - 1]!;
  if (last === 'table' && segments.length >= 2) return segments[segments.length - 2]!;
  // `<table>::dsl::<table>`: the table's own name in its dsl module.
  if (segments.length >= 3 && segments[segments.length - 2] === 'dsl' && segments[segments.length - 3] === last) return last;
  if (root.type === 'identifier' && !imports.names.has(written) && imports.globs.some((g) => g === `${written}::dsl` || g.endsWith(`::${written}::dsl`))) return written;
  return null;
}

/**
 * The tables a query adds rows to, lower case, without schema or quotes: every `INSERT INTO t` of its
 * SQL (a data-modifying `WITH` too) and `COPY t FROM`, or when it has no text the
 * `insert_into(t::table)` / `insert_into(t)` of the diesel chain that `run` ends. Empty for any other query.
 */
export function insertedTables(sql: string | null, run: Node): string[] {
  const name = (written: string) => written.replace(/"/g, '').split('.').pop()!.toLowerCase();
  // A query whose text the run does not carry (`diesel::sql_query(r#"INSERT .."#).load(conn)`): the chain's literals.
  const chain = methodReceiver(run)?.text ?? '';
  if (sql === null && /\b(INSERT\s+INTO|COPY)\b/i.test(chain)) sql = chain;
  if (sql !== null) {
    const text = sql.replace(/--[^\n]*/g, ' ');
    const out = new Set<string>();
    for (const m of text.matchAll(/\bINSERT\s+INTO\s+((?:"?\w+"?\.)?"?\w+"?)|\bCOPY\s+((?:"?\w+"?\.)?"?\w+"?)\s*(?:\([^)]*\)\s*)?FROM\b/gi)) out.add(name(m[1] ?? m[2]!));
    return [...out];
  }
  const m = /\binsert_into\s*\(\s*([\w:\s]+?)\s*\)/.exec(chain);
  const segments = m ? m[1]!.replace(/\s+/g, '').split('::').filter((s) => s !== 'table' && s !== 'dsl') : [];
  return segments.length ? [segments[segments.length - 1]!.toLowerCase()] : [];
}

/** `&state.db`, `&pool`, `self.pool.clone()`: a pool handed to a call (not a transaction). */
const POOL_ARG = /^&?\s*((self|state|ctx|app|data|app_state)\.)?(pool|db|db_pool|pg_pool|database|read_pool)(\.clone\(\)|\.get_ref\(\))?$/;

export interface HelperQuery {
  label: string;
  sql: string | null;
}

/**
 * A same-file function whose work is a query: it runs one (sqlx, diesel, tokio-postgres) or hands
 * the pool to a helper, and everything it awaits is database work (no HTTP call, no cache lookup).
 */
export function helperQuery(fn: Node, imports: ImportMap, root: Node): HelperQuery | null {
  const body = fn.childForFieldName('body');
  if (!body) return null;
  let found: HelperQuery | null = null;
  let pure = true;
  for (const d of descendants(body, isNestedItem)) {
    if (d.type === 'call_expression') {
      const run = dbRun(d, imports, root);
      if (run) {
        if (!found || (!found.sql && run.sql)) found = { label: run.label, sql: run.sql };
        continue;
      }
      if (!found && poolHelperCall(d)) found = { label: poolHelperCall(d)!, sql: null };
    } else if (d.type === 'await_expression') {
      const inner = d.namedChildren[0];
      if (!inner || inner.type !== 'call_expression') {
        pure = false;
        break;
      }
      if (dbRun(inner, imports, root) || poolHelperCall(inner)) continue;
      // Taking a connection or a transaction for the query: `self.pool.acquire().await`, `pool.get().await`.
      const method = methodName(inner);
      const recv = methodReceiver(inner);
      if (method && isDatabaseHandleMethod(method) && recv && isDbReceiverText(recv.text)) continue;
      pure = false;
      break;
    }
  }
  return pure ? found : null;
}

/**
 * An awaited helper that is handed the pool: `repo::find(&state.db, id).await` runs its own query.
 * A helper handed a transaction is left alone: per-row writes inside one transaction are a choice.
 */
export function poolHelperCall(call: Node): string | null {
  // Awaited in the loop, or returned as the future of a per-item closure (`ids.map(|id| find(&pool, id))`).
  if (call.parent?.type !== 'await_expression' && call.parent?.type !== 'closure_expression') return null;
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  if (!args.some((a) => POOL_ARG.test(a.text.replace(/\s+/g, '')))) return null;
  const callee = call.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '';
  return `${callee.length > 40 ? `..${callee.slice(-38)}` : callee}(..)`;
}

/**
 * The rows a query fetched (`let owned = ..load(&mut conn).await?`) are the input of another call on
 * the same connection: passed to it, directly or through a value computed from them (`let ids =
 * owned.iter().map(..).collect()`, then `page_of(&mut conn, &ids)`). They parameterise the next query
 * (a filter set, the keys of a page); a `LIMIT` on them would drop results, and their fix is a JOIN or
 * a subquery, not pagination.
 */
export function rowsFeedAnotherQuery(run: Node): boolean {
  const connection = (run.childForFieldName('arguments')?.namedChildren[0]?.text ?? '').replace(/^&\s*(mut\s+)?\*?\s*/, '').trim();
  if (!/^[\w.]+$/.test(connection)) return false;
  let top = run;
  while (top.parent && (top.parent.type === 'await_expression' || top.parent.type === 'try_expression')) top = top.parent;
  const stmt = top.parent;
  if (stmt?.type !== 'let_declaration' || stmt.childForFieldName('value')?.id !== top.id) return false;
  const decl = letDeclaration(stmt);
  return !!decl && feeds(decl, connection, 0);
}

/** The binding a `let x = ..` / `let mut x = ..` makes, as `resolveBinding` gives it at a later use. */
function letDeclaration(stmt: Node): Declaration | null {
  const pattern = stmt.childForFieldName('pattern');
  const ident = patternIdentifier(pattern);
  if (!ident || stmt.parent?.type !== 'block') return null;
  return { kind: 'let', name: ident.text, node: stmt, ident, type: stmt.childForFieldName('type'), value: stmt.childForFieldName('value'), scope: stmt.parent, simple: true };
}

const CONNECTION_ARG = (connection: string) => new RegExp(`^&\\s*(mut\\s+)?\\*?\\s*${connection.replace(/[.]/g, '\\.')}$|^${connection.replace(/[.]/g, '\\.')}$`);

function feeds(decl: Declaration, connection: string, depth: number): boolean {
  const isConnection = CONNECTION_ARG(connection);
  for (const use of usesOf(decl)) {
    for (const a of ancestors(use.node)) {
      if (a.type === 'function_item' || a.type === 'block') break;
      if (a.type === 'arguments' && a.namedChildren.some((arg) => isConnection.test(arg.text.replace(/\s+/g, ' ').trim()))) return true;
      if (a.type === 'let_declaration' && depth < 2) {
        const next = letDeclaration(a);
        if (next && next.ident.id !== decl.ident.id && feeds(next, connection, depth + 1)) return true;
        break;
      }
    }
  }
  return false;
}
