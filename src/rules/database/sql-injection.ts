import { SQL_SINK_HINT } from '../../catalogue/database.js';
import type { Node } from '../../rust/parser.js';
import { calleeText, descendants, enclosingFunction, enclosingStatement, lineOf, methodName, methodReceiver, stringValue } from '../../rust/syntax.js';
import type { ImportMap } from '../../rust/imports.js';
import { isQueryBuilderBindPush, isQueryBuilderTextPush, isSqlSafetyAssertion } from '../../catalogue/database.js';
import { resolveBinding } from '../../model/bindings.js';
import { macroName } from '../../rust/macros.js';
import { templateText } from '../../model/format-args.js';
import { defineRule } from '../define-rule.js';
import { isDieselSqlQuery, looksLikeSql, macroSqlLiteral, PG_CLIENT_METHODS, SQLX_RUN_METHODS, sqlxQueryFn, usesCrate } from '../../model/queries.js';
import { SqlTaint, unwrapSqlArg, type PieceKind, type TaintSite } from './support/sql-taint.js';

/** Methods whose first argument is SQL text when it is a string (sqlx Executor, tokio-postgres / deadpool Client). */
const TEXT_METHODS = new Set([...SQLX_RUN_METHODS, ...PG_CLIENT_METHODS]);

/** `qb.push(..)` on a sqlx QueryBuilder (or its `separated(..)`): the receiver chain tells us. */
function isQueryBuilderPush(call: Node, body: Node, declaredMemo?: Map<string, boolean>): boolean {
  if (!isQueryBuilderTextPush(methodName(call) ?? '')) return false;
  let root: Node | null = methodReceiver(call);
  while (root && root.type === 'call_expression' && methodName(root)) {
    if (methodName(root) === 'separated') return true;
    root = methodReceiver(root);
  }
  if (!root || root.type !== 'identifier') return false;
  const name = root.text;
  const key = `${body.id}:${name}`;
  const known = declaredMemo?.get(key);
  if (known !== undefined) return known;
  // Declared in this function as a QueryBuilder, or a parameter typed as one.
  const fn = body.parent;
  const text = fn?.text ?? body.text;
  // Both forms need the word `QueryBuilder` or `Separated` in the function: skip building the regex otherwise.
  const declared = (text.includes('QueryBuilder') || text.includes('Separated')) && new RegExp(String.raw`\b(let\s+(mut\s+)?${name}\s*(:\s*[\w:]*QueryBuilder\b[^=]*)?=\s*[\w:]*QueryBuilder\b|${name}\s*:\s*&\s*mut\s+[\w:]*(QueryBuilder|Separated)\b)`).test(text);
  declaredMemo?.set(key, declared);
  return declared;
}

