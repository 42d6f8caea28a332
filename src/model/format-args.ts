/**
 * What each placeholder of a Rust format string renders (`format!`, `write!`, `println!`, the log
 * macros): `{}` the next positional argument, `{0}` the argument at that index, `{name}` the argument
 * `name = expr` or, without one, the variable `name` captured inline; `{{` and `}}` are literal braces.
 * The arguments are the macro's, re-parsed as expressions, after the template (a named argument
 * `name = expr` is an assignment there; what it renders is its right-hand side).
 */
import type { Node } from '../rust/parser.js';

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
