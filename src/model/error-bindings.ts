/**
 * Which values of a fn hold an error: names bound by `Err(e)` patterns, `map_err(|e| ..)` closure
 * parameters and the wrapped error of a variant in an error type's response impl; `self` in such an
 * impl; and the parameters that hold a caller's message instead (a helper's `msg: impl Into<String>`).
 * Facts about bindings, for the rules that judge where an error's text goes (internal-error-leak).
 */
import type { Node } from '../rust/parser.js';
import { ancestors, descendants, methodName, methodReceiver } from '../rust/syntax.js';
import type { FileModel } from './index.js';
import { patternNames } from './bindings.js';
import { isResponseConversionTrait } from '../catalogue/web.js';
import { handsOverError } from '../catalogue/errors.js';

/** An enum variant path in a pattern: `ApiError::Database`, `Self::Upstream`. */
const VARIANT_PATH = /^(Self|[A-Z]\w*)::[A-Z]\w*$/;

function inResponseImpl(fn: Node): boolean {
  for (const a of ancestors(fn)) if (a.type === 'impl_item') return isResponseConversionTrait(a.childForFieldName('trait')?.text ?? '');
  return false;
}

/** Names bound to errors in a function: `Err(e)` patterns and `map_err(|e| ..)` closure parameters. */
export function errorBindings(fn: Node): Set<string> {
  const out = new Set<string>();
  const responseImpl = inResponseImpl(fn);
  for (const d of descendants(fn)) {
    // In an error type's response impl, `ApiError::Database(inner) =>` binds the wrapped error.
    if (responseImpl && d.type === 'tuple_struct_pattern' && VARIANT_PATH.test(d.childForFieldName('type')?.text.replace(/\s+/g, '') ?? '')) {
      const names = patternNames(d);
      if (names.length === 1) out.add(names[0]!);
    }
    if (d.type === 'tuple_struct_pattern' && /^(Err|[\w:]*::Err)$/.test(d.childForFieldName('type')?.text ?? '')) {
      for (const n of patternNames(d)) out.add(n);
    }
    if (d.type === 'closure_expression') {
      const call = d.parent?.type === 'arguments' ? d.parent.parent : null;
      if (call?.type === 'call_expression' && handsOverError(methodName(call) ?? '')) {
        const params = d.childForFieldName('parameters');
        for (const p of params?.namedChildren ?? []) for (const n of patternNames(p.type === 'parameter' ? p.childForFieldName('pattern') ?? p : p)) out.add(n);
      }
    }
  }
  return out;
}

/**
 * Error bindings whose `Display` is fixed text: `x.map_err(|err| ..)` where `x` calls crate fns (any
 * crate of the workspace, known by path or receiver type) whose every error is a message error of
 * literal text (facts.ts `errorsFixedText`: `bail!("too short")`, `.context("bad nonce")?`). `{err}`
 * then shows that text, nothing internal. A name also bound to another error in the fn is not one.
 */
export function fixedTextErrors(fn: Node, model: FileModel): Set<string> {
  const fixed = new Set<string>();
  const other = new Set<string>();
  for (const d of descendants(fn)) {
    if (d.type === 'tuple_struct_pattern' && /^(Err|[\w:]*::Err)$/.test(d.childForFieldName('type')?.text ?? '')) for (const n of patternNames(d)) other.add(n);
    if (d.type !== 'closure_expression') continue;
    const call = d.parent?.type === 'arguments' ? d.parent.parent : null;
    if (call?.type !== 'call_expression' || !handsOverError(methodName(call) ?? '')) continue;
    let source = methodReceiver(call);
    while (source?.type === 'await_expression') source = source.namedChildren[0] ?? null;
    const targets = source?.type === 'call_expression' ? model.knownCallees(source) : [];
    const into = targets.length > 0 && targets.every((t) => t.fn.errorsFixedText) ? fixed : other;
    for (const p of d.childForFieldName('parameters')?.namedChildren ?? []) for (const n of patternNames(p.type === 'parameter' ? p.childForFieldName('pattern') ?? p : p)) into.add(n);
  }
  for (const n of other) fixed.delete(n);
  return fixed;
}

/** In `impl IntoResponse for ApiError` / `impl ResponseError for ApiError`: `self` is the error. */
export function selfIsError(node: Node): boolean {
  for (const a of ancestors(node)) {
    if (a.type === 'impl_item') return isResponseConversionTrait(a.childForFieldName('trait')?.text ?? '') || /Error$/.test(a.childForFieldName('type')?.text ?? '');
  }
  return false;
}

/** A match arm for unit variants only (`ApiError::NotFound =>`): `self`'s text is then a fixed message. */
export function inArmWithoutBindings(node: Node): boolean {
  for (const a of ancestors(node)) {
    if (a.type === 'match_arm') {
      const pattern = a.childForFieldName('pattern');
      if (!pattern) return false;
      const parts = [pattern, ...descendants(pattern)];
      if (parts.some((p) => p.type === 'tuple_struct_pattern' || p.type === 'struct_pattern')) return false;
      // `ApiError::A | ApiError::B`, `Self::Timeout`: paths; a lone binding or `_` matches anything.
      const bare = parts.filter((p) => p.type === 'identifier' && p.parent?.type !== 'scoped_identifier');
      return parts.some((p) => p.type === 'scoped_identifier' || (p.type === 'identifier' && /^[A-Z]/.test(p.text))) && bare.every((p) => /^[A-Z]/.test(p.text));
    }
    if (a.type === 'function_item') return false;
  }
  return false;
}

/**
 * Parameters that hold the caller's message, not an error: typed by one of the fn's own type
 * parameters or `impl Trait` whose bounds name no error trait (`error: S` with `S: ToString`,
 * `msg: impl Into<String>`). A helper like `server_error(error: S)` renders what each caller passes;
 * a caller passing a raw error is where that leak would be, not the helper.
 */
export function messageParameters(fn: Node): Set<string> {
  const out = new Set<string>();
  const bounds = new Map<string, string>();
  for (const p of fn.childForFieldName('type_parameters')?.namedChildren ?? []) {
    const name = (p.childForFieldName('name') ?? p.namedChildren[0])?.text;
    if (name && /^[A-Z]\w*$/.test(name)) bounds.set(name, (bounds.get(name) ?? '') + p.text);
  }
  for (const w of fn.namedChildren.find((c) => c.type === 'where_clause')?.namedChildren ?? []) {
    const left = w.childForFieldName('left')?.text;
    if (left && bounds.has(left)) bounds.set(left, bounds.get(left)! + w.text);
  }
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p.type !== 'parameter') continue;
    const type = (p.childForFieldName('type')?.text ?? '').replace(/^&\s*('\w+\s*)?(mut\s+)?/, '').trim();
    const bound = /^impl\b/.test(type) ? type : bounds.get(type);
    if (bound === undefined || /Error\b/.test(bound)) continue;
    const pattern = p.childForFieldName('pattern');
    if (pattern) for (const n of patternNames(pattern)) out.add(n);
  }
  return out;
}
