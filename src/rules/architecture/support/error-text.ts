/**
 * Finds an error's `Display` / `Debug` text inside an expression: `e.to_string()`, `format!("{e}")`,
 * `format!("{:?}", err)`, `json!({ "error": e.to_string() })`. "Error-like" is read from names
 * (`e`, `err`, `db_error`), from `Err(x)` / `map_err(|x| ..)` bindings, and from `self` in an
 * error type's response impl.
 */
import type { Node } from '../../../rust/parser.js';
import { macroName, macroTokenTree, isNameLeaf, tokenLeaves } from '../../../rust/macros.js';
import { ancestors, descendants, methodName, methodReceiver, stringValue } from '../../../rust/syntax.js';
import { patternNames } from './origins.js';
import { isResponseConversionTrait } from '../../../catalogue/web.js';

const ERROR_NAME = /^(e|er|err|error|errs|errors|source|cause|why|ex|\w+_(err|error)|(err|error)_(inner|source|cause|details?))$/;

export interface Leak {
  node: Node;
  /** The code that produces the text (`e.to_string()`, `format!(.. {e:#} ..)`). */
  what: string;
  /** The text is `self`'s `Display` (its wording then depends on the error type's `#[error(..)]`). */
  selfDisplay?: boolean;
}

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
      if (call?.type === 'call_expression' && /^(map_err|or_else|unwrap_or_else|inspect_err)$/.test(methodName(call) ?? '')) {
        const params = d.childForFieldName('parameters');
        for (const p of params?.namedChildren ?? []) for (const n of patternNames(p.type === 'parameter' ? p.childForFieldName('pattern') ?? p : p)) out.add(n);
      }
    }
  }
  return out;
}