export default defineRule({
  id: 'database/sql-injection',
  role: 'database',
  category: 'security',
  // Sinks: sqlx / diesel SQL fns, QueryBuilder, TEXT_METHODS (fetch*, execute*, query*, prepare*), builder pushes (QueryBuilder / Separated / `.separated`).
  requires: SQL_SINK_HINT,
  docs: {
    summary: 'SQL text built from runtime values (`format!`, `+`, `push_str`, `QueryBuilder::push`) and run as a raw query.',
    why: 'Whoever controls the interpolated value controls the query: a quote in a search box or a crafted sort parameter reads or rewrites any table. Bind values as parameters; pick identifiers from an allow-list.',
    bad: `pub async fn search(pool: &PgPool, q: &str) -> sqlx::Result<Vec<Product>> {
    let sql = format!("SELECT id, name FROM products WHERE name ILIKE '%{q}%'");
    sqlx::query_as(&sql).fetch_all(pool).await
}
`,
    good: `pub async fn search(pool: &PgPool, q: &str) -> sqlx::Result<Vec<Product>> {
    sqlx::query_as("SELECT id, name FROM products WHERE name ILIKE $1")
        .bind(format!("%{q}%"))
        .fetch_all(pool)
        .await
}
`,
    anchor: 'CodeQL rust/sql-injection (CWE-89); diesel::sql_query docs; sqlx QueryBuilder::push docs',
  },
  messages: {
    value: '{{names}} {{verb}} formatted into the SQL text run by `{{sink}}` (line {{sinkLine}}): a crafted value can rewrite the query',
    identifier: { text: '{{names}} {{verb}} interpolated into the SQL text run by `{{sink}}` (line {{sinkLine}}) as an identifier or keyword; unless it comes from a fixed list it can rewrite the query', category: 'suspicious' },
    push: '`{{sink}}` appends {{names}} to the SQL text itself: a crafted value can rewrite the query',
    pushIdentifier: { text: '`{{sink}}` appends {{names}} to the SQL text as an identifier or keyword; unless it comes from a fixed list it can rewrite the query', category: 'suspicious' },
  },
  help: 'Bind values as parameters (`$1` / `?` with `.bind(..)`, `push_bind`, `&[&value]`); map column names and sort directions through a `match` that returns string literals.',
  create(ctx) {
    /** Statements already reported: one finding per statement, naming every interpolated piece. */
    const reported = new Set<number>();
    /** Per function body and builder name: the builder's SQL pieces in the order they are appended. */
    const builders = new Map<string, BuilderPiece[]>();
    /** Per function body and identifier: declared there as a QueryBuilder (see `isQueryBuilderPush`). */
    const declaredBuilders = new Map<string, boolean>();

    interface Site {
      node: Node;
      kind: PieceKind;
      names: string[];
      /** `push`: a value appended to a QueryBuilder as it is; `sink`: formatted into the SQL text. */
      style: 'sink' | 'push';
    }

    /** Groups sites by statement (a chain of pushes, one `format!`) and reports each group once. */
    const emit = (sites: Site[], sink: string, sinkNode: Node) => {
      const groups = new Map<number, Site[]>();
      for (const site of sites) {
        const key = groupKey(site.node);
        if (reported.has(key)) continue;
        const group = groups.get(key);
        if (group) group.push(site);
        else groups.set(key, [site]);
      }
      for (const [key, group] of groups) {
        reported.add(key);
        group.sort((a, b) => a.node.startIndex - b.node.startIndex);
        const names = [...new Set(group.flatMap((g) => g.names))];
        const kind: PieceKind = group.some((g) => g.kind === 'value') ? 'value' : 'identifier';
        const push = group.some((g) => g.style === 'push');
        ctx.report({
          node: group[0]!.node,
          messageId: push ? (kind === 'value' ? 'push' : 'pushIdentifier') : kind,
          data: { names: names.map((n) => `\`${n}\``).join(', '), verb: names.length > 1 ? 'are' : 'is', sink, sinkLine: lineOf(sinkNode) },
        });
      }
    };
    const fromTaint = (sites: readonly TaintSite[]): Site[] => sites.map((s) => ({ node: s.site, kind: s.kind, names: s.names, style: 'sink' }));

    const check = (arg: Node, sink: string, sinkNode: Node, needSqlLooking: boolean) => {
      const body = enclosingFunction(sinkNode)?.childForFieldName('body');
      if (!body) return;
      if (assertedSafe(arg, body, ctx.imports)) return;
      const taint = new SqlTaint({ scope: body, reparse: (m) => ctx.reparseMacro(m) });
      taint.analyze(arg, sinkNode);
      if (!taint.sites.length) return;
      if (needSqlLooking && !looksLikeSql(taint.text)) return;
      emit(fromTaint(taint.sites), sink, sinkNode);
    };

    /** The SQL pieces of builder `name` in `body`: `QueryBuilder::new(..)` and each push, in order. */
    // The pieces of one builder: its `QueryBuilder::new(..)` text and every push through the same
    // binding (the model's scopes: a builder of the same name in another block is another builder).
    const builderPieces = (body: Node, root: Node): BuilderPiece[] => {
      const decl = resolveBinding(root);
      if (!decl) return [];
      const key = `${body.id}:${decl.node.id}:${decl.name}`;
      let pieces = builders.get(key);
      if (pieces) return pieces;
      pieces = [];
      const value = decl.kind === 'let' ? decl.value : null;
      if (value?.type === 'call_expression' && /(^|::)QueryBuilder::(new|with_arguments)$/.test(calleeText(value))) {
        const arg = value.childForFieldName('arguments')?.namedChildren[0];
        if (arg) pieces.push({ at: arg.startIndex, text: pieceSqlText(arg) });
      }
      for (const d of descendants(body)) {
        if (d.type !== 'call_expression') continue;
        const method = methodName(d);
        if (!method || !(isQueryBuilderTextPush(method) || isQueryBuilderBindPush(method))) continue;
        const at = builderRoot(d);
        if (at?.text !== decl.name || resolveBinding(at)?.node.id !== decl.node.id) continue;
        const arg = d.childForFieldName('arguments')?.namedChildren[0];
        if (arg) pieces.push({ at: arg.startIndex, text: isQueryBuilderBindPush(method) ? '$1' : pieceSqlText(arg) });
      }
      pieces.sort((a, b) => a.at - b.at);
      builders.set(key, pieces);
      return pieces;
    };

    /** Every QueryBuilder push of one statement (`qb.push(" ORDER BY ").push(sort).push(" ").push(dir)`), judged together. */
    const checkPushStatement = (call: Node, body: Node) => {
      const stmt = enclosingStatement(call) ?? call;
      const pushes = [stmt, ...descendants(stmt)].filter((d) => d.type === 'call_expression' && (enclosingStatement(d) ?? d).id === stmt.id && isQueryBuilderPush(d, body, declaredBuilders));
      const sites: Site[] = [];
      const sinkOf = (push: Node) => `${builderRoot(push)?.text ?? 'query_builder'}.${methodName(push)}(..)`;
      for (const push of pushes) {
        const first = push.childForFieldName('arguments')?.namedChildren[0];
        if (!first) continue;
        const arg = unwrapSqlArg(first);
        const root = builderRoot(push);
        const pieces = root ? builderPieces(body, root) : [];
        const preceding = pieces.filter((p) => p.at < first.startIndex).map((p) => p.text).join('');
        const following = pieces.find((p) => p.at > first.startIndex)?.text ?? '';
        const taint = new SqlTaint({ scope: body, reparse: (m) => ctx.reparseMacro(m) });
        if (arg.type === 'macro_invocation' || arg.type === 'binary_expression' || arg.type === 'identifier') {
          // A format!/+ argument is its own site; an identifier is judged like any interpolated value.
          taint.analyze(arg, push, 0, preceding);
          if (taint.sites.length) {
            sites.push(...fromTaint(taint.sites));
            continue;
          }
          if (arg.type !== 'identifier') continue;
        }
        // `qb.push(value)`: null when it cannot carry attacker text (a literal, a constant, a number, an
        // allow-list `match`, `sort.as_sql()` returning `&'static str`: the model's provenance); else where it lands.
        const kind = taint.classify(arg, preceding, following);
        if (kind) sites.push({ node: arg, kind, names: [arg.text.replace(/\s+/g, '')], style: 'push' });
        // `qb.push(conditions.join(" AND "))`: the parts pushed into `conditions` are judged where they enter.
        else sites.push(...fromTaint(taint.sites));
      }
      if (sites.length) emit(sites, sinkOf(pushes[0]!), call);
    };

    /**
     * A crate fn that runs a string parameter as SQL text (the model's sql-text.ts: it hands it to a
     * driver, to another such fn, or to a database's HTTP interface as the request body): what its
     * callers format into that argument is judged as at a driver's `execute(..)`.
     */
    const checkProjectSink = (call: Node) => {
      const sinks = ctx.model.sqlTextArgs(call);
      if (!sinks.size || ctx.isTest(call) || ctx.model.onlyInTests(call)) return;
      const fn = enclosingFunction(call);
      const body = fn?.childForFieldName('body');
      if (!fn || !body) return;
      const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a) => !a.type.endsWith('comment'));
      const name = methodName(call) ?? calleeText(call).replace(/\s+/g, '').split('::').pop()!;
      // A helper's callers often build its SQL from their own constants and numbers (a time bucket, a
      // quantile list): only text that carries what the fn was handed (a parameter, or a field
      // destructured from one) is judged here.
      const handed = namesHandedIn(fn, body);
      for (const position of sinks.keys()) {
        const arg = args[position];
        if (!arg || assertedSafe(arg, body, ctx.imports)) continue;
        const taint = new SqlTaint({ scope: body, reparse: (m) => ctx.reparseMacro(m) });
        taint.analyze(arg, call);
        if (!taint.sites.length || !looksLikeSql(taint.text) || !taint.sites.some((site) => site.names.some((n) => handed.has(n)))) continue;
        emit(fromTaint(taint.sites), `${name}(..)`, call);
      }
    };

    return {
      call_expression(call) {
        // Test code is skipped, but only asked once the call is a sink (`isTest` walks the ancestors).
        const method = methodName(call);
        if (method !== null && !TEXT_METHODS.has(method) && !isQueryBuilderTextPush(method)) return checkProjectSink(call);
        const args = call.childForFieldName('arguments')?.namedChildren ?? [];
        const first = args[0];
        if (!first) return;
        if (method === null) {
          const sqlx = sqlxQueryFn(call, ctx.imports);
          if (sqlx) return ctx.isTest(call) || ctx.model.onlyInTests(call) ? undefined : check(first, `sqlx::${sqlx}`, call, false);
          if (isDieselSqlQuery(call, ctx.imports)) return ctx.isTest(call) || ctx.model.onlyInTests(call) ? undefined : check(first, 'diesel::sql_query', call, false);
          const callee = ctx.imports.resolve(calleeText(call));
          if (/(^|::)QueryBuilder::new$/.test(callee)) return ctx.isTest(call) || ctx.model.onlyInTests(call) ? undefined : check(first, 'QueryBuilder::new', call, false);
          // sea-orm raw SQL: `Statement::from_string(DbBackend::Postgres, sql)`, the SQL second.
          if (/(^|::)Statement::(from_string|from_sql_and_values)$/.test(callee) && args[1] && (callee.startsWith('sea_orm::') || usesCrate(ctx.imports, 'sea_orm'))) {
            return ctx.isTest(call) || ctx.model.onlyInTests(call) ? undefined : check(args[1], `sea_orm::Statement::${callee.split('::').pop()}`, call, false);
          }
          if (/^diesel::dsl::sql$|^(dsl::)?sql$/.test(callee) && call.childForFieldName('function')?.type === 'generic_function') return ctx.isTest(call) || ctx.model.onlyInTests(call) ? undefined : check(first, 'diesel::dsl::sql', call, true);
          return checkProjectSink(call);
        }
        if (ctx.isTest(call) || ctx.model.onlyInTests(call)) return;
        const body = isQueryBuilderTextPush(method) ? enclosingFunction(call)?.childForFieldName('body') : undefined;
        if (body && isQueryBuilderPush(call, body, declaredBuilders)) return checkPushStatement(call, body);
        if (TEXT_METHODS.has(method)) check(first, `.${method}(..)`, call, true);
      },
    };
  },
});

