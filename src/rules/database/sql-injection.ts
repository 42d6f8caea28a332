import type { Node } from '../../rust/parser.js';
import { calleeText, enclosingFunction, lineOf, methodName, methodReceiver } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { isDieselSqlQuery, looksLikeSql, PG_CLIENT_METHODS, SQLX_RUN_METHODS, sqlxQueryFn } from './support/rust-db.js';
import { SqlTaint, unwrapSqlArg, type TaintSite } from './support/sql-taint.js';

/** Methods whose first argument is SQL text when it is a string (sqlx Executor, tokio-postgres / deadpool Client). */
const TEXT_METHODS = new Set([...SQLX_RUN_METHODS, ...PG_CLIENT_METHODS]);

/** `qb.push(..)` on a sqlx QueryBuilder (or its `separated(..)`): the receiver chain tells us. */
function isQueryBuilderPush(call: Node, body: Node): boolean {
  if (!/^(push|push_unseparated)$/.test(methodName(call) ?? '')) return false;
  let root: Node | null = methodReceiver(call);
  while (root && root.type === 'call_expression' && methodName(root)) {
    if (methodName(root) === 'separated') return true;
    root = methodReceiver(root);
  }
  if (!root || root.type !== 'identifier') return false;
  const name = root.text;
  // Declared in this function as a QueryBuilder, or a parameter typed as one.
  const fn = body.parent;
  const declared = new RegExp(String.raw`\b(let\s+(mut\s+)?${name}\s*(:\s*[\w:]*QueryBuilder\b[^=]*)?=\s*[\w:]*QueryBuilder\b|${name}\s*:\s*&\s*mut\s+[\w:]*(QueryBuilder|Separated)\b)`);
  return declared.test(fn?.text ?? body.text);
}

export default defineRule({
  id: 'database/sql-injection',
  role: 'database',
  category: 'security',
  docs: {
    summary: 'SQL text built from runtime values (`format!`, `+`, `push_str`, `QueryBuilder::push`) and run as a raw query.',
    why: 'Whoever controls the interpolated value controls the query: a quote in a search box or a crafted sort parameter reads or rewrites any table. Bind values as parameters; pick identifiers from an allow-list.',
    bad: 'pub async fn search(pool: &PgPool, q: &str) -> sqlx::Result<Vec<Product>> {\n    let sql = format!("SELECT id, name FROM products WHERE name ILIKE \'%{q}%\'");\n    sqlx::query_as(&sql).fetch_all(pool).await\n}\n',
    good: 'pub async fn search(pool: &PgPool, q: &str) -> sqlx::Result<Vec<Product>> {\n    sqlx::query_as("SELECT id, name FROM products WHERE name ILIKE $1")\n        .bind(format!("%{q}%"))\n        .fetch_all(pool)\n        .await\n}\n',
    anchor: 'CodeQL rust/sql-injection (CWE-89); diesel::sql_query docs; sqlx QueryBuilder::push docs',
  },
  messages: {
    value: '{{names}} {{verb}} formatted into the SQL text run by `{{sink}}` (line {{sinkLine}}): a crafted value can rewrite the query',
    identifier: { text: '{{names}} {{verb}} interpolated into the SQL text run by `{{sink}}` (line {{sinkLine}}) as an identifier or keyword; unless it comes from a fixed list it can rewrite the query', category: 'suspicious' },
    push: '`{{sink}}` appends {{names}} to the SQL text itself: a crafted value can rewrite the query',
  },
  help: 'Bind values as parameters (`$1` / `?` with `.bind(..)`, `push_bind`, `&[&value]`); map column names and sort directions through a `match` that returns string literals.',
  create(ctx) {
    const reported = new Set<number>();
    const report = (site: TaintSite, sink: string, sinkNode: Node) => {
      if (reported.has(site.site.id)) return;
      reported.add(site.site.id);
      const names = site.names.map((n) => `\`${n}\``).join(', ');
      ctx.report({
        node: site.site,
        messageId: site.kind,
        data: { names, verb: site.names.length > 1 ? 'are' : 'is', sink, sinkLine: lineOf(sinkNode) },
      });
    };
    const check = (arg: Node, sink: string, sinkNode: Node, needSqlLooking: boolean) => {
      const body = enclosingFunction(sinkNode)?.childForFieldName('body');
      if (!body) return;
      const taint = new SqlTaint({ scope: body, reparse: (m) => ctx.reparseMacro(m) });
      taint.analyze(arg, sinkNode);
      if (!taint.sites.length) return;
      if (needSqlLooking && !looksLikeSql(taint.text)) return;
      for (const site of taint.sites) report(site, sink, sinkNode);
    };
    return {
      call_expression(call) {
        if (ctx.isTest(call)) return;
        const args = call.childForFieldName('arguments')?.namedChildren ?? [];
        const first = args[0];
        if (!first) return;
        const method = methodName(call);
        if (method === null) {
          const sqlx = sqlxQueryFn(call, ctx.imports);
          if (sqlx) return check(first, `sqlx::${sqlx}`, call, false);
          if (isDieselSqlQuery(call, ctx.imports)) return check(first, 'diesel::sql_query', call, false);
          const callee = ctx.imports.resolve(calleeText(call));
          if (/(^|::)QueryBuilder::new$/.test(callee)) return check(first, 'QueryBuilder::new', call, false);
          if (/^diesel::dsl::sql$|^(dsl::)?sql$/.test(callee) && call.childForFieldName('function')?.type === 'generic_function') return check(first, 'diesel::dsl::sql', call, true);
          return;
        }
        const body = enclosingFunction(call)?.childForFieldName('body');
        if (body && isQueryBuilderPush(call, body)) {
          const arg = unwrapSqlArg(first);
          const taint = new SqlTaint({ scope: body, reparse: (m) => ctx.reparseMacro(m) });
          taint.analyze(arg, call);
          if (arg.type === 'macro_invocation' || arg.type === 'binary_expression' || arg.type === 'identifier') {
            // A format!/+ argument is its own site; an identifier is judged like any interpolated value.
            for (const site of taint.sites) report(site, `${methodReceiver(call)?.text.replace(/\s+/g, '') ?? 'query_builder'}.${methodName(call)}(..)`, call);
            if (arg.type !== 'identifier' || taint.sites.length) return;
          }
          return checkPushedValue(arg, call, body);
        }
        if (TEXT_METHODS.has(method)) check(first, `.${method}(..)`, call, true);
      },
    };

    /** `qb.push(value)`: a plain variable, field or call pushed as SQL. */
    function checkPushedValue(arg: Node, call: Node, body: Node): void {
      if (/^(string_literal|raw_string_literal|integer_literal)$/.test(arg.type) || /^[A-Z][A-Z0-9_]*$/.test(arg.text)) return;
      const taint = new SqlTaint({ scope: body, reparse: (m) => ctx.reparseMacro(m) });
      // An allow-list `match`, a literal or a number bound to it is fine; so is `sort.as_sql()`
      // when this file defines `fn as_sql(&self) -> &'static str`.
      if (arg.type === 'identifier' && !taint.classifyName(arg.text, arg, '', '')) return;
      if (taint.isStaticStrMethodCall(arg)) return;
      if (reported.has(arg.id)) return;
      reported.add(arg.id);
      ctx.report({ node: arg, messageId: 'push', data: { sink: `${methodReceiver(call)?.text ?? 'query_builder'}.${methodName(call)}(..)`, names: `\`${arg.text.replace(/\s+/g, '')}\`` } });
    }
  },
});
