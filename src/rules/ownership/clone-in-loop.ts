import type { Node } from '../../rust/parser.js';
import { ancestors, lineOf, methodName } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { inside, usesOf, type Declaration } from './support/bindings.js';
import { cloneSource, describeCloned } from './support/clones.js';
import { repeatingContext } from './support/loops.js';
import { StructIndex } from './support/types.js';

/** Methods that take the copy apart by value: the elements are moved out, so a borrow would not do. */
const CONSUMING = /^(into_\w+|drain|take|unwrap\w*|expect)$/;
/** Read-only methods on the freshly cloned value: `catalog.clone().iter()` is `catalog.iter()`. */
const READ_ONLY = new Set(['iter', 'len', 'is_empty', 'contains', 'contains_key', 'get', 'keys', 'values', 'first', 'last', 'as_str', 'as_slice']);

/** Mutation of the source inside the loop body: then the value is not loop-invariant. */
function mutatedIn(text: string, body: Node): boolean {
  const name = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w.])${name}\\s*(\\.\\s*(push\\w*|insert|remove|retain|clear|extend|append|truncate|sort\\w*|dedup\\w*|drain|swap_remove|entry|get_mut|iter_mut|pop\\w*)\\s*\\(|[-+*/|&^]?=[^=>])|&mut\\s+${name}\\b|mem::(take|replace|swap)\\(&mut ${name}\\b`).test(body.text);
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
      if (isCall && !CONSUMING.test(field)) continue;
      if (!isCall && (p.parent?.type === 'field_expression' || p.parent?.type === 'reference_expression' || p.parent?.type === 'binary_expression')) continue;
      return false;
    }
    if (p?.type === 'binary_expression' || p?.type === 'index_expression') continue;
    return false;
  }
  return true;
}

export default defineRule({
  id: 'ownership/clone-in-loop',
  role: 'ownership',
  category: 'perf',
  docs: {
    summary: 'A loop-invariant collection, string or struct deep-cloned on every iteration, where borrowing it would do.',
    why: 'The clone copies every element (and every `String` inside them) once per item: for a catalog of N products and M subscribers that is N×M allocations per run, and the copy is only read. Borrowing costs nothing.',
    bad: 'fn digests(catalog: Vec<Product>, subscribers: &[Subscriber]) {\n    for s in subscribers {\n        let mut items = catalog.clone();\n        items.retain(|p| s.follows(&p.category));\n        send_digest(&s.email, &items);\n    }\n}\n',
    good: 'fn digests(catalog: Vec<Product>, subscribers: &[Subscriber]) {\n    for s in subscribers {\n        let items: Vec<&Product> = catalog.iter().filter(|p| s.follows(&p.category)).collect();\n        send_digest(&s.email, &items);\n    }\n}\n',
    anchor: 'Rust Performance Book, "Heap Allocations" (avoid clones in loops); clippy::redundant_clone',
  },
  messages: {
    clonePerIteration: '`{{source}}`{{type}} is deep-cloned on every iteration of the loop on line {{loopLine}}, and the copy `{{copy}}` is only read or trimmed; borrow `{{source}}` instead',
    cloneThenRead: '`{{source}}`{{type}} is deep-cloned on every iteration of the loop on line {{loopLine}} just to call `.{{method}}()`; call it on `{{source}}`',
  },
  help: 'Borrow the loop-invariant value (`.iter().filter(..)` into a `Vec<&T>`, or pass `&value`) instead of copying it for every item.',
  create(ctx) {
    let structs: StructIndex | undefined;
    return {
      call_expression(call) {
        const source = cloneSource(call);
        if (!source) return;
        structs ??= StructIndex.of(ctx.root);
        const cloned = describeCloned(source, structs);
        if (!cloned || cloned.cost !== 'heavy') return;
        const loop = repeatingContext(call, cloned.decl ? cloned.decl.scope : null);
        if (!loop || ctx.isTest(call)) return;
        if (cloned.decl && inside(cloned.decl.ident, loop)) return;
        const body = loop.childForFieldName('body') ?? loop;
        if (mutatedIn(cloned.text, body)) return;
        const type = cloned.type ? ` (\`${cloned.type.text}\`)` : '';
        const loopLine = lineOf(loop);
        const parent = call.parent;
        // `let copy = src.clone();` whose copy is only read or edited in place.
        if (parent?.type === 'let_declaration' && parent.childForFieldName('value')?.id === call.id && parent.parent?.type === 'block') {
          const pattern = parent.childForFieldName('pattern');
          const ident = pattern?.type === 'identifier' ? pattern : pattern?.type === 'mut_pattern' ? pattern.namedChildren[0] : null;
          if (ident?.type !== 'identifier') return;
          const decl: Declaration = { kind: 'let', name: ident.text, node: parent, ident, type: parent.childForFieldName('type'), value: call, scope: parent.parent, simple: true };
          if (!onlyBorrowed(decl)) return;
          ctx.report({ node: call, messageId: 'clonePerIteration', data: { source: cloned.text, type, loopLine, copy: ident.text } });
          return;
        }
        // `src.clone().iter()`: a whole copy for one read.
        if (parent?.type === 'field_expression' && parent.parent?.type === 'call_expression') {
          const method = methodName(parent.parent);
          if (method && READ_ONLY.has(method)) ctx.report({ node: call, messageId: 'cloneThenRead', data: { source: cloned.text, type, loopLine, method } });
        }
      },
    };
  },
});
