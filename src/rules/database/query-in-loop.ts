import type { Node } from '../../rust/parser.js';
import type { ImportMap } from '../../rust/imports.js';
import { chainTop, descendants, isAsyncClosure, isNestedItem, methodName, methodReceiver } from '../../rust/syntax.js';
import { isPerItemClosure, walksTraitObjects } from '../../model/iteration.js';
import { walksEnumVariants } from '../../model/enum-items.js';
import { defineRule } from '../define-rule.js';
import { dbRun, poolHelperCall, sqlShape, type HelperQuery } from '../../model/queries.js';
import type { FileModel } from '../../model/index.js';
import { mentionsConcurrentJoin, mentionsRetry } from '../../catalogue/executor.js';
import { provenanceIn } from '../../model/provenance.js';
import { collectedForConcurrentJoin } from '../../model/futures.js';
import { sentRequest } from '../../model/facts.js';
import { memoisedByKey } from '../../model/memoised.js';
import { writesOnlyMissing } from '../../model/only-missing.js';
import { loopLengthCapped } from '../../model/length-caps.js';
import { AWAITING_ADAPTERS, PER_ITEM_WORK_ADAPTERS } from '../../catalogue/values.js';

/** Iterator / stream adapters whose closure runs once per item, and those that await their closures themselves (no join needed to make it an N+1). */
const PER_ITEM = PER_ITEM_WORK_ADAPTERS;
const AWAITING = AWAITING_ADAPTERS;

interface LoopContext {
  /** The `for` / `while` / `loop`, or the adapter call (`ids.iter().map(..)`). */
  node: Node;
  /** How the message names it (made only for a finding: the context is asked for every call). */
  describe(): string;
}

/** Per-file memos of the ancestor walks the rule repeats for every call (keyed by node id). */
interface Walks {
  /** `enclosingLoopBody`, memoised. */
  loopBody(node: Node): Node | null;
  /** The nearest enclosing `closure_expression` or `function_item`. */
  closureOrFn(node: Node): Node | null;
  /** Whether the text of `node` mentions a concurrency combinator (the catalogue's joins). */
  concurrent(node: Node): boolean;
  /** The nearest enclosing `function_item`. */
  enclosingFn(node: Node): Node | null;
}

function fileWalks(): Walks {
  const loops = new Map<number, Node | null>();
  const closures = new Map<number, Node | null>();
  const concurrency = new Map<number, boolean>();
  // Both walks give every node the answer of its parent unless the parent decides: fill the chain walked.
  const loopBody = (node: Node): Node | null => {
    const chain: Node[] = [];
    let result: Node | null = null;
    for (let cur = node; ; ) {
      const hit = loops.get(cur.id);
      if (hit !== undefined) {
        result = hit;
        break;
      }
      chain.push(cur);
      const a = cur.parent;
      if (!a || a.type === 'function_item' || a.type === 'closure_expression' || a.type === 'async_block') break;
      if ((a.type === 'for_expression' || a.type === 'while_expression' || a.type === 'loop_expression') && a.childForFieldName('body')?.id === cur.id) {
        result = a;
        break;
      }
      cur = a;
    }
    for (const c of chain) loops.set(c.id, result);
    return result;
  };
  const closureOrFn = (node: Node): Node | null => {
    const chain: Node[] = [];
    let result: Node | null = null;
    for (let cur = node; ; ) {
      const hit = closures.get(cur.id);
      if (hit !== undefined) {
        result = hit;
        break;
      }
      chain.push(cur);
      const a = cur.parent;
      if (!a) break;
      if (a.type === 'function_item' || a.type === 'closure_expression') {
        result = a;
        break;
      }
      cur = a;
    }
    for (const c of chain) closures.set(c.id, result);
    return result;
  };
  const concurrent = (node: Node): boolean => {
    let hit = concurrency.get(node.id);
    if (hit === undefined) concurrency.set(node.id, (hit = mentionsConcurrentJoin(node.text)));
    return hit;
  };
  const enclosingFn = (node: Node): Node | null => {
    let a = closureOrFn(node);
    while (a && a.type !== 'function_item') a = closureOrFn(a);
    return a;
  };
  return { loopBody, closureOrFn, concurrent, enclosingFn };
}

function describeFor(loop: Node): string {
  const pattern = loop.childForFieldName('pattern')?.text ?? '_';
  const value = loop.childForFieldName('value')?.text.replace(/\s+/g, ' ') ?? '';
  return `\`for ${pattern} in ${value.length > 30 ? `${value.slice(0, 27)}...` : value}\``;
}

