/**
 * What each placeholder of a Rust format string renders (`format!`, `write!`, `println!`, the log
 * macros): `{}` the next positional argument, `{0}` the argument at that index, `{name}` the argument
 * `name = expr` or, without one, the variable `name` captured inline; `{{` and `}}` are literal braces.
 * The arguments are the macro's, re-parsed as expressions, after the template (a named argument
 * `name = expr` is an assignment there; what it renders is its right-hand side).
 */
import type { Node } from '../rust/parser.js';
import { FORMAT_TEMPLATE_AT, isLogMacro } from '../catalogue/logging.js';
import { stringValue } from '../rust/syntax.js';

export interface Placeholder {
  /** As written: `{}`, `{0:?}`, `{e:#}`. */
  text: string;
  /** Where it starts in the template. */
  index: number;
  /** The name written in it (`e` of `{e:#}`, `self` of `{self}`), when it names one. */
  name?: string;
  /** The argument it renders, when the macro passes it (positional, indexed or `name = expr`). */
  arg?: Node;
  /** Its format spec from the colon on (`:?`, `:#`, `:>8`), or '' (plain `Display`). */
  format: string;
}

const PLACEHOLDER = /\{\{|\}\}|\{([^}]*)\}/g;
const NAME = /^[A-Za-z_]\w*$/;

/** What an argument renders: `expr` of a named `name = expr`, else the argument itself. */
const rendered = (arg: Node | undefined): Node | undefined => (arg?.type === 'assignment_expression' ? arg.childForFieldName('right') ?? undefined : arg);

/** The placeholders of `template` in order, each with what it renders among `args` (the arguments after the template). */
export function formatPlaceholders(template: string, args: readonly Node[]): Placeholder[] {
  const out: Placeholder[] = [];
  let position = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m[1] === undefined) continue;
    const [written = ''] = m[1].split(':');
    const spec = written.trim();
    const p: Placeholder = { text: m[0], index: m.index, format: m[1].slice(written.length) };
    let arg: Node | undefined;
    // Named arguments come after the positional ones, so an index counts the same in both lists
    // (rustc accepts a named argument used by position, with a warning).
    if (spec === '') arg = rendered(args[position++]);
    else if (/^\d+$/.test(spec)) arg = rendered(args[Number(spec)]);
    else if (NAME.test(spec)) {
      p.name = spec;
      arg = rendered(args.find((a) => a.type === 'assignment_expression' && a.childForFieldName('left')?.text === spec));
    }
    if (arg) p.arg = arg;
    out.push(p);
  }
  return out;
}

/** A template as it prints: `{{` / `}}` as one brace, each placeholder as `stand` (what it renders is not known here). */
export function templateText(template: string, stand = ''): string {
  return template.replace(PLACEHOLDER, (m) => (m === '{{' ? '{' : m === '}}' ? '}' : stand));
}

/** How a format-like macro renders one of its arguments (`formatUseOf`). */
export interface FormatUse {
  /** The macro's name as written (`println`, `tracing::info`). */
  macro: string;
  /** The template's placeholders that render the argument (none when it is only a tracing field). */
  placeholders: Placeholder[];
  /** A tracing / log field's sigil: `%` (Display) or `?` (Debug); '' for a bare field value. */
  field?: '%' | '?' | '';
}

const isTemplate = (seg: readonly Node[]): boolean => seg.length === 1 && (seg[0]!.type === 'string_literal' || seg[0]!.type === 'raw_string_literal');
/** `name = value` / `a.b = %value`: a named argument or a tracing field (tokens before the `=`). */
const namedAt = (seg: readonly Node[]): number => seg.findIndex((t, k) => k > 0 && t.childCount === 0 && t.text === '=' && seg.slice(0, k).every((x) => x.type === 'identifier' || x.type === 'string_literal' || x.text === '.'));

/**
 * What a format-like macro (std's `format!` family, `write!`, `panic!`, `assert*!`, the error macros,
 * tracing / log) does with `arg`, an argument expression the macro model grafted into the invocation
 * (src/rust/macro-graft.ts): which placeholders of its template render it, or the tracing field it
 * fills. Null when `arg` is not such an argument or the template is not a literal.
 */
export function formatUseOf(arg: Node): FormatUse | null {
  const tt = arg.parent;
  const invocation = tt?.parent;
  if (tt?.type !== 'token_tree' || invocation?.type !== 'macro_invocation') return null;
  const macro = invocation.childForFieldName('macro')?.text ?? '';
  const name = macro.slice(macro.lastIndexOf(':') + 1);
  const log = isLogMacro(name);
  if (!log && !Object.hasOwn(FORMAT_TEMPLATE_AT, name)) return null;
  // The arguments, split at top-level commas.
  const segs: Node[][] = [[]];
  let end = 0;
  for (const c of tt.children.slice(1, -1)) {
    // A leftover token inside a grafted node's span (a string literal's closing quote) is part of it.
    if (c.type === 'line_comment' || c.type === 'block_comment' || c.startIndex < end) continue;
    end = c.endIndex;
    if (c.childCount === 0 && c.text === ',') segs.push([]);
    else segs[segs.length - 1]!.push(c);
  }
  // tracing / log: the template is the first lone string literal (fields and `target:` come before it).
  const at = log ? segs.findIndex(isTemplate) : FORMAT_TEMPLATE_AT[name]!;
  const mine = segs.findIndex((seg) => seg.some((n) => n.id === arg.id));
  if (mine < 0) return null;
  if (log && (at < 0 || mine < at)) {
    // A tracing field (`name = %value`, `%value`, `?value`) before the template.
    const seg = segs[mine]!;
    const eq = namedAt(seg);
    const sigil = seg[(eq >= 0 ? eq + 1 : 0)]?.text;
    if (seg[seg.length - 1]!.id !== arg.id) return null;
    return { macro, placeholders: [], field: sigil === '%' || sigil === '?' ? sigil : '' };
  }
  const template = segs[at];
  if (!template || !isTemplate(template) || mine <= at) return null;
  const positional: Node[] = [];
  const named = new Map<string, Node>();
  for (const seg of segs.slice(at + 1)) {
    const eq = namedAt(seg);
    if (eq === 1 && seg.length === 3) named.set(seg[0]!.text, seg[2]!);
    else if (seg.length === 1) positional.push(seg[0]!);
    else return null; // not an argument list this reads
  }
  const placeholders = formatPlaceholders(stringValue(template[0]!) ?? '', positional).map((p) => (p.name && !p.arg && named.has(p.name) ? { ...p, arg: named.get(p.name)! } : p));
  return { macro, placeholders: placeholders.filter((p) => p.arg?.id === arg.id) };
}
