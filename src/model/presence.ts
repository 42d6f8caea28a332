/**
 * Whether an `Option` / `Result` (or the element of a collection) is proven present where it is
 * unwrapped, by a check the code makes first: `if x.is_some() { x.unwrap() }`, an early exit
 * `if v.is_empty() { return .. }` before `v.first().unwrap()`, `if v.len() != 1 { bail!(..) }` before
 * `v.into_iter().next().expect(..)`, `if m.contains_key(k) { m.get(k).unwrap() }`, an
 * `assert!(!v.is_empty())` above. clippy's `unnecessary_unwrap` territory: the `unwrap` cannot panic,
 * so it is not a failure a reviewer should ask to handle.
 *
 * Syntax only, within one fn body: conditions are read as facts that hold in the branch taken (and
 * after an `if` whose branch leaves the block). A subject reassigned or emptied between the check
 * and the use (`x = ..`, `v.clear()`, `opt.take()`) is not proven any more.
 */
import { PRESENCE_PRESERVING_METHODS } from '../catalogue/errors.js';
import { EARLY_EXIT_MACROS, EMPTYING_METHODS, ELEMENT_METHODS, KEYED_LOOKUP_METHODS } from '../catalogue/values.js';
import { macroName, reparseMacroArguments, reparsedArguments } from '../rust/macros.js';
import type { Node } from '../rust/parser.js';
import { descendants, methodName, methodReceiver } from '../rust/syntax.js';

/** What has to hold for an unwrap to be safe, and what a condition can establish. */
type Fact =
  /** `x` is `Some` / `Ok`. */
  | { kind: 'present'; subject: string }
  /** The collection `x` has at least one element. */
  | { kind: 'nonEmpty'; subject: string }
  /** The map `m` holds the key `k`. */
  | { kind: 'hasKey'; subject: string; key: string };

const compact = (s: string): string => s.replace(/\s+/g, '').replace(/^[&*]+(mut)?/, '');

const sameFact = (a: Fact, b: Fact): boolean => a.kind === b.kind && a.subject === b.subject && (a.kind !== 'hasKey' || (b.kind === 'hasKey' && a.key === b.key));

/** The facts that would make `receiver.unwrap()` safe: present itself, or taken from a non-empty collection / a map holding the key. */
function needed(receiver: Node): Fact[] {
  const out: Fact[] = [{ kind: 'present', subject: compact(receiver.text) }];
  if (receiver.type !== 'call_expression') return out;
  const method = methodName(receiver);
  let inner = methodReceiver(receiver);
  const args = receiver.childForFieldName('arguments')?.namedChildren ?? [];
  if (!method || !inner) return out;
  // `v.last().map(|a| ..)`, `x.as_ref()`: present exactly when the receiver is, so what makes it safe makes this safe.
  if (PRESENCE_PRESERVING_METHODS.has(method)) return [...out, ...needed(inner)];
  if (KEYED_LOOKUP_METHODS.has(method) && args.length === 1) out.push({ kind: 'hasKey', subject: compact(inner.text), key: compact(args[0]!.text) });
  // `v.first()`, `v.iter().next()`, `v.into_iter().next()`, `v.get(0)`: an element of `v`.
  if (ELEMENT_METHODS.has(method) || (method === 'get' && args.length === 1 && args[0]!.text === '0')) {
    while (inner.type === 'call_expression' && /^(iter|into_iter|iter_mut|drain|as_slice|as_ref)$/.test(methodName(inner) ?? '') && !(inner.childForFieldName('arguments')?.namedChildren.length)) inner = methodReceiver(inner)!;
    out.push({ kind: 'nonEmpty', subject: compact(inner.text) });
  }
  return out;
}

