/**
 * Values fixed when the program is compiled, from syntax alone (no other file): literals, `const` /
 * `static` names, arrays and tuples of them, and what a fn body returns. The facts of a file
 * (facts.ts) record with these which fns return only constants (`fn as_sql(&self) -> &str { match
 * self { A => "a", B => "b" } }`); provenance.ts answers, with the crate model, what any value is.
 */
import type { Node } from '../rust/parser.js';
import { descendants, methodName, methodReceiver, stringValue } from '../rust/syntax.js';
import { derivesFromReceiver, EARLY_EXIT_MACROS } from '../catalogue/values.js';
import { isMessageContextMethod, isMessageErrorMacroName } from '../catalogue/errors.js';

const LITERALS = /^(integer_literal|float_literal|boolean_literal|string_literal|raw_string_literal|char_literal)$/;
/** The naming convention of `const` and `static` items (rustc warns on anything else). */
export const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;
/** Methods that give back (a view of) the same fixed value: `TABLES.iter()`, `NAME.to_string()`. */

/** A literal, a const/static name (`MAX`, `Self::TABLE`, `tables::ALL`), or an array / tuple / reference / view of them. */
export function isConstantExpr(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (LITERALS.test(node.type)) return true;
  switch (node.type) {
    case 'identifier':
      return CONSTANT_NAME.test(node.text);
    case 'scoped_identifier':
      return CONSTANT_NAME.test(node.childForFieldName('name')?.text ?? '');
    case 'reference_expression':
    case 'parenthesized_expression':
      return isConstantExpr(node.namedChildren[node.namedChildren.length - 1]);
    case 'array_expression':
    case 'tuple_expression':
      return node.namedChildren.filter((c) => !c.type.endsWith('comment')).every(isConstantExpr);
    case 'field_expression':
      return isConstantExpr(node.childForFieldName('value'));
    case 'index_expression':
      return node.namedChildren.every(isConstantExpr);
    case 'range_expression':
      return node.namedChildren.every(isConstantExpr);
    case 'call_expression': {
      // `COLUMNS.join(", ")`, `Self::TABLE.to_string()`, `TABLE.to_uppercase()`: a method computing from a constant, with constant arguments.
      const name = methodName(node);
      const recv = methodReceiver(node);
      const args = node.childForFieldName('arguments')?.namedChildren ?? [];
      return !!name && !!recv && derivesFromReceiver(name) && isConstantExpr(recv) && args.every(isConstantExpr);
    }
    default:
      return false;
  }
}

/** The values a block evaluates to: its tail expression, through `if` / `match` branches and inner blocks. */
export function tailsOf(block: Node): Node[] {
  let last = block.namedChildren.filter((c) => !c.type.endsWith('comment')).pop();
  // A block-like tail (`if .. { a } else { b }`, `match`) parses as a statement without its `;`.
  if (last?.type === 'expression_statement' && !last.text.trimEnd().endsWith(';')) last = last.namedChildren[0];
  if (!last || last.type === 'expression_statement' || last.type === 'let_declaration' || last.type.endsWith('_item')) return [];
  return branchValues(last);
}

export function branchValues(expr: Node): Node[] {
  if (expr.type === 'block') return tailsOf(expr);
  if (expr.type === 'if_expression') {
    const alternative = expr.childForFieldName('alternative')?.namedChildren[0];
    return [...branchValues(expr.childForFieldName('consequence')!), ...(alternative ? branchValues(alternative) : [])];
  }
  if (expr.type === 'match_expression') return expr.descendantsOfType('match_arm').filter((a) => a.parent?.parent?.id === expr.id).flatMap((a) => (a.childForFieldName('value') ? branchValues(a.childForFieldName('value')!) : []));
  return [expr];
}

/** `return <expr>` values in a fn body (not in nested closures or fns). */
export function returnsOf(body: Node): Node[] {
  return [...descendants(body, (n) => n.type === 'closure_expression' || n.type === 'function_item')].filter((n) => n.type === 'return_expression' && n.namedChildren[0]).map((n) => n.namedChildren[0]!);
}

/** A branch that yields no value: a panic, `unreachable!()`, `anyhow::bail!(..)`, an early `return`, `Err(..)?`. */
export function diverges(v: Node): boolean {
  if (v.type === 'return_expression') return true;
  if (v.type === 'macro_invocation') return EARLY_EXIT_MACROS.has((v.childForFieldName('macro')?.text ?? '').replace(/^.*::/, ''));
  const err = v.type === 'try_expression' ? v.namedChildren[0] : null;
  return err?.type === 'call_expression' && /^(Err|(std::)?result::Result::Err)$/.test(err.childForFieldName('function')?.text ?? '');
}

