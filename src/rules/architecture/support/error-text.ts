/**
 * Finds an error's `Display` / `Debug` text inside an expression: `e.to_string()`, `format!("{e}")`,
 * `format!("{:?}", err)`, `json!({ "error": e.to_string() })`: the leak judgement of
 * internal-error-leak. Which values hold errors is the model's (model/error-bindings.ts): names by
 * convention (catalogue/naming.ts), `Err(x)` / `map_err(|x| ..)` bindings, `self` in an error type's
 * response impl.
 */
import type { Node } from '../../../rust/parser.js';
import { macroName, macroTokenTree, isNameLeaf, tokenLeaves } from '../../../rust/macros.js';
import { descendants, methodName, methodReceiver, stringValue } from '../../../rust/syntax.js';
import { inArmWithoutBindings, selfIsError } from '../../../model/error-bindings.js';
import { namesError, namesWrappedErrorField } from '../../../catalogue/naming.js';
import { formatPlaceholders } from '../../../model/format-args.js';

const NO_ARGS: readonly Node[] = [];

export interface Leak {
  node: Node;
  /** The code that produces the text (`e.to_string()`, `format!(.. {e:#} ..)`). */
  what: string;
  /** The text is `self`'s `Display` (its wording then depends on the error type's `#[error(..)]`). */
  selfDisplay?: boolean;
}

/** `format!("database error: {e}")` when short, else `format!(.. {e:#} ..)`. */
function describe(invocation: Node, placeholder: string): string {
  const text = invocation.text.replace(/\s+/g, ' ');
  return text.length <= 60 ? text : `${macroName(invocation)}!(.. ${placeholder} ..)`;
}

export class ErrorText {
  /** `messages`: names the text of which the caller chose (messageParameters), never errors whatever they are called. */
  /** `fixedText`: error names whose `Display` is fixed text (fixedTextErrors); their `Debug` / `{:#}` chain is not. */
  constructor(
    private readonly bound: Set<string>,
    private readonly messages: Set<string> = new Set(),
    private readonly fixedText: Set<string> = new Set(),
  ) {}

  /** `{err}` / `err.to_string()` of an error whose message is fixed text (not `{err:?}`, not `{err:#}`). */
  private showsFixedText(name: string, spec = ''): boolean {
    return this.fixedText.has(name) && !/[?#]/.test(spec);
  }

  /** Is this expression (an identifier, `self`, `self.0`, `e.source`) an error value? */
  isErrorValue(n: Node, at: Node = n): boolean {
    if (n.type === 'reference_expression' || n.type === 'parenthesized_expression') return !!n.namedChildren[0] && this.isErrorValue(n.namedChildren[0], at === n ? n.namedChildren[0] : at);
    if (n.type === 'identifier') return this.isErrorName(n.text);
    if (n.type === 'self') return selfIsError(at) && !inArmWithoutBindings(at);
    if (n.type === 'field_expression') {
      const value = n.childForFieldName('value');
      const field = n.childForFieldName('field')?.text ?? '';
      // `self.0` of `struct AppError(anyhow::Error)`, `self.source`.
      if (value?.type === 'self' && namesWrappedErrorField(field)) return selfIsError(at);
      return false;
    }
    return false;
  }

  private isErrorName(name: string): boolean {
    return (namesError(name) && !this.messages.has(name)) || this.bound.has(name);
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
      if (m && /^(to_string|description)$/.test(m) && recv && this.isErrorValue(recv) && !this.showsFixedText(recv.text)) return { node: d, what: d.text, selfDisplay: recv.type === 'self' };
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
      if (isNameLeaf(t) && this.isErrorName(t.text) && !this.showsFixedText(t.text) && leaves[i + 1]?.text === '.' && leaves[i + 2]?.text === 'to_string') {
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

  /** `{e}`, `{err:?}`, `{e:#}`, `{self}` naming an error in a format string (model/format-args.ts reads the placeholders). */
  private inlineErrorPlaceholder(fmt: string, at: Node): string | null {
    for (const p of formatPlaceholders(fmt, NO_ARGS)) {
      if (!p.name) continue;
      if (this.isErrorName(p.name) && !this.showsFixedText(p.name, p.format)) return p.text;
      if (p.name === 'self' && selfIsError(at) && !inArmWithoutBindings(at)) return p.text;
    }
    return null;
  }

  /** Which placeholder of `fmt` renders one of `args` that is an error, as `{e:#}` / `{:?} <- err`. */
  private formatRendersError(fmt: string, args: Node[], at: Node): string | null {
    const inline = this.inlineErrorPlaceholder(fmt, at);
    if (inline) return inline;
    for (const p of formatPlaceholders(fmt, args)) if (p.arg && this.isErrorValue(p.arg, at) && !this.showsFixedText(p.arg.text, p.format)) return `${p.text} <- ${p.arg.text}`;
    return null;
  }
}