/** The loop or per-item closure the query runs in, within its own function. */
function perItemContext(call: Node, walks: Walks): LoopContext | null {
  const loop = walks.loopBody(call);
  if (loop) {
    if (loop.type === 'for_expression') return { node: loop, describe: () => describeFor(loop) };
    // `loop` / `while`: workers, consumers of a channel, polling. Only a row stream is per-item work.
    if (loop.type === 'while_expression' && /\.try_next\(\)/.test(loop.childForFieldName('condition')?.text ?? '')) return { node: loop, describe: () => 'this `while let` over a row stream' };
    return null;
  }
  const a = walks.closureOrFn(call);
  if (!a || a.type === 'function_item') return null;
  const adapter = a.parent?.type === 'arguments' ? a.parent.parent : null;
  const name = adapter?.type === 'call_expression' ? methodName(adapter) : null;
  if (!adapter || !name || !PER_ITEM.has(name)) return null;
  // A lazy adapter runs an async query only when its futures are joined; a synchronous query (diesel,
  // postgres) in a sync closure over an iterator runs once per item as soon as the chain is consumed.
  if (!AWAITING.has(name) && !(isPerItemClosure(a) && syncClosure(a))) {
    const fn = walks.enclosingFn(adapter);
    if (!walks.concurrent(fn ?? chainTop(adapter))) return null;
  }
  return { node: adapter, describe: () => `\`.${name}(..)\` over each item` };
}

/** A closure whose body runs its calls itself (not `|x| async move { .. }`, which returns a future). */
function syncClosure(closure: Node): boolean {
  if (isAsyncClosure(closure)) return false;
  const body = closure.childForFieldName('body');
  return body?.type !== 'async_block' && !(body?.type === 'block' && body.namedChildren.length === 1 && body.namedChildren[0]!.type === 'async_block');
}

/**
 * Loops that are not N+1: retries, paginated batches, fixed lists (literal, const, a `let` of one), the registered implementations of a trait,
 * chunked batches, a list of statements each run once (the SQL text is the loop's item), a collection capped at a few items.
 */
