import type { Node } from '../../rust/parser.js';
import { ancestors, descendants, enclosingFunction, lineOf, methodChain, methodName, methodReceiver } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { inside, isVariableUse, loopsBetween, resolveBinding, usesOf } from '../../model/bindings.js';
import { typeHead } from './support/types.js';

/** Chain links that make collecting first necessary: a guard to release, work to start eagerly. */
const EAGER_ON_PURPOSE = new Set(['lock', 'try_lock', 'read', 'write', 'borrow', 'borrow_mut', 'get_mut', 'drain', 'spawn', 'spawn_blocking', 'spawn_local']);
/** Side effects inside the chain's closures: collecting first runs them all before the loop. */
const SIDE_EFFECTS = /\.(push|push_str|insert|remove|send|try_send|write|write_all|set|store|swap|fetch_add|fetch_sub|take|replace|clear|extend|append|lock|borrow_mut|execute|fetch_one|fetch_all|fetch_optional)\s*\(|\bspawn\b|\basync\b|\.await\b|!\s*\(/;
/** Mutation of a name in a loop body: `x.push(..)`, `x = ..`, `x += ..`, `&mut x` (a shadowing `let x = ..` is a new binding). */
const mutationOf = (name: string) =>
  new RegExp(`(^|[^\\w.])(?<!\\blet\\s+(mut\\s+)?)${name}(\\.\\w+)*\\s*(\\.\\s*(push|push_str|insert|remove|retain|clear|extend|append|truncate|sort\\w*|dedup\\w*|drain|swap_remove|entry|get_mut|iter_mut|set)\\s*\\(|[-+*/|&^]?=[^=])|&mut\\s+${name}\\b`);

/** `.collect::<Vec<_>>()` call: true for the turbofish form, or when `annotation` says Vec. */
function collectsVec(call: Node, annotation: Node | null): boolean {
  if (methodName(call) !== 'collect') return false;
  const fn = call.childForFieldName('function');
  if (fn?.type === 'generic_function') return /^Vec\b/.test(fn.childForFieldName('type_arguments')?.namedChildren[0]?.text ?? '');
  return typeHead(annotation) === 'Vec';
}

/** Reasons the eager collect may be deliberate, looking at the chain that feeds it. */
function chainIsDeliberatelyEager(collect: Node): boolean {
  const { links } = methodChain(collect);
  if (links.some((l) => EAGER_ON_PURPOSE.has(l.name) || l.name === 'await' || l.name === '?')) return true;
  for (const l of links) {
    for (const c of l.args?.namedChildren ?? []) {
      if (c.type === 'closure_expression' && SIDE_EFFECTS.test(c.text)) return true;
    }
  }
  return false;
}

/** Names the chain reads from its surroundings (its root and what its closures capture). */
function capturedNames(collect: Node): Set<string> {
  const names = new Set<string>();
  for (const d of descendants(collect)) {
    if (d.type === 'self') names.add('self');
    if (!isVariableUse(d)) continue;
    const decl = resolveBinding(d);
    // Bindings declared inside the chain (closure params) are not captures.
    if (decl && inside(decl.ident, collect)) continue;
    names.add(d.text);
  }
  return names;
}

export default defineRule({
  id: 'ownership/collect-then-consume',
  role: 'ownership',
  category: 'style',
  requires: /\bcollect\b/,
  clippyLint: 'needless_collect',
  docs: {
    summary: 'An iterator collected into a `Vec` only to be iterated once, counted, or checked for emptiness.',
    why: 'The intermediate `Vec` is a heap allocation (and a copy of every element) that lives for one loop. Iterating the chain directly, or `.count()` / `.any(..)`, does the same work without it.',
    bad: 'async fn dispatch(&self, event: &Event) -> Result<(), Error> {\n    let targets = self.endpoints().await?;\n    let subscribed: Vec<Endpoint> = targets\n        .into_iter()\n        .filter(|ep| ep.wants(&event.kind))\n        .collect();\n    for endpoint in subscribed {\n        self.enqueue(endpoint).await?;\n    }\n    Ok(())\n}\n',
    good: 'async fn dispatch(&self, event: &Event) -> Result<(), Error> {\n    let targets = self.endpoints().await?;\n    for endpoint in targets.into_iter().filter(|ep| ep.wants(&event.kind)) {\n        self.enqueue(endpoint).await?;\n    }\n    Ok(())\n}\n',
    anchor: 'clippy::needless_collect',
  },
  messages: {
    loopOnce: '`{{name}}` is collected into a `Vec` only to be consumed once by the `for` loop on line {{loopLine}}; iterate the chain directly',
    iterOnce: '`{{name}}` is collected into a `Vec` only to be turned back into an iterator on line {{useLine}}; keep the iterator',
    countOnly: '`{{name}}` is collected into a `Vec` only for `.{{method}}()` on line {{useLine}}; use {{instead}} on the iterator',
    countsOnly: '`{{name}}` is collected into a `Vec` only for {{uses}}; count the iterator once (`.count()`) and keep the `usize`',
    chain: '`.collect::<Vec<_>>().{{method}}()` allocates a `Vec` only to {{what}}; use {{instead}} on the iterator',
  },
  help: 'Drop the intermediate `Vec`: iterators are lazy, so the loop (or `.count()` / `.any(..)`) can consume the chain directly.',
  create(ctx) {
    const instead: Record<string, string> = { len: '`.count()`', is_empty: '`.next().is_none()` (or `.any(..)`)', contains: '`.any(|x| ..)`' };

    function onLet(letDecl: Node): void {
      const pattern = letDecl.childForFieldName('pattern');
      const value = letDecl.childForFieldName('value');
      if (pattern?.type !== 'identifier' && pattern?.type !== 'mut_pattern') return;
      if (value?.type !== 'call_expression' || !collectsVec(value, letDecl.childForFieldName('type'))) return;
      if (chainIsDeliberatelyEager(value) || ctx.isTest(letDecl)) return;
      const decl = resolveBindingOfLet(letDecl);
      if (!decl) return;
      const uses = usesOf(decl);
      if (uses.length > 1) {
        // Every use only asks how many (`.len()`, `.is_empty()`), however often: a `usize` would do.
        const methods = uses.map((u) => countMethodOf(u.node, u.inMacro));
        if (methods.some((m) => !m)) return;
        const list = [...new Set(methods)].map((m) => `\`.${m}()\``).join(' and ');
        ctx.report({ node: collectField(value), messageId: 'countsOnly', data: { name: decl.name, uses: `${list} (${uses.length} uses)` } });
        return;
      }
      if (uses.length !== 1 || uses[0]!.inMacro) return;
      const use = uses[0]!.node;
      // A use inside a loop or closure (relative to the let) may run many times.
      if (loopsBetween(use, decl.scope).length || [...ancestors(use)].some((a) => a.type === 'closure_expression' && !inside(letDecl, a))) return;
      const consumer = consumerOf(use);
      if (!consumer) return;
      const captured = capturedNames(value);
      if (consumer.kind === 'loop') {
        const body = consumer.node.childForFieldName('body')!;
        if (awaitsLoopVariable(consumer.node) || capturedMutated(captured, body, letDecl)) return;
      } else if (capturedUsedAfter(captured, letDecl, decl.scope)) return;
      const collectName = collectField(value);
      const name = decl.name;
      if (consumer.kind === 'loop') ctx.report({ node: collectName, messageId: 'loopOnce', data: { name, loopLine: lineOf(consumer.node) } });
      else if (consumer.kind === 'iter') ctx.report({ node: collectName, messageId: 'iterOnce', data: { name, useLine: lineOf(use) } });
      else ctx.report({ node: collectName, messageId: 'countOnly', data: { name, method: consumer.method, useLine: lineOf(use), instead: instead[consumer.method]! } });
    }

    /** The captured names must not be mutated in the loop body (a lazy chain would still borrow them). */
    function capturedMutated(captured: Set<string>, body: Node, letDecl: Node): boolean {
      for (const name of captured) {
        if (name === 'self') {
          const fn = enclosingFunction(letDecl);
          if (fn?.childForFieldName('parameters')?.namedChildren.some((p) => p.type === 'self_parameter' && /&\s*('\w+\s+)?mut/.test(p.text)) && /\bself\b/.test(body.text)) return true;
          continue;
        }
        if (mutationOf(name).test(body.text)) return true;
      }
      return false;
    }

    /** For non-loop consumers: the chain's sources must not be touched between collect and use. */
    function capturedUsedAfter(captured: Set<string>, letDecl: Node, scope: Node): boolean {
      const after = ctx.source.slice(letDecl.endIndex, scope.endIndex);
      return [...captured].some((name) => name !== 'self' && mutationOf(name).test(after));
    }

    return {
      let_declaration: onLet,
      call_expression(call) {
        const method = methodName(call);
        if (!method || !['len', 'is_empty', 'into_iter', 'iter', 'contains'].includes(method)) return;
        const recv = methodReceiver(call);
        if (recv?.type !== 'call_expression' || !collectsVec(recv, null) || chainIsDeliberatelyEager(recv) || ctx.isTest(call)) return;
        const what = method === 'len' ? 'count it' : method === 'is_empty' ? 'check whether it is empty' : method === 'contains' ? 'search it once' : 'iterate it again';
        ctx.report({ node: collectField(recv), messageId: 'chain', data: { method, what, instead: instead[method] ?? 'the chain directly' } });
      },
    };
  },
});

function resolveBindingOfLet(letDecl: Node) {
  const pattern = letDecl.childForFieldName('pattern')!;
  const ident = pattern.type === 'identifier' ? pattern : pattern.namedChildren[0];
  if (!ident) return null;
  // Resolve from just after the let: the declaration found must be this let.
  const d = { kind: 'let' as const, name: ident.text, node: letDecl, ident, type: letDecl.childForFieldName('type'), value: letDecl.childForFieldName('value'), scope: letDecl.parent!, simple: true };
  return letDecl.parent?.type === 'block' ? d : null;
}

/** How the single use consumes the Vec: a `for` loop, `.iter()`/`.into_iter()`, or a count/emptiness check. */
function consumerOf(use: Node): { kind: 'loop'; node: Node } | { kind: 'iter' } | { kind: 'count'; method: string } | null {
  let expr = use;
  if (expr.parent?.type === 'reference_expression') expr = expr.parent;
  const p = expr.parent;
  if (p?.type === 'for_expression' && p.childForFieldName('value')?.id === expr.id) return { kind: 'loop', node: p };
  if (expr.id === use.id && p?.type === 'field_expression' && p.parent?.type === 'call_expression') {
    const method = p.childForFieldName('field')?.text;
    const call = p.parent;
    if (method === 'len' || method === 'is_empty') return { kind: 'count', method };
    if (method === 'iter' || method === 'into_iter') {
      const loop = call.parent;
      if (loop?.type === 'for_expression' && loop.childForFieldName('value')?.id === call.id) return { kind: 'loop', node: loop };
      return { kind: 'iter' };
    }
  }
  return null;
}

/** `v.len()` / `v.is_empty()` (also as macro tokens): the count method the use calls, or null. */
function countMethodOf(use: Node, inMacro: boolean): string | null {
  // A token of an unparsed macro; a known macro's arguments are expressions (macro-graft.ts).
  if (inMacro && use.parent?.type === 'token_tree') {
    const dot = use.nextSibling;
    const name = dot?.text === '.' ? dot.nextSibling : null;
    const args = name?.nextSibling;
    const prev = use.previousSibling;
    if (prev && (prev.text === '.' || prev.text === '::')) return null;
    return name && /^(len|is_empty)$/.test(name.text) && args?.type === 'token_tree' && /^\(\s*\)$/.test(args.text) ? name.text : null;
  }
  const c = consumerOf(use);
  return c?.kind === 'count' ? c.method : null;
}

/** `for h in handles { h.await }`: collecting spawned handles first is how they run concurrently. */
function awaitsLoopVariable(loop: Node): boolean {
  const pattern = loop.childForFieldName('pattern');
  const body = loop.childForFieldName('body');
  if (!pattern || !body) return false;
  const names = [pattern, ...descendants(pattern)].filter((n) => n.type === 'identifier').map((n) => n.text);
  return names.some((n) => new RegExp(`\\b${n}(\\.\\w+(\\(\\))?)*\\s*\\.await`).test(body.text));
}

/** The `collect` identifier, so the finding sits on the `.collect()` line of a long chain. */
function collectField(call: Node): Node {
  let fn = call.childForFieldName('function');
  if (fn?.type === 'generic_function') fn = fn.childForFieldName('function');
  return fn?.childForFieldName('field') ?? call;
}
