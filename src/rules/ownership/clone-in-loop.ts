import type { Node } from '../../rust/parser.js';
import { consumesReceiver, COPY_METHODS, mentionOf } from '../../catalogue/values.js';
import { isMemReplacingFunction, keepsArgument, mutatesInPlace } from '../../catalogue/effects.js';
import { ancestors, calleeText, lineOf, methodChain, methodName, patternIdentifier } from '../../rust/syntax.js';
import { SHARED_BORROW_METHODS } from '../../catalogue/values.js';
import { namesNotHeavyType } from '../../catalogue/naming.js';
import { defineRule } from '../define-rule.js';
import { inside, usesOf, type Declaration } from '../../model/bindings.js';
import { cloneSource, describeCloned } from '../../model/clones.js';
import { repeatingContext } from '../../model/iteration.js';
import { StructIndex, cloneCost, derefType, typeHead, type Cost } from '../../model/clone-cost.js';
import type { ClonedThing } from '../../model/clones.js';

/**
 * Mutation of the source inside the loop body (an assignment, `&mut`, a method that changes it in
 * place, a `mem::take(&mut ..)`: the catalogue's effects.ts): then the value is not loop-invariant.
 */
function mutatedIn(text: string, body: Node): boolean {
  const name = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const code = body.text;
  if (new RegExp(`(?<![\\w.])${name}\\s*[-+*/|&^]?=[^=>]|&mut\\s+${name}\\b`).test(code)) return true;
  for (const m of code.matchAll(new RegExp(`(?<![\\w.])${name}\\s*\\.\\s*(\\w+)\\s*\\(`, 'g'))) if (mutatesInPlace(m[1]!)) return true;
  for (const m of code.matchAll(new RegExp(`mem::(\\w+)\\(&mut ${name}\\b`, 'g'))) if (isMemReplacingFunction(m[1]!)) return true;
  return false;
}

/**
 * Every use of the per-iteration copy only reads or edits it in place (method calls, `&copy`,
 * format arguments): nothing takes ownership, so the original could have been borrowed.
 */
function onlyBorrowed(decl: Declaration): boolean {
  const uses = usesOf(decl);
  if (!uses.length) return false;
  for (const u of uses) {
    if (u.inMacro) continue;
    const n = u.node;
    for (const a of ancestors(n)) {
      if (a.id === decl.scope.id) break;
      if (a.type === 'closure_expression' || a.type === 'async_block') {
        // Captured by a closure that the copy's method is given (`items.retain(|p| ..)`) is fine; a move closure is not.
        if (a.text.startsWith('move') || a.children.some((c) => c.type === 'move')) return false;
      }
    }
    const p = n.parent;
    if (p?.type === 'reference_expression') continue;
    if (p?.type === 'field_expression' && p.childForFieldName('value')?.id === n.id) {
      const field = p.childForFieldName('field')?.text ?? '';
      const isCall = p.parent?.type === 'call_expression' && p.parent.childForFieldName('function')?.id === p.id;
      if (isCall && !consumesReceiver(field)) continue;
      if (!isCall && (p.parent?.type === 'field_expression' || p.parent?.type === 'reference_expression' || p.parent?.type === 'binary_expression')) continue;
      return false;
    }
    if (p?.type === 'binary_expression' || p?.type === 'index_expression') continue;
    return false;
  }
  return true;
}

/**
 * A tuple struct's or an enum variant's constructor (`Set(..)`, `Some(..)`, `Value::Text(..)`: a
 * CamelCase last segment, by Rust's naming rules) moves its argument into the value it builds: each
 * item's value owns its copy, so no reference could be passed instead.
 */