/**
 * SQL text the developer explicitly asserted safe (`sqlx::query(AssertSqlSafe(format!(..)))`, or a
 * `let` bound to such a wrapper): an opt-in, like an `#[allow]`, judged by whoever wrote it.
 */
function assertedSafe(arg: Node, body: Node, imports: ImportMap): boolean {
  let node: Node | null = arg;
  while (node && (node.type === 'reference_expression' || node.type === 'parenthesized_expression')) node = node.namedChildren[node.namedChildren.length - 1] ?? null;
  if (node?.type === 'identifier') {
    const binding = resolveBinding(node);
    node = binding?.node.type === 'let_declaration' ? binding.value : null;
  }
  return node?.type === 'call_expression' && methodName(node) === null && isSqlSafetyAssertion(imports.resolveAt(calleeText(node), node));
}

/** The statement a site belongs to; each arm of a `match` building SQL counts on its own. */
function groupKey(node: Node): number {
  const stmt = enclosingStatement(node) ?? node;
  for (let a: Node | null = node; a && a.id !== stmt.id; a = a.parent) if (a.type === 'match_arm') return a.id;
  return stmt.id;
}

interface BuilderPiece {
  /** Start of the pushed argument (pieces are appended in this order). */
  at: number;
  /** The literal SQL, or `x` for a runtime piece. */
  text: string;
}

