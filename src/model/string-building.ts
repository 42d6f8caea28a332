/**
 * How a `String` binding was built before a use: the `let` that made it, then what was appended to
 * or assigned to it, in source order (`let mut sql = ..; sql.push_str(..); sql += ..; sql = ..;
 * write!(sql, ..)`). A fact about the code; which pieces are safe where the text ends up (SQL values
 * or identifiers) is the asking rule's judgement.
 */
import { macroName } from '../rust/macros.js';
import type { Node } from '../rust/parser.js';
import { methodName, methodReceiver, preorderFrom } from '../rust/syntax.js';
import { inside, resolveBindingAt } from './bindings.js';

/** `&x`, `*x`, `(x)`: the place written, for `write!(&mut sql, ..)`'s first argument. */
function place(node: Node): Node {
  let cur = node;
  while ((cur.type === 'reference_expression' || cur.type === 'unary_expression' || cur.type === 'parenthesized_expression') && cur.namedChildren.length) cur = cur.namedChildren[cur.namedChildren.length - 1]!;
  return cur;
}

/**
 * The steps that built the string `use` names, before byte offset `before` in `scope` (the fn body):
 * the `let` the name resolves to at `use` by scope (bindings.ts: a `let` of an inner block that has
 * ended is another binding; `use` may sit in a macro's parsed arguments), then its `push_str` /
 * `push` calls, `+=` / `=` assignments and `write!` / `writeln!` invocations, in source order.
 * `reparse` gives a macro's arguments parsed.
 */
export function stringBuildingSteps(scope: Node, use: Node, before: number, reparse: (macro: Node) => Node[]): Node[] {
  const steps: Node[] = [];
  const name = use.text;
  const decl = resolveBindingAt(name, use, scope);
  const binding = decl?.kind === 'let' && decl.node.tree === scope.tree && inside(decl.node, scope) ? decl.node : null;
  // A step writes this binding, not another `let` of the same name in a block in between.
  const writes = (target: Node | null | undefined) => target?.text === name && resolveBindingAt(name, target, scope)?.ident.id === decl!.ident.id;
  for (const d of binding ? preorderFrom(binding, scope) : []) {
    if (d.startIndex >= before) break;
    if (d === binding) steps.push(d);
    else if (d.type === 'call_expression' && /^(push_str|push)$/.test(methodName(d) ?? '') && writes(methodReceiver(d))) steps.push(d);
    else if ((d.type === 'compound_assignment_expr' || d.type === 'assignment_expression') && writes(d.childForFieldName('left'))) steps.push(d);
    else if (d.type === 'macro_invocation' && /(^|::)write(ln)?$/.test(macroName(d))) {
      const first = reparse(d)[0];
      if (first && writes(place(first))) steps.push(d);
    }
  }
  return steps;
}