const buildsValue = (callee: string): boolean => /(^|::)[A-Z][A-Za-z0-9]*$/.test(callee.replace(/::<.*>$/, ''));
/** The loop iterates a range (`for i in 0..n`, `(0..n).map(..)`) rather than items. */
function overRange(loop: Node): boolean {
  const strip = (n: Node | null | undefined): Node | null | undefined => (n?.type === 'parenthesized_expression' ? strip(n.namedChildren[0]) : n);
  if (loop.type === 'for_expression') return strip(loop.childForFieldName('value'))?.type === 'range_expression';
  const call = loop.parent?.parent;
  return call?.type === 'call_expression' && strip(methodChain(call).root)?.type === 'range_expression';
}

/** Names of the generic type parameters in scope (`fn f<T>`, `impl<S> X<S>`). */
function genericNames(node: Node): Set<string> {
  const out = new Set<string>();
  for (const a of ancestors(node)) {
    if (a.type !== 'function_item' && a.type !== 'impl_item' && a.type !== 'trait_item') continue;
    for (const c of a.childForFieldName('type_parameters')?.namedChildren ?? []) {
      const name = c.type === 'type_identifier' ? c.text : c.childForFieldName('name')?.text ?? c.namedChildren.find((x) => x.type === 'type_identifier')?.text;
      if (name) out.add(name);
    }
  }
  return out;
}

/**
 * The cost of passing `x.clone()` by value: `x: &T` clones the `T` behind the reference, and a
 * struct type declared in another file (a plain, non-generic name that does not look like state, a
 * handle or a `Copy` value) is assumed heavy: it is cloned whole for every item.
 */
function argumentCloneCost(call: Node, cloned: ClonedThing, structs: StructIndex): { cost: Cost; type: Node | null } {
  let type = cloned.type;
  if (type?.type === 'reference_type' && methodName(call) === 'clone') type = derefType(type);
  if (!type) return { cost: cloned.cost, type };
  const cost = type === cloned.type ? cloned.cost : cloneCost(type, structs);
  if (cost !== 'unknown') return { cost, type };
  if (type.type !== 'type_identifier' && type.type !== 'scoped_type_identifier') return { cost, type };
  const name = typeHead(type);
  if (structs.get(name) || name.length <= 2 || namesNotHeavyType(name) || genericNames(call).has(name)) return { cost, type };
  return { cost: 'heavy', type };
}

