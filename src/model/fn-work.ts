/**
 * Whether a fn's body runs code when called, or only builds a value fixed at compile time: a call, an
 * `.await` or a macro other than the compile-time ones (`include_str!`, `concat!`, ..) runs code;
 * `"ok"`, a constant `Json(..)`, `Ok(Html(include_str!(..)))` do not (a tuple struct or variant is
 * built, not called).
 */
import { isCompileTimeMacro } from '../catalogue/values.js';
import { macroName } from '../rust/macros.js';
import type { Node } from '../rust/parser.js';
import { ancestors, calleeText, descendants } from '../rust/syntax.js';

/** A tuple struct or variant (its last segment capitalised): `Json`, `axum::response::Html`, `Ok`. */
const CONSTRUCTOR = /(^|::)[A-Z]\w*$/;

/** The fn's body makes a call, awaits, or invokes a macro that runs at run time (a fn without a body runs nothing). */
export function bodyRunsCode(fn: Node): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  for (const d of descendants(body)) {
    if (d.type === 'macro_invocation' && isCompileTimeMacro(macroName(d))) continue;
    // `Html(..)`, `Json(..)`, `Ok(..)`: building a value, not calling code.
    if (d.type === 'call_expression' && CONSTRUCTOR.test(calleeText(d))) continue;
    if (d.type === 'call_expression' || d.type === 'await_expression' || d.type === 'macro_invocation') {
      // Inside a compile-time macro: part of the constant.
      if ([...ancestors(d)].some((a) => a.type === 'macro_invocation' && isCompileTimeMacro(macroName(a)))) continue;
      return true;
    }
  }
  return false;
}
