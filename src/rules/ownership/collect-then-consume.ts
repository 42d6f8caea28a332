import type { Node } from '../../rust/parser.js';
import { ancestors, calleeText, descendants, lineOf, methodChain, methodName, methodReceiver } from '../../rust/syntax.js';
import { isEagerOnPurpose, mentionsEffectfulCall } from '../../catalogue/effects.js';
import { CHAIN_ANSWERABLE_VEC_METHODS, INTO_ITERATOR_ARGUMENT_METHODS, VEC_INTO_ITER_ONLY_METHODS, vecAppendAsChain } from '../../catalogue/values.js';
import { derefTarget, parameterOfArgument } from '../../model/types.js';
import { temporaryScope } from '../../model/scopes.js';
import { defineRule } from '../define-rule.js';
import { inside, isVariableUse, loopsBetween, resolveBinding, usesOf } from '../../model/bindings.js';
import { chainSources, sourceUsedBetween } from '../../model/iteration.js';
import { typeHead } from '../../model/clone-cost.js';

/** Side effects inside the chain's closures (an effectful call, a spawn, async work, a macro): collecting first runs them all before the loop. */
const hasSideEffects = (text: string): boolean => mentionsEffectfulCall(text) || /\bspawn\b|\basync\b|\.await\b|!\s*\(/.test(text);
/** `.collect::<Vec<_>>()` call: true for the turbofish form, or when `annotation` says Vec. */
function collectsVec(call: Node, annotation: Node | null): boolean {
  if (methodName(call) !== 'collect') return false;
  const fn = call.childForFieldName('function');
  if (fn?.type === 'generic_function') return /^Vec\b/.test(fn.childForFieldName('type_arguments')?.namedChildren[0]?.text ?? '');
  return typeHead(annotation) === 'Vec';
}

/**
 * `.collect::<Batch<_>>()` where the file's `impl Deref for Batch` has `type Target = Vec<T>`: a
 * `Vec` under another name for every `&self` method (`len`, `is_empty`, `contains`). Its own
 * `IntoIterator` is its own code, so only those count. The collected type as written, or null.
 */
function collectsDerefVec(call: Node): string | null {
  const fn = call.childForFieldName('function');
  if (methodName(call) !== 'collect' || fn?.type !== 'generic_function') return null;
  const into = fn.childForFieldName('type_arguments')?.namedChildren[0];
  const head = into ? typeHead(into) : '';
  return head && /^Vec</.test(derefTarget(head, call) ?? '') ? into!.text : null;
}

/** Reasons the eager collect may be deliberate, looking at the chain that feeds it. */
function chainIsDeliberatelyEager(collect: Node): boolean {
  const { links } = methodChain(collect);
  if (links.some((l) => isEagerOnPurpose(l.name) || l.name === 'await' || l.name === '?')) return true;
  // Side effects in what the chain runs per item (a closure, or a block that builds one): collecting
  // runs them all first, and `.len()` / `.contains()` on the iterator would skip some.
  return links.some((l) => (l.args?.namedChildren ?? []).some((a) => hasSideEffects(a.text) || writesOutside(a)));
}

/** `seen += 1`, `last = x`, `&mut state` inside `node`, on a binding declared outside it. */
function writesOutside(node: Node): boolean {
  for (const d of descendants(node)) {
    if (d.type === 'reference_expression' && d.children.some((c) => c.type === 'mutable_specifier')) return true;
    if (d.type !== 'assignment_expression' && d.type !== 'compound_assignment_expr') continue;
    let target = d.childForFieldName('left');
    while (target && (target.type === 'field_expression' || target.type === 'index_expression' || target.type === 'unary_expression')) target = target.namedChildren[0] ?? null;
    if (!target || target.type !== 'identifier') return true;
    const decl = resolveBinding(target);
    if (!decl || !inside(decl.ident, node)) return true;
  }
  return false;
}

/**
 * `.collect::<Vec<String>>()`: a turbofish without `_` may be what fixes the types of the chain
 * (`.map(Into::into)`, `.parse()`); clippy::needless_collect leaves these alone too.
 */
function turbofishIsConcrete(collect: Node): boolean {
  const fn = collect.childForFieldName('function');
  if (fn?.type !== 'generic_function') return false;
  const args = fn.childForFieldName('type_arguments');
  return !!args && !/(^|[<,\s(&\[])_([>,\s)\]]|$)/.test(args.text);
}

/**
 * `v.into_iter()` used only as an iterator: chained into an adaptor or consumer at once (not
 * returned, stored, or asked for what only `vec::IntoIter` has).
 */
function usedAsIteratorOnly(intoIter: Node): boolean {
  const p = intoIter.parent;
  if (p?.type !== 'field_expression' || p.parent?.type !== 'call_expression') return false;
  const method = p.childForFieldName('field')?.text;
  return !!method && !VEC_INTO_ITER_ONLY_METHODS.has(method);
}

export default defineRule({
  id: 'ownership/collect-then-consume',
  role: 'ownership',
  category: 'style',
  requires: /\bcollect\b/,
  clippyLint: 'needless_collect',
  docs: {
    summary: 'An iterator collected into a `Vec` (or a type of the crate that derefs to one) only to be iterated once, counted, or checked for emptiness; items pushed or extended onto the end before the one pass count as part of the chain (`.chain(..)`).',
    why: 'The intermediate `Vec` is a heap allocation (and a copy of every element) that lives for one loop. Iterating the chain directly, or `.count()` / `.any(..)`, does the same work without it.',
    bad: `async fn dispatch(&self, event: &Event) -> Result<(), Error> {
    let targets = self.endpoints().await?;
    let subscribed: Vec<Endpoint> = targets
        .into_iter()
        .filter(|ep| ep.wants(&event.kind))
        .collect();
    for endpoint in subscribed {
        self.enqueue(endpoint).await?;
    }
    Ok(())
}
`,
    good: `async fn dispatch(&self, event: &Event) -> Result<(), Error> {
    let targets = self.endpoints().await?;
    for endpoint in targets.into_iter().filter(|ep| ep.wants(&event.kind)) {
        self.enqueue(endpoint).await?;
    }
    Ok(())
}
`,
    anchor: 'clippy::needless_collect',
  },
  messages: {
    loopOnce: '`{{name}}` is collected into a `Vec` only to be consumed once by the `for` loop on line {{loopLine}}; iterate the chain directly',
    iterOnce: '`{{name}}` is collected into a `Vec` only to be turned back into an iterator on line {{useLine}}; keep the iterator',
    countOnly: '`{{name}}` is collected into a `Vec` only for `.{{method}}()` on line {{useLine}}; use {{instead}} on the iterator',
    countsOnly: '`{{name}}` is collected into a `Vec` only for {{uses}}; count the iterator once (`.count()`) and keep the `usize`',
    appendedThenIterated: '`{{name}}` is collected into a `Vec` only to have items appended ({{appends}}) and be iterated once on line {{useLine}}; chain them onto the iterator instead (`{{chained}}`)',
    chain: '`.collect::<{{into}}>().{{method}}()` allocates a `Vec` only to {{what}}; use {{instead}} on the iterator',
    indexed: '`.collect::<Vec<_>>()[{{index}}]` allocates a `Vec` only to take one item; use `.nth({{index}})` on the iterator',
    intoIterArg: '`.collect::<Vec<_>>()` allocates a `Vec` only to hand it to `{{callee}}`, which takes any `IntoIterator`; pass the iterator itself',
  },
  help: 'Drop the intermediate `Vec`: iterators are lazy, so the loop (or `.count()` / `.any(..)`) can consume the chain directly.',
  create(ctx) {
    const instead: Record<string, string> = { len: '`.count()`', is_empty: '`.next().is_none()` (or `.any(..)`)', contains: '`.any(|x| ..)`' };

    function onLet(letDecl: Node): void {
      const pattern = letDecl.childForFieldName('pattern');
      const value = letDecl.childForFieldName('value');
      if (pattern?.type !== 'identifier' && pattern?.type !== 'mut_pattern') return;
      if (value?.type !== 'call_expression' || !collectsVec(value, letDecl.childForFieldName('type'))) return;
      if (chainIsDeliberatelyEager(value) || turbofishIsConcrete(value) || ctx.isTest(letDecl)) return;
      const decl = resolveBindingOfLet(letDecl);
      if (!decl) return;
      const uses = usesOf(decl);
      if (uses.length > 1) {
        // `v.push(x); v.extend(rest);` then one pass: the chain with those items chained on.
        const appends = appendsBeforeLast(uses, decl.scope);
        if (appends) {
          const last = uses[uses.length - 1]!;
          const consumer = last.inMacro ? null : consumedOnce(last.node, decl, letDecl, value);
          if (consumer && consumer.kind !== 'count') {
            const useLine = lineOf(consumer.kind === 'loop' ? consumer.node : last.node);
            ctx.report({ node: collectField(value), messageId: 'appendedThenIterated', data: { name: decl.name, appends: appends.map((a) => `\`.${a.method}(..)\``).join(', '), useLine, chained: appends.map((a) => `.chain(${a.chained})`).join('') } });
          }
          return;
        }
        // Every use only asks how many (`.len()`, `.is_empty()`), however often: a `usize` would do.
        const methods = uses.map((u) => countMethodOf(u.node, u.inMacro));
        if (methods.some((m) => !m)) return;
        const list = [...new Set(methods)].map((m) => `\`.${m}()\``).join(' and ');
        ctx.report({ node: collectField(value), messageId: 'countsOnly', data: { name: decl.name, uses: `${list} (${uses.length} uses)` } });
        return;
      }
      if (uses.length !== 1 || uses[0]!.inMacro) return;
      const use = uses[0]!.node;
      const consumer = consumedOnce(use, decl, letDecl, value);
      if (!consumer) return;
      const collectName = collectField(value);
      const name = decl.name;
      if (consumer.kind === 'loop') ctx.report({ node: collectName, messageId: 'loopOnce', data: { name, loopLine: lineOf(consumer.node) } });
      else if (consumer.kind === 'iter') ctx.report({ node: collectName, messageId: 'iterOnce', data: { name, useLine: lineOf(use) } });
      else ctx.report({ node: collectName, messageId: 'countOnly', data: { name, method: consumer.method, useLine: lineOf(use), instead: instead[consumer.method]! } });
    }

    /** How `use` consumes the collected Vec, when that one use is all a lazy chain must serve; else null. */
    function consumedOnce(use: Node, decl: NonNullable<ReturnType<typeof resolveBindingOfLet>>, letDecl: Node, value: Node): Consumer | null {
      const consumer = consumerOf(use);
      if (!consumer) return null;
      // A use inside a loop or closure (relative to the let) may run many times; a count or an
      // emptiness check is answered once, at the `let` (`let n = chain.count();`), however often it is read.
      const answeredAtLet = consumer.kind === 'count' && consumer.method !== 'contains';
      if (!answeredAtLet && (loopsBetween(use, decl.scope).length || [...ancestors(use)].some((a) => a.type === 'closure_expression' && !inside(letDecl, a)))) return null;
      // A lazy chain would keep borrowing what it reads until the Vec's consumer is done: any use
      // of those in between (a `drop(guard)`, a `&mut self` call, a write to the map) needs the
      // collect. A count is taken at once, where the `let` is, so it borrows nothing later.
      // `.any(|x| x == needle)` at the `let` needs the needle there already.
      if (consumer.kind === 'count' && consumer.method === 'contains' && !declaredBefore(use.parent!.parent!.childForFieldName('arguments'), letDecl)) return null;
      if (consumer.kind !== 'count') {
        // The iterator made at the use lives to the end of its statement (or on, when a `let` keeps it).
        const statement = temporaryScope(use);
        const until = consumer.kind === 'loop' ? consumer.node.endIndex : statement.type === 'let_declaration' ? decl.scope.endIndex : statement.endIndex;
        if (sourceUsedBetween(chainSources(value), decl.scope, letDecl.endIndex, until)) return null;
        if (consumer.kind === 'loop' && awaitsLoopVariable(consumer.node)) return null;
      }
      return consumer;
    }

    /** `chain.collect::<Vec<_>>()[0]`, `v.extend(chain.collect::<Vec<_>>())`: a Vec made for one item or one pass. */
    function collectedForOneUse(collect: Node): void {
      const parent = collect.parent;
      if (!parent || !collectsVec(collect, null) || chainIsDeliberatelyEager(collect) || turbofishIsConcrete(collect) || ctx.isTest(collect)) return;
      if (parent.type === 'index_expression' && parent.namedChildren[0]?.id === collect.id) {
        const index = parent.namedChildren[1];
        // A literal position (`[..]` is a slice of the Vec, not one item).
        if (index?.type === 'integer_literal') ctx.report({ node: collectField(collect), messageId: 'indexed', data: { index: index.text } });
        return;
      }
      if (parent.type !== 'arguments' || parent.parent?.type !== 'call_expression') return;
      const call = parent.parent;
      const method = methodName(call);
      const takesIterator = method ? INTO_ITERATOR_ARGUMENT_METHODS.has(method) : /^impl\s+IntoIterator\b/.test(parameterOfArgument(collect, ctx.model)?.type ?? '');
      if (!takesIterator) return;
      // The callee runs while the chain would still borrow what it reads: the receiver and the other
      // arguments must leave it alone (`v.extend(v.iter()..collect())` needs the Vec).
      const sources = chainSources(collect);
      if (sourceUsedBetween(sources, call, call.startIndex, collect.startIndex) || sourceUsedBetween(sources, call, collect.endIndex, call.endIndex)) return;
      ctx.report({ node: collectField(collect), messageId: 'intoIterArg', data: { callee: method ? `.${method}()` : calleeText(call) } });
    }

    return {
      let_declaration: onLet,
      call_expression(call) {
        if (methodName(call) === 'collect') collectedForOneUse(call);
        const method = methodName(call);
        if (!method || !CHAIN_ANSWERABLE_VEC_METHODS.has(method)) return;
        const recv = methodReceiver(call);
        if (recv?.type !== 'call_expression') return;
        const wrapper = method === 'len' || method === 'is_empty' || method === 'contains' ? collectsDerefVec(recv) : null;
        if ((!wrapper && !collectsVec(recv, null)) || chainIsDeliberatelyEager(recv) || turbofishIsConcrete(recv) || ctx.isTest(call)) return;
        if (method === 'into_iter') {
          // Iterated again at once: the rest of the statement must not touch what the first part borrows.
          if (!usedAsIteratorOnly(call)) return;
          const statement = temporaryScope(call);
          if (sourceUsedBetween(chainSources(recv), statement, recv.endIndex, statement.endIndex)) return;
        }
        const what = method === 'len' ? 'count it' : method === 'is_empty' ? 'check whether it is empty' : method === 'contains' ? 'search it once' : 'iterate it again';
        ctx.report({ node: collectField(recv), messageId: 'chain', data: { into: wrapper ?? 'Vec<_>', method, what, instead: instead[method] ?? 'the chain directly' } });
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

type Consumer = { kind: 'loop'; node: Node } | { kind: 'iter' } | { kind: 'count'; method: string };

/**
 * Every use but the last is a statement of its own in the let's block that appends to the Vec
 * (`v.push(x);`, `v.extend(rest);`): what each adds to a chain instead. Null when any use is not.
 */
function appendsBeforeLast(uses: readonly { node: Node; inMacro: boolean }[], block: Node): { method: string; chained: string }[] | null {
  const out: { method: string; chained: string }[] = [];
  for (const u of uses.slice(0, -1)) {
    const field = u.node.parent;
    const call = field?.parent;
    const method = field?.type === 'field_expression' && field.childForFieldName('value')?.id === u.node.id ? field.childForFieldName('field')?.text : undefined;
    const asChain = !u.inMacro && method ? vecAppendAsChain(method) : undefined;
    const args = call?.type === 'call_expression' ? call.childForFieldName('arguments')?.namedChildren ?? [] : [];
    if (!asChain || args.length !== 1 || call!.parent?.type !== 'expression_statement' || call!.parent.parent?.id !== block.id) return null;
    out.push({ method: method!, chained: asChain(args[0]!.text) });
  }
  return out;
}

/** How the single use consumes the Vec: a `for` loop, `.iter()`/`.into_iter()`, or a count/emptiness check. */
function consumerOf(use: Node): Consumer | null {
  let expr = use;
  if (expr.parent?.type === 'reference_expression') expr = expr.parent;
  const p = expr.parent;
  if (p?.type === 'for_expression' && p.childForFieldName('value')?.id === expr.id) return { kind: 'loop', node: p };
  if (expr.id === use.id && p?.type === 'field_expression' && p.parent?.type === 'call_expression') {
    const method = p.childForFieldName('field')?.text;
    const call = p.parent;
    if (method === 'len' || method === 'is_empty' || method === 'contains') return { kind: 'count', method };
    if (method === 'iter' || method === 'into_iter') {
      const loop = call.parent;
      if (loop?.type === 'for_expression' && loop.childForFieldName('value')?.id === call.id) return { kind: 'loop', node: loop };
      // `v.iter()` yields `&T` where the chain yields `T`, and borrows the Vec: only `into_iter()`
      // hands on the same items the chain would.
      return method === 'into_iter' && usedAsIteratorOnly(call) ? { kind: 'iter' } : null;
    }
  }
  return null;
}

/** Every binding `node` reads is declared before `stmt` (a literal reads none). */
function declaredBefore(node: Node | null, stmt: Node): boolean {
  if (!node) return false;
  for (const d of descendants(node)) {
    if (d.type !== 'identifier' || !isVariableUse(d)) continue;
    const decl = resolveBinding(d);
    if (decl && decl.ident.startIndex >= stmt.startIndex) return false;
  }
  return true;
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
  return c?.kind === 'count' && c.method !== 'contains' ? c.method : null;
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
