/**
 * What each placeholder of a Rust format string renders (`format!`, `write!`, `println!`, the log
 * macros): `{}` the next positional argument, `{0}` the argument at that index, `{name}` the argument
 * `name = expr` or, without one, the variable `name` captured inline; `{{` and `}}` are literal braces.
 * The arguments are the macro's, re-parsed as expressions, after the template.
 */
import type { Node } from '../rust/parser.js';

export interface Placeholder {
  /** As written: `{}`, `{0:?}`, `{e:#}`. */
  text: string;
  /** The name written in it (`e` of `{e:#}`, `self` of `{self}`), when it names one. */
  name?: string;
  /** The argument it renders, when the macro passes it (positional, indexed or `name = expr`). */
  arg?: Node;
  /** Its format spec from the colon on (`:?`, `:#`, `:>8`), or '' (plain `Display`). */
  format: string;
}

const PLACEHOLDER = /\{\{|\}\}|\{([^}]*)\}/g;
const NAME = /^[A-Za-z_]\w*$/;

/** The placeholders of `template` in order, each with what it renders among `args` (the arguments after the template). */
export function formatPlaceholders(template: string, args: readonly Node[]): Placeholder[] {
  const out: Placeholder[] = [];
  let position = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m[1] === undefined) continue;
    const [written = ''] = m[1].split(':');
    const spec = written.trim();
    const p: Placeholder = { text: m[0], format: m[1].slice(written.length) };
    let arg: Node | undefined;
    if (spec === '') arg = args[position++];
    else if (/^\d+$/.test(spec)) arg = args[Number(spec)];
    else if (NAME.test(spec)) {
      p.name = spec;
      arg = args.find((a) => a.type === 'assignment_expression' && a.childForFieldName('left')?.text === spec)?.childForFieldName('right') ?? undefined;
    }
    if (arg) p.arg = arg;
    out.push(p);
  }
  return out;
}