/**
 * Whether every value a fn body can return is a constant: the allow-list idiom written as a fn
 * (`match self { Unit::Day => "day", Unit::Week => "week" }`). Diverging branches yield nothing.
 */
export function returnsOnlyConstants(body: Node): boolean {
  const values = [...tailsOf(body), ...returnsOf(body)].filter((v) => !diverges(v));
  return values.length > 0 && values.every(isConstantExpr);
}

/**
 * Whether a fn body never produces an `Err`: every value it returns is `Ok(..)` and nothing in it
 * (outside nested closures and fns) propagates with `?` or builds an `Err` (an extractor that looks
 * for something and answers `Ok(None)` when it is absent).
 */
export function returnsOnlyOk(body: Node): boolean {
  const values = [...tailsOf(body), ...returnsOf(body)].filter((v) => !diverges(v));
  if (!values.length || !values.every((v) => v.type === 'call_expression' && /^Ok$/.test(v.childForFieldName('function')?.text ?? ''))) return false;
  for (const d of descendants(body, (n) => n.type === 'closure_expression' || n.type === 'function_item')) {
    if (d.type === 'try_expression') return false;
    // Building an `Err`, not matching one (`Err(_) => Ok(false)`).
    if (d.type === 'identifier' && d.text === 'Err' && d.parent?.type !== 'tuple_struct_pattern') return false;
    if (d.type === 'macro_invocation' && /(^|::)(bail|ensure)$/.test(d.childForFieldName('macro')?.text ?? '')) return false;
  }
  return true;
}

/**
 * Whether every error a fn body returns shows only fixed text (with a message-error type: anyhow,
 * eyre, whose `Display` is the outermost message): each `?` is on a `.context("..")` /
 * `.with_context(|| "..")` of a literal, each `bail!` / `anyhow!` / `ensure!` has a literal message
 * without placeholders, nothing builds an `Err` otherwise, every value returned is `Ok(..)`, and
 * at least one of these can fail (`fn decrypt(..) -> anyhow::Result<..>`).
 */
export function errorsShowOnlyFixedText(body: Node): boolean {
  const values = [...tailsOf(body), ...returnsOf(body)].filter((v) => !diverges(v) && !isMessageErrorMacro(v));
  if (!values.length || !values.every((v) => v.type === 'call_expression' && /^Ok$/.test(v.childForFieldName('function')?.text ?? ''))) return false;
  let fails = false;
  for (const d of descendants(body, (n) => n.type === 'closure_expression' || n.type === 'function_item')) {
    if (d.type === 'try_expression') {
      if (!givesFixedMessage(d.namedChildren[0])) return false;
      fails = true;
    } else if (d.type === 'identifier' && d.text === 'Err' && d.parent?.type !== 'tuple_struct_pattern') return false;
    else if (isMessageErrorMacro(d)) {
      if (!fixedMessageMacro(d)) return false;
      fails = true;
    }
  }
  return fails;
}

function isMessageErrorMacro(n: Node): boolean {
  return n.type === 'macro_invocation' && isMessageErrorMacroName((n.childForFieldName('macro')?.text ?? '').replace(/^.*::/, ''));
}

/** `bail!("too short")`, `ensure!(n > 0, "empty")`: the last argument a literal without placeholders, nothing after it. */
function fixedMessageMacro(m: Node): boolean {
  const tt = m.namedChildren.find((c) => c.type === 'token_tree');
  const parts = tt?.namedChildren ?? [];
  const last = parts[parts.length - 1];
  const text = last ? stringValue(last) : null;
  return text !== null && !/\{(?!\{)/.test(text.replace(/\{\{/g, ''));
}

/** `x.context("..")`, `x.await.with_context(|| "..")`: the error's message is that literal. */
function givesFixedMessage(expr: Node | undefined): boolean {
  if (!expr || expr.type !== 'call_expression') return false;
  const name = methodName(expr);
  if (!name || !isMessageContextMethod(name)) return false;
  const arg = expr.childForFieldName('arguments')?.namedChildren[0];
  if (!arg) return false;
  if (arg.type === 'closure_expression') {
    const body = arg.childForFieldName('body');
    return !!body && stringValue(body) !== null;
  }
  return stringValue(arg) !== null;
}