/** In `impl IntoResponse for ApiError` / `impl ResponseError for ApiError`: `self` is the error. */
function selfIsError(node: Node): boolean {
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

/** `format!("database error: {e}")` when short, else `format!(.. {e:#} ..)`. */
function describe(invocation: Node, placeholder: string): string {
  const text = invocation.text.replace(/\s+/g, ' ');
  return text.length <= 60 ? text : `${macroName(invocation)}!(.. ${placeholder} ..)`;
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

export class ErrorText {
  /** `messages`: names the text of which the caller chose (messageParameters), never errors whatever they are called. */
  constructor(
    private readonly bound: Set<string>,
    private readonly messages: Set<string> = new Set(),
  ) {}

  /** Is this expression (an identifier, `self`, `self.0`, `e.source`) an error value? */
  isErrorValue(n: Node, at: Node = n): boolean {
    if (n.type === 'reference_expression' || n.type === 'parenthesized_expression') return !!n.namedChildren[0] && this.isErrorValue(n.namedChildren[0], at === n ? n.namedChildren[0] : at);
    if (n.type === 'identifier') return this.isErrorName(n.text);
    if (n.type === 'self') return selfIsError(at) && !inArmWithoutBindings(at);
    if (n.type === 'field_expression') {
      const value = n.childForFieldName('value');
      const field = n.childForFieldName('field')?.text ?? '';
      // `self.0` of `struct AppError(anyhow::Error)`, `self.source`.
      if (value?.type === 'self' && /^\d+$|^(source|inner|cause|error|err)$/.test(field)) return selfIsError(at);
      return false;
    }
    return false;
  }

  private isErrorName(name: string): boolean {
    return (ERROR_NAME.test(name) && !this.messages.has(name)) || this.bound.has(name);
  }

  /** The first place in `expr` that renders an error as text, or null. */
  find(expr: Node, reparse: (m: Node) => Node[]): Leak | null {
    for (const d of [expr, ...descendants(expr)]) {
      const leak = this.leakAt(d, reparse);
      if (leak) return leak;
    }
    return null;
  }

  /** Does this very node (a `.to_string()` call or a macro) render an error as text? */
  leakAt(d: Node, reparse: (m: Node) => Node[]): Leak | null {
    if (d.type === 'call_expression') {
      const m = methodName(d);
      const recv = methodReceiver(d);
      if (m && /^(to_string|description)$/.test(m) && recv && this.isErrorValue(recv)) return { node: d, what: d.text, selfDisplay: recv.type === 'self' };
    }
    if (d.type === 'macro_invocation') return this.inMacro(d, reparse);
    return null;
  }

  private inMacro(invocation: Node, reparse: (m: Node) => Node[]): Leak | null {
    const name = macroName(invocation).replace(/^.*::/, '');
    if (/^(format|format_args)$/.test(name)) {
      const args = reparse(invocation);
      const fmt = stringValue(args[0]);
      if (fmt === null) return null;
      const hit = this.formatRendersError(fmt, args.slice(1), invocation);
      return hit ? { node: invocation, what: describe(invocation, hit), selfDisplay: /^\{self(:[^?}]*)?\}$|^\{(:[^?}]*)?\} <- self$/.test(hit) } : null;
    }
    // `json!({ "error": e.to_string() })` and other token-tree macros: scan the tokens.
    const tt = macroTokenTree(invocation);
    if (!tt) return null;
    const leaves = tokenLeaves(tt);
    for (let i = 0; i < leaves.length; i++) {
      const t = leaves[i]!;
      if (isNameLeaf(t) && this.isErrorName(t.text) && leaves[i + 1]?.text === '.' && leaves[i + 2]?.text === 'to_string') {
        return { node: invocation, what: `${t.text}.to_string()` };
      }
      if (t.type === 'self' && selfIsError(t) && leaves[i + 1]?.text === '.' && leaves[i + 2]?.text === 'to_string' && !inArmWithoutBindings(t)) {
        return { node: invocation, what: 'self.to_string()', selfDisplay: true };
      }
    }
    // A nested `format!(..)` inside the token tree: its string and the identifiers after it.
    for (let i = 0; i < leaves.length; i++) {
      if (leaves[i]!.text !== 'format' || leaves[i + 1]?.text !== '!') continue;
      const fmt = stringValue(leaves.slice(i + 2).find((l) => l.type === 'string_literal' || l.type === 'raw_string_literal'));
      if (fmt === null) continue;
      const inline = this.inlineErrorPlaceholder(fmt, invocation);
      if (inline) return { node: invocation, what: describe(invocation, inline), selfDisplay: /^\{self(:[^?}]*)?\}$/.test(inline) };
      if (/\{(:[^}]*)?\}/.test(fmt)) {
        const err = leaves.slice(i + 3, i + 12).find((l) => isNameLeaf(l) && this.isErrorName(l.text));
        if (err) return { node: invocation, what: `format!(.., ${err.text})` };
      }
    }
    return null;
  }

  /** `{e}`, `{err:?}`, `{e:#}` written inline in a format string. */
  private inlineErrorPlaceholder(fmt: string, at: Node): string | null {
    for (const m of fmt.matchAll(/\{([A-Za-z_]\w*)(:[^}]*)?\}/g)) {
      const name = m[1]!;
      if (this.isErrorName(name)) return m[0];
      if (name === 'self' && selfIsError(at) && !inArmWithoutBindings(at)) return m[0];
    }
    return null;
  }

  /** Which placeholder of `fmt` renders one of `args` that is an error, as `{e:#}` / `{:?} <- err`. */
  private formatRendersError(fmt: string, args: Node[], at: Node): string | null {
    const inline = this.inlineErrorPlaceholder(fmt, at);
    if (inline) return inline;
    let position = 0;
    for (const m of fmt.matchAll(/\{\{|\}\}|\{([^}]*)\}/g)) {
      if (m[0] === '{{' || m[0] === '}}') continue;
      const spec = m[1] ?? '';
      const [argName] = spec.split(':');
      let arg: Node | undefined;
      if (argName === '') arg = args[position++];
      else if (/^\d+$/.test(argName!)) arg = args[Number(argName)];
      else arg = args.find((a) => a.type === 'assignment_expression' && a.childForFieldName('left')?.text === argName)?.childForFieldName('right') ?? undefined;
      if (arg && this.isErrorValue(arg, at)) return `${m[0]} <- ${arg.text}`;
    }
    return null;
  }
}