function isBenignLoop(ctx: LoopContext, run: { sql: string | null; sqlArg?: Node | null }, runsStatements: (loop: Node) => boolean, model: FileModel, imports: ImportMap): boolean {
  const loop = ctx.node;
  const shape = run.sql ? sqlShape(run.sql) : null;
  if (shape?.boundedByInput) return true;
  if (callsAnotherServicePerItem(loop, model, imports)) return true;
  // A collection the fn caps at a few items before the loop (`if ids.len() > 10 { return Err(..) }`, `.take(5)`).
  if ((loop.type === 'for_expression' || loop.type === 'call_expression') && loopLengthCapped(loop)) return true;
  if (loop.type === 'for_expression') {
    const value = loop.childForFieldName('value');
    if (value && (value.type === 'array_expression' || /^&?\[/.test(value.text) || /\.chunks(_exact)?\(/.test(value.text) || /^\d+\s*\.\.=?\s*\d+$/.test(value.text))) return true;
    // The model knows what the loop walks: a fixed list runs a fixed number of queries.
    if (provenanceIn(loop).loopSource(loop) === 'constant') return true;
    // The implementations a program registered (`for forge in &self.forges`, `Vec<Box<dyn Forge>>`): a handful, not rows.
    if (walksTraitObjects(loop, (field) => model.fieldTypes(field))) return true;
    // Values of a fieldless enum (`algorithms: impl Iterator<Item = Compression>`): a handful of variants, not rows.
    if (walksEnumVariants(loop, model)) return true;
    // A loop running a list of statements (also the error bookkeeping beside each).
    if ((run.sqlArg && sqlIsLoopItem(loop, run.sqlArg)) || runsStatements(loop)) return true;
  }
  if (loop.type === 'loop_expression' || loop.type === 'while_expression') {
    if (shape?.hasLimit) return true; // keyset / batch pagination
    if (mentionsRetry(loop.childForFieldName('body')?.text ?? loop.text)) return true;
  }
  if (loop.type === 'for_expression' && mentionsRetry(loop.childForFieldName('pattern')?.text ?? '')) return true;
  return false;
}

/**
 * Each item of the loop already makes its own request to another service (`client.post(url).send()`,
 * a crate fn whose result carries such a request's error), and the query records what that request
 * did (delete the delivered entry, reschedule the failed one): the round trip per item is the
 * request's, which no batching of the queries removes.
 */
function callsAnotherServicePerItem(loop: Node, model: FileModel, imports: ImportMap): boolean {
  const body = loop.type === 'call_expression' ? loop.childForFieldName('arguments') : loop.childForFieldName('body');
  if (!body) return false;
  return body.descendantsOfType('call_expression').some((c) => c.parent?.type === 'await_expression' && (!!sentRequest(c, imports) || !!model.outboundCall(c)));
}

/** `for stmt in statements { sqlx::query(stmt) .. }`: each iteration runs another statement, not the same query per item. */
function sqlIsLoopItem(loop: Node, sqlArg: Node): boolean {
  let arg: Node | null = sqlArg;
  for (;;) {
    if (!arg) return false;
    if (arg.type === 'reference_expression' || arg.type === 'unary_expression' || arg.type === 'parenthesized_expression') arg = arg.namedChildren[arg.namedChildren.length - 1] ?? null;
    else if (arg.type === 'field_expression') arg = arg.childForFieldName('value');
    else if (arg.type === 'call_expression' && methodName(arg) !== null && !(arg.childForFieldName('arguments')?.namedChildren.length)) arg = methodReceiver(arg);
    else break;
  }
  if (arg.type !== 'identifier') return false;
  const pattern = loop.childForFieldName('pattern');
  return !!pattern && (pattern.text === arg.text || pattern.descendantsOfType('identifier').some((i) => i.text === arg!.text));
}

/** The query adds rows: its SQL is an `INSERT`, or (diesel, no text) its chain is an `insert_into(..)`. */
function insertsRows(run: { sql: string | null }, call: Node): boolean {
  return run.sql ? sqlShape(run.sql).verb === 'INSERT' : /\binsert_into\s*\(/.test(chainTop(call).text);
}

/** An argument that is a transaction: per-row work inside one transaction is a choice, not an N+1. */
const TX_ARG = /^&?\s*(mut\s+)?\*?\s*(\w+\.)*(tx|txn|trx|transaction|db_tx)$/;

/**
 * A call to a crate fn (this file or another) whose work is a query: `self.balance_of(id)`,
 * `repo.load_one(id)` (`repo: &Repo`), `self.store.find(id)`, `Self::load(..)`, `db::releases(..)`.
 * The model resolves it by path or receiver type (a parameter, a typed or constructed `let`, a field).
 */
function helperCall(call: Node, model: FileModel, walks: Walks, syncPerItem: boolean): HelperQuery | null {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  if (args.some((a) => TX_ARG.test(a.text.replace(/\s+/g, ' ').trim()))) return null;
  const own = walks.enclosingFn(call);
  // Awaited, the future of a per-item closure, or a blocking (diesel) helper called in a `for`.
  const awaitedOrReturned = call.parent?.type === 'await_expression' || call.parent?.type === 'closure_expression';
  const inFor = syncPerItem || walks.loopBody(call)?.type === 'for_expression';
  const ownLine = own ? own.startPosition.row + 1 : -1;
  let q: HelperQuery | undefined;
  for (const target of model.knownCallees(call)) {
    if (target.file.path === model.path && target.fn.line === ownLine) continue;
    if (!awaitedOrReturned && (target.fn.async || !inFor)) continue;
    if (target.fn.queryHelper) q = target.fn.queryHelper;
    // A helper whose query is in a crate fn it calls (`job.enqueue(conn)` over `insert_job(..)`), in any crate of the workspace.
    const deeper = q ? undefined : model.summary(target).runsQuery;
    if (deeper) q = { label: deeper.call, sql: deeper.sql ?? null };
    if (q) break;
  }
  if (!q) return null;
  const callee = (call.childForFieldName('function')?.text ?? '').replace(/\s+/g, '');
  return { label: `${callee.length > 40 ? `..${callee.slice(-38)}` : callee}(..)`, sql: q.sql };
}

export default defineRule({
  id: 'database/query-in-loop',
  role: 'database',
  category: 'perf',
  // A loop or a per-item adapter (the query itself may be in a helper of another file).
  requires: new RegExp(`\\b(for|while)\\b|\\.(${[...PER_ITEM_WORK_ADAPTERS].join('|')})\\b`),
  docs: {
    summary: 'A query run once per item of a loop or iterator chain (N+1 round trips).',
    why: 'Each iteration waits for its own round trip, so a page of 100 orders costs 101 queries; spread over `join_all` / `buffer_unordered` it also takes up to N pooled connections at once and starves the other requests.',
    bad: `pub async fn with_items(pool: &PgPool, orders: Vec<Order>) -> sqlx::Result<Vec<(Order, Vec<Item>)>> {
    let mut out = Vec::new();
    for order in orders {
        let items = sqlx::query_as::<_, Item>("SELECT * FROM order_items WHERE order_id = $1")
            .bind(order.id)
            .fetch_all(pool)
            .await?;
        out.push((order, items));
    }
    Ok(out)
}
`,
    good: `pub async fn with_items(pool: &PgPool, ids: &[Uuid]) -> sqlx::Result<Vec<Item>> {
    sqlx::query_as::<_, Item>("SELECT * FROM order_items WHERE order_id = ANY($1)")
        .bind(ids)
        .fetch_all(pool)
        .await
}
`,
    anchor: 'sqlx FAQ: "How can I do a SELECT ... WHERE foo IN (...) query?" (= ANY($1)); UNNEST for bulk inserts',
  },
  messages: {
    loop: '`{{query}}` runs once per iteration of {{loop}}: one database round trip per item (N+1)',
    loopOnce: {
      text: '`{{query}}` runs once per iteration of {{loop}}: one database round trip per item; this code runs once (start-up or a command), so the N round trips cost that run, not each request',
      category: 'style',
    },
  },
  help: 'Fetch all rows at once (`WHERE id = ANY($1)` with the collected ids, or a JOIN) and group them in memory; batch writes with `UNNEST($1::type[], ..)` or `QueryBuilder::push_values`.',
  create(ctx) {
    const reportedLoops = new Set<number>();
    /** Per `for` loop: some query in its body runs the loop's item as its SQL text (a list of statements). */
    const statementLoops = new Map<number, boolean>();
    const runsStatements = (loop: Node): boolean => {
      let known = statementLoops.get(loop.id);
      if (known === undefined) {
        known = loop.descendantsOfType('call_expression').some((c) => {
          const arg = dbRun(c, ctx.imports, ctx.root)?.sqlArg;
          return !!arg && sqlIsLoopItem(loop, arg);
        });
        statementLoops.set(loop.id, known);
      }
      return known;
    };
    const walks = fileWalks();
    return {
      call_expression(call) {
        // Only a call in a loop or a per-item closure can be an N+1: most calls are not, and that is
        // cheaper to know (memoised ancestor walks) than whether the call runs a query.
        const loop = perItemContext(call, walks);
        if (!loop) return;
        const run = dbRun(call, ctx.imports, ctx.root) ?? (() => {
          if (walks.loopBody(call)?.type === 'while_expression') return null;
          const helper = poolHelperCall(call);
          if (helper) return { label: helper, sql: null };
          if (!/^(call_expression|await_expression|closure_expression|try_expression|let_declaration|expression_statement)$/.test(call.parent?.type ?? '')) return null;
          const closure = loop.node.type === 'call_expression' ? walks.closureOrFn(call) : null;
          const syncPerItem = closure?.type === 'closure_expression' && isPerItemClosure(closure) && syncClosure(closure);
          return helperCall(call, ctx.model, walks, syncPerItem);
        })();
        // A statement prepared before the loop and run per item is how sync drivers batch (rusqlite, postgres).
        if (!run || ('prepared' in run && run.prepared) || ctx.isTest(call) || ctx.model.onlyInTests(call)) return;
        // Code that runs once (start-up before serving, a command of a command-line tool) pays its
        // round trips once, not per request: a note, since a batch still saves that run N round
        // trips (crates.io batched its admin `sync-index` command's one INSERT per crate).
        const once = ctx.model.executionContext(call) === 'startup';
        if (reportedLoops.has(loop.node.id) || isBenignLoop(loop, run, runsStatements, ctx.model, ctx.imports)) return;
        // Run on a cache miss and stored in that cache: once per distinct key, not once per item.
        if (memoisedByKey(call, loop.node)) return;
        // Inserts of only the items a lookup of all of them before the loop found missing (get-or-create): the reads are batched, the writes are the misses.
        if (insertsRows(run, call) && writesOnlyMissing(call, loop.node, ctx.imports, ctx.root)) return;
        // `futs.push(query.execute(pool))` then `try_join_all(futs)`: the loop awaits nothing, the queries overlap at the join.
        if (loop.node.type === 'for_expression' && collectedForConcurrentJoin(call)) return;
        reportedLoops.add(loop.node.id);
        // Report where the query statement starts (the `let items = sqlx::query..` line).
        let start = chainTop(call);
        while (start.parent && start.parent.type !== 'block' && start.parent.type !== 'closure_expression' && start.parent.type !== 'async_block' && start.parent.startPosition.row >= loop.node.startPosition.row && start.parent.id !== loop.node.id && start.parent.type !== 'arguments') start = start.parent;
        ctx.report({ node: start, messageId: once ? 'loopOnce' : 'loop', data: { query: run.label, loop: loop.describe() } });
      },
    };
  },
});