/** The SQL a builder piece adds, `x` standing for each runtime value. */
function pieceSqlText(arg: Node): string {
  const node = unwrapSqlArg(arg);
  // `format!(" ORDER BY {} ", col)`: its template, each interpolation standing for a runtime piece.
  if (node.type === 'macro_invocation' && /(^|::)format$/.test(macroName(node))) {
    const template = stringValue(macroSqlLiteral(node));
    return template === null ? 'x' : templateText(template, 'x');
  }
  return stringValue(node) ?? 'x';
}

/** The builder a push chain starts from: `qb` in `qb.push(..).push(..)` or `qb.separated(", ").push(..)`. */
function builderRoot(call: Node): Node | null {
  let root: Node | null = methodReceiver(call);
  while (root && root.type === 'call_expression' && methodName(root)) root = methodReceiver(root);
  return root?.type === 'identifier' ? root : null;
}

/** The fn's parameters and the names a `let` destructures straight from one (`let Info { id, name } = info;`). */
function namesHandedIn(fn: Node, body: Node): Set<string> {
  const out = new Set<string>();
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    const pattern = p.childForFieldName('pattern');
    if (pattern) for (const id of [pattern, ...descendants(pattern)]) if (id.type === 'identifier' || id.type === 'shorthand_field_identifier') out.add(id.text);
  }
  for (const d of descendants(body)) {
    if (d.type !== 'let_declaration') continue;
    const value = d.childForFieldName('value');
    const pattern = d.childForFieldName('pattern');
    const source = value?.type === 'reference_expression' ? value.namedChildren[value.namedChildren.length - 1] : value;
    if (!pattern || source?.type !== 'identifier' || !out.has(source.text)) continue;
    for (const id of [pattern, ...descendants(pattern)]) if (id.type === 'identifier' || id.type === 'shorthand_field_identifier') out.add(id.text);
  }
  return out;
}
