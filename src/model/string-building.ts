/**
 * How a `String` binding was built before a use: the `let` that made it, then what was appended to
 * or assigned to it, in source order (`let mut sql = ..; sql.push_str(..); sql += ..; sql = ..;
 * write!(sql, ..)`). A fact about the code; which pieces are safe where the text ends up (SQL values
 * or identifiers) is the asking rule's judgement.
 */
import { macroName } from '../rust/macros.js';
import type { Node } from '../rust/parser.js';
import { lastBefore, letsBinding, methodName, methodReceiver, preorderFrom } from '../rust/syntax.js';

/** `&x`, `*x`, `(x)`: the place written, for `write!(&mut sql, ..)`'s first argument. */
function place(node: Node): Node {
  let cur = node;
  while ((cur.type === 'reference_expression' || cur.type === 'unary_expression' || cur.type === 'parenthesized_expression') && cur.namedChildren.length) cur = cur.namedChildren[cur.namedChildren.length - 1]!;
  return cur;
}

/**
 * The steps that built `name` before byte offset `before` in `scope`: the last `let` of it there (a
 * later `let` shadows the earlier ones), then its `push_str` / `push` calls, `+=` / `=` assignments
 * and `write!` / `writeln!` invocations, in source order. `reparse` gives a macro's arguments parsed.
 */
export function stringBuildingSteps(scope: Node, name: string, before: number, reparse: (macro: Node) => Node[]): Node[] {
  const steps: Node[] = [];
  const binding = lastBefore(letsBinding(scope, name), before);
  for (const d of binding ? preorderFrom(binding, scope) : []) {
    if (d.startIndex >= before) break;
    if (d === binding) steps.push(d);
    else if (d.type === 'call_expression' && /^(push_str|push)$/.test(methodName(d) ?? '') && methodReceiver(d)?.text === name) steps.push(d);
    else if ((d.type === 'compound_assignment_expr' || d.type === 'assignment_expression') && d.childForFieldName('left')?.text === name) steps.push(d);
    else if (d.type === 'macro_invocation' && /(^|::)write(ln)?$/.test(macroName(d))) {
      const first = reparse(d)[0];
      if (first && place(first).text === name) steps.push(d);
    }
  }
  return steps;
}