export default defineRule({
  id: 'ownership/clone-in-loop',
  role: 'ownership',
  category: 'perf',
  requires: mentionOf(COPY_METHODS),
  docs: {
    summary: 'A loop-invariant collection, string or struct deep-cloned on every iteration, where borrowing it would do.',
    why: 'The clone copies every element (and every `String` inside them) once per item: for a catalog of N products and M subscribers that is N×M allocations per run, and the copy is only read. Borrowing costs nothing.',
    bad: `fn digests(catalog: Vec<Product>, subscribers: &[Subscriber]) {
    for s in subscribers {
        let mut items = catalog.clone();
        items.retain(|p| s.follows(&p.category));
        send_digest(&s.email, &items);
    }
}
`,
    good: `fn digests(catalog: Vec<Product>, subscribers: &[Subscriber]) {
    for s in subscribers {
        let items: Vec<&Product> = catalog.iter().filter(|p| s.follows(&p.category)).collect();
        send_digest(&s.email, &items);
    }
}
`,
    anchor: 'Rust Performance Book, "Heap Allocations" (avoid clones in loops); clippy::redundant_clone',
  },
  messages: {
    clonePerIteration: '`{{source}}`{{type}} is deep-cloned on every iteration of the loop on line {{loopLine}}, and the copy `{{copy}}` is only read or trimmed; borrow `{{source}}` instead',
    cloneAsArgument: '`{{source}}`{{type}} is deep-cloned for every item of the loop on line {{loopLine}} only to be passed by value to `{{callee}}`; let it take a reference (or share one `Arc`) instead of a copy per item',
    cloneThenRead: '`{{source}}`{{type}} is deep-cloned on every iteration of the loop on line {{loopLine}} just to call `.{{method}}()`; call it on `{{source}}`',
  },
  help: 'Borrow the loop-invariant value (`.iter().filter(..)` into a `Vec<&T>`, or pass `&value`) instead of copying it for every item.',
  create(ctx) {
    let structs: StructIndex | undefined;

    /** `render(r, digest.clone())` in a loop over items / a per-item closure: a copy per item for one call. */
    function onArgument(call: Node, cloned: ClonedThing, index: StructIndex): void {
      const target = call.parent!.parent;
      if (target?.type !== 'call_expression' || keepsArgument(calleeText(target)) || buildsValue(calleeText(target))) return;
      const { cost, type } = argumentCloneCost(call, cloned, index);
      if (cost !== 'heavy') return;
      const loop = repeatingContext(call, cloned.decl ? cloned.decl.scope : null);
      if (!loop || loop.type === 'while_expression' || loop.type === 'loop_expression' || ctx.isTest(call) || ctx.model.onlyInTests(call)) return;
      if (cloned.decl && inside(cloned.decl.ident, loop)) return;
      // `for attempt in 0..3` / `(0..n).map(..)`: retries and worker pools, not a loop over items.
      if (overRange(loop)) return;
      // Futures built per item (`async move { .. }`, spawned tasks) need owned data.
      for (const a of ancestors(call)) {
        if (a.id === loop.id) break;
        if (a.type === 'async_block' || (a.type === 'closure_expression' && a.children.some((c) => c.type === 'move'))) return;
        if (a.type === 'call_expression' && /(^|[.:])spawn\w*$/.test(calleeText(a))) return;
      }
      if (mutatedIn(cloned.text, loop.childForFieldName('body') ?? loop)) return;
      const callee = calleeText(target);
      ctx.report({ node: call, messageId: 'cloneAsArgument', data: { source: cloned.text, type: type ? ` (\`${type.text}\`)` : '', loopLine: lineOf(loop), callee: callee.length > 40 ? `${callee.slice(0, 37)}...` : callee } });
    }

    return {
      call_expression(call) {
        const source = cloneSource(call);
        if (!source) return;
        structs ??= StructIndex.of(ctx.root);
        const cloned = describeCloned(source, structs);
        if (!cloned) return;
        if (call.parent?.type === 'arguments') {
          onArgument(call, cloned, structs);
          return;
        }
        if (cloned.cost !== 'heavy') return;
        const loop = repeatingContext(call, cloned.decl ? cloned.decl.scope : null);
        if (!loop || ctx.isTest(call) || ctx.model.onlyInTests(call)) return;
        if (cloned.decl && inside(cloned.decl.ident, loop)) return;
        const body = loop.childForFieldName('body') ?? loop;
        if (mutatedIn(cloned.text, body)) return;
        const type = cloned.type ? ` (\`${cloned.type.text}\`)` : '';
        const loopLine = lineOf(loop);
        const parent = call.parent;
        // `let copy = src.clone();` whose copy is only read or edited in place.
        if (parent?.type === 'let_declaration' && parent.childForFieldName('value')?.id === call.id && parent.parent?.type === 'block') {
          const pattern = parent.childForFieldName('pattern');
          const ident = patternIdentifier(pattern);
          if (ident?.type !== 'identifier') return;
          const decl: Declaration = { kind: 'let', name: ident.text, node: parent, ident, type: parent.childForFieldName('type'), value: call, scope: parent.parent, simple: true };
          if (!onlyBorrowed(decl)) return;
          ctx.report({ node: call, messageId: 'clonePerIteration', data: { source: cloned.text, type, loopLine, copy: ident.text } });
          return;
        }
        // `src.clone().iter()`: a whole copy for one read.
        if (parent?.type === 'field_expression' && parent.parent?.type === 'call_expression') {
          const method = methodName(parent.parent);
          // A method that only reads its receiver on the freshly cloned value: `catalog.clone().iter()` is `catalog.iter()`.
          if (method && SHARED_BORROW_METHODS.has(method)) ctx.report({ node: call, messageId: 'cloneThenRead', data: { source: cloned.text, type, loopLine, method } });
        }
      },
    };
  },
});