/** The facts that hold when `cond` evaluates to `truth`. */
function factsOf(cond: Node | null | undefined, truth: boolean): Fact[] {
  if (!cond) return [];
  switch (cond.type) {
    case 'parenthesized_expression':
      return factsOf(cond.namedChildren[0], truth);
    case 'unary_expression':
      return cond.child(0)?.text === '!' ? factsOf(cond.namedChildren[0], !truth) : [];
    case 'let_condition': {
      // `if let Some(_) = x` / `if let Ok(_) = x`: `x` is present in the branch.
      const pattern = cond.childForFieldName('pattern');
      const value = cond.childForFieldName('value');
      return truth && value && /^(Some|Ok)\s*\(/.test(pattern?.text ?? '') ? [{ kind: 'present', subject: compact(value.text) }] : [];
    }
    case 'let_chain':
      return truth ? cond.namedChildren.flatMap((c) => factsOf(c, true)) : [];
    case 'binary_expression': {
      const op = cond.childForFieldName('operator')?.text;
      const left = cond.childForFieldName('left');
      const right = cond.childForFieldName('right');
      if (op === '&&') return truth ? [...factsOf(left, true), ...factsOf(right, true)] : [];
      if (op === '||') return truth ? [] : [...factsOf(left, false), ...factsOf(right, false)];
      return lengthFacts(op ?? '', left, right, truth);
    }
    case 'call_expression': {
      const method = methodName(cond);
      const recv = methodReceiver(cond);
      if (!method || !recv) return [];
      const subject = compact(recv.text);
      const args = cond.childForFieldName('arguments')?.namedChildren ?? [];
      if ((method === 'is_some' || method === 'is_ok') && truth) return [{ kind: 'present', subject }];
      if ((method === 'is_none' || method === 'is_err') && !truth) return [{ kind: 'present', subject }];
      if (method === 'is_empty' && !truth) return [{ kind: 'nonEmpty', subject }];
      if (method === 'contains_key' && truth && args.length === 1) return [{ kind: 'hasKey', subject, key: compact(args[0]!.text) }];
      return [];
    }
    default:
      return [];
  }
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/** `v.len() OP N` (or `N OP v.len()`) known to be `truth`: `v` is non-empty when a length of 0 would contradict it. */
function lengthFacts(op: string, left: Node | null, right: Node | null, truth: boolean): Fact[] {
  const compare = COMPARE[op];
  if (!compare || !left || !right) return [];
  const lenOf = (n: Node): string | null => (n.type === 'call_expression' && methodName(n) === 'len' && !(n.childForFieldName('arguments')?.namedChildren.length) ? compact(methodReceiver(n)!.text) : null);
  const number = (n: Node): number | null => (n.type === 'integer_literal' ? Number.parseInt(n.text.replace(/_/g, ''), 10) : null);
  const l = lenOf(left);
  const r = lenOf(right);
  if (l !== null && number(right) !== null) return compare(0, number(right)!) !== truth ? [{ kind: 'nonEmpty', subject: l }] : [];
  if (r !== null && number(left) !== null) return compare(number(left)!, 0) !== truth ? [{ kind: 'nonEmpty', subject: r }] : [];
  return [];
}

/** Whether a block (or expression) never completes normally: it returns, breaks, continues, panics or bails. */
function leaves(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (node.type === 'block') {
    const last = node.namedChildren.filter((c) => !c.type.endsWith('comment')).pop();
    return leaves(last);
  }
  if (node.type === 'expression_statement') return leaves(node.namedChildren[0]);
  if (node.type === 'return_expression' || node.type === 'break_expression' || node.type === 'continue_expression') return true;
  if (node.type === 'macro_invocation') return EARLY_EXIT_MACROS.has(macroName(node).split('::').pop() ?? '');
  // `Err(e)?` always leaves.
  if (node.type === 'try_expression') return /^Err\s*\(/.test(node.namedChildren[0]?.text ?? '');
  if (node.type === 'call_expression') return /(^|::)process::exit$|^exit$/.test(node.childForFieldName('function')?.text ?? '');
  return false;
}

/** The facts an earlier statement of the same block establishes for the statements after it. */
function factsAfter(statement: Node): Fact[] {
  const expr = statement.type === 'expression_statement' ? statement.namedChildren[0] : statement;
  if (!expr) return [];
  if (expr.type === 'if_expression') return factsAfterIf(expr);
  if (expr.type === 'macro_invocation') {
    // `assert!(cond)`, `ensure!(cond, ..)`: the condition holds after it.
    const name = macroName(expr).split('::').pop() ?? '';
    const args = reparsedArguments(reparseMacroArguments('', expr)?.call ?? null);
    if (/^(debug_)?assert$|^ensure$/.test(name)) return factsOf(args[0], true);
    if (/^(debug_)?assert_eq$/.test(name) && args.length >= 2) return lengthFacts('==', args[0]!, args[1]!, true);
    if (/^(debug_)?assert_ne$/.test(name) && args.length >= 2) return lengthFacts('!=', args[0]!, args[1]!, true);
  }
  return [];
}

/**
 * After `if a { leave } else if b { leave } ..`: each leading branch that leaves tells its condition
 * was false; an `else` that leaves tells the conditions before it held (one branch only).
 */
function factsAfterIf(ifExpr: Node): Fact[] {
  const out: Fact[] = [];
  for (let cur: Node | null | undefined = ifExpr; cur; ) {
    const cond = cur.childForFieldName('condition');
    const consequence = cur.childForFieldName('consequence');
    const alternative: Node | undefined = cur.childForFieldName('alternative')?.namedChildren[0];
    if (leaves(consequence)) {
      out.push(...factsOf(cond, false));
      cur = alternative?.type === 'if_expression' ? alternative : null;
      continue;
    }
    // `if a { .. } else { leave }`: the code after runs only when `a` held.
    if (cur === ifExpr && alternative?.type === 'block' && leaves(alternative)) out.push(...factsOf(cond, true));
    break;
  }
  return out;
}

/** Whether the code between `from` (exclusive) and `to` reassigns or empties the subject of a fact. */
function invalidated(fact: Fact, statements: readonly Node[]): boolean {
  for (const s of statements) {
    for (const d of descendants(s)) {
      if ((d.type === 'assignment_expression' || d.type === 'compound_assignment_expr') && compact(d.childForFieldName('left')?.text ?? '') === fact.subject) return true;
      if (d.type === 'call_expression' && EMPTYING_METHODS.has(methodName(d) ?? '') && compact(methodReceiver(d)?.text ?? '') === fact.subject) return true;
    }
  }
  return false;
}

/** Whether `receiver.unwrap()` / `.expect(..)` at `use` is proven safe by a check before it in the same fn. */
export function provenPresent(use: Node, receiver: Node): boolean {
  const wanted = needed(receiver);
  const holds = (facts: readonly Fact[], between: readonly Node[]) => facts.some((f) => wanted.some((w) => sameFact(f, w)) && !invalidated(f, between));
  let child: Node = use;
  for (let a = use.parent; a; child = a, a = a.parent) {
    if (a.type === 'function_item' || a.type === 'closure_expression') break;
    if (a.type === 'if_expression' || a.type === 'while_expression') {
      const cond = a.childForFieldName('condition');
      if (a.childForFieldName('consequence')?.id === child.id && holds(factsOf(cond, true), [])) return true;
      if (a.type === 'if_expression' && a.childForFieldName('alternative')?.id === child.id && holds(factsOf(cond, false), [])) return true;
    }
    // `x.is_some() && x.unwrap() > 3`, `x.is_none() || x.unwrap() == 0`.
    if (a.type === 'binary_expression' && a.childForFieldName('right')?.id === child.id) {
      const op = a.childForFieldName('operator')?.text;
      if (op === '&&' && holds(factsOf(a.childForFieldName('left'), true), [])) return true;
      if (op === '||' && holds(factsOf(a.childForFieldName('left'), false), [])) return true;
    }
    if (a.type === 'block') {
      const before: Node[] = [];
      for (let s = child.previousNamedSibling; s; s = s.previousNamedSibling) {
        if (!s.type.endsWith('comment') && holds(factsAfter(s), before)) return true;
        before.unshift(s);
      }
    }
  }
  return false;
}
