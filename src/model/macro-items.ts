/**
 * Fns a crate's own `macro_rules!` macros define (DESIGN.md, "Macro arguments as code"). A model crate
 * often writes its lookups once, as a macro, and invokes it in each type's impl:
 *
 *     macro_rules! by_id { ($table:ident) => { pub fn by_id(conn: &Conn, id: i32) -> Result<Self> {
 *         $table::table.filter($table::id.eq(id)).first(conn).map_err(Error::from) } } }
 *     impl Order { by_id!(orders); }
 *
 * `Order::by_id(..)` is then a fn of the crate that runs a query, though no `fn by_id` is written in
 * `impl Order`. The facts of the definition keep, per rule, its matcher and the fns of its expansion
 * (parsed with each metavariable as a placeholder name, repetitions taken once); the facts of an
 * invocation keep its argument tokens and the impl it sits in. The crate index matches the two: the
 * first rule whose matcher fits the arguments gives its fns, named by the literal identifiers the
 * invocation binds. Bounded: a matcher shape this reader does not follow, an argument it cannot bind, a
 * macro defined twice or an expansion that does not parse as items give no fn at all, so an unknown
 * macro never makes a rule more certain.
 */
import { ImportMap } from '../rust/imports.js';
import { macroTokenTree } from '../rust/macros.js';
import { parseRust, type Node } from '../rust/parser.js';
import type { FnFact } from './facts.js';

/** One element of a matcher: a literal token, a `$name:fragment` binding, or a repetition `$(..)*` (only last). */
export type MatcherPart = { lit: string } | { bind: string; frag: string } | { rep: '*' | '+' | '?' };

/** One rule of a macro whose expansion defines fns or invokes item macros. */
export interface MacroItemRule {
  /** The matcher's elements; undefined when its shape is not one this reader follows (then no later rule is tried either). */
  matcher?: MatcherPart[];
  /** Fns of the expansion; a name written `$x` is `${METAVAR}x` until an invocation binds it. */
  fns: FnFact[];
  /** Item macros the expansion invokes (`last!($table);`, itself with other arguments), with their argument elements. */
  invokes: { name: string; args: string[] }[];
}

/** Stands for `$x` in the expansion text that is parsed (a plain identifier). */
export const METAVAR = '__mv_';
/** The impl type the expansion's fns are parsed in; the invocation's impl replaces it. */
const MACRO_SELF = '__MacroSelf';
/** Expansions longer than this are not read (a macro that writes a whole module). */
const MAX_EXPANSION_CHARS = 12_000;
const MAX_RULES = 16;
/** Argument elements an invocation keeps (a long table of data is not a call of a fn-writing macro). */
const MAX_ARG_ELEMENTS = 64;
/** Nested invocations followed from one item macro (`insert!` -> `insert!` -> `last!`). */
const MAX_DEPTH = 4;
const MAX_FNS_PER_INVOCATION = 32;

/**
 * The rules of a `macro_rules!` whose expansion defines a fn (`fn get(..)`, `fn $name(..)`), each with
 * its matcher, fns and item invocations; undefined for other macros. `fnFactOf` makes the facts of a
 * fn of the parsed expansion (as facts.ts makes every fn's), with the imports the expansion sees.
 */
export function macroItemRules(item: Node, fnFactOf: (fn: Node, imports: ImportMap) => FnFact): MacroItemRule[] | undefined {
  const rules = item.namedChildren.filter((c) => c.type === 'macro_rule').slice(0, MAX_RULES);
  const bodies = rules.map((r) => r.namedChildren[r.namedChildren.length - 1]);
  if (!bodies.some((b) => b?.type === 'token_tree' && definesFn(b))) return undefined;
  const imports = expansionImports(item.tree.rootNode);
  return rules.map((rule, i) => {
    const body = bodies[i];
    const pattern = rule.namedChildren[0];
    const matcher = pattern?.type === 'token_tree_pattern' ? matcherOf(pattern) : undefined;
    if (body?.type !== 'token_tree' || body.text.length > MAX_EXPANSION_CHARS) return { matcher, fns: [], invokes: [] };
    return { matcher, ...expansionItems(body, imports, fnFactOf) };
  });
}

function definesFn(body: Node): boolean {
  const leaves = body.descendantsOfType(['fn']);
  return leaves.some((f) => f.nextSibling?.type === 'identifier' || f.nextSibling?.type === 'metavariable');
}

/**
 * The imports the expansion's code sees: the defining file's `use`s, and its `extern crate` items (a
 * crate root that says `extern crate diesel;` names diesel for the code its macros write).
 */
function expansionImports(root: Node): ImportMap {
  const imports = ImportMap.fromRoot(root);
  for (const e of root.descendantsOfType('extern_crate_declaration')) {
    const name = e.childForFieldName('name')?.text;
    const alias = e.childForFieldName('alias')?.text;
    if (name && !imports.names.has(alias ?? name)) imports.names.set(alias ?? name, name);
  }
  return imports;
}

/** The matcher's elements inside its outer delimiters; undefined for nested groups or a repetition before the end. */
function matcherOf(pattern: Node): MatcherPart[] | undefined {
  const out: MatcherPart[] = [];
  const inner = pattern.children.slice(1, -1);
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (c.type === 'token_binding_pattern') {
      const name = c.namedChildren.find((x) => x.type === 'metavariable')?.text.slice(1);
      const frag = c.namedChildren.find((x) => x.type === 'fragment_specifier')?.text;
      if (!name || !frag) return undefined;
      out.push({ bind: name, frag });
    } else if (c.type === 'token_repetition_pattern') {
      if (i !== inner.length - 1) return undefined;
      const op = c.children[c.children.length - 1]?.text;
      out.push({ rep: op === '+' || op === '?' ? op : '*' });
    } else if (c.childCount === 0 || c.type === 'string_literal' || c.type === 'integer_literal') out.push({ lit: c.text });
    else return undefined;
  }
  return out;
}

/** The expansion as Rust text: `$x` as a placeholder name, `$crate` as `crate`, each repetition once. */
function renderExpansion(node: Node): string {
  const src = node.tree.source;
  let out = '';
  let at = node.startIndex;
  const walk = (n: Node) => {
    if (n.type === 'metavariable') {
      out += src.slice(at, n.startIndex) + (n.text === '$crate' ? 'crate' : `${METAVAR}${n.text.slice(1)}`);
      at = n.endIndex;
      return;
    }
    if (n.type === 'token_repetition') {
      // `$( .. ) sep? op`: the part between the parentheses, once.
      const open = n.children.findIndex((c) => c.type === '(');
      let close = n.children.length - 1;
      while (close >= 0 && n.children[close]!.type !== ')') close--;
      out += src.slice(at, n.startIndex);
      at = open >= 0 ? n.children[open]!.endIndex : n.endIndex;
      for (const c of n.children.slice(open + 1, close < 0 ? undefined : close)) walk(c);
      out += src.slice(at, close >= 0 ? n.children[close]!.startIndex : n.endIndex);
      at = n.endIndex;
      return;
    }
    for (const c of n.children) walk(c);
  };
  for (const c of node.children.slice(1, -1)) walk(c);
  const last = node.children[node.children.length - 1];
  return out + src.slice(at, last ? last.startIndex : node.endIndex);
}

/** The fns and item invocations of one rule's expansion, parsed as the body of an impl. */
function expansionItems(body: Node, imports: ImportMap, fnFactOf: (fn: Node, imports: ImportMap) => FnFact): Pick<MacroItemRule, 'fns' | 'invokes'> {
  const fns: FnFact[] = [];
  const invokes: MacroItemRule['invokes'] = [];
  let tree;
  try {
    tree = parseRust(`impl ${MACRO_SELF} {\n${renderExpansion(body)}\n}\n`, undefined, { macroArguments: false });
  } catch {
    return { fns, invokes };
  }
  const list = tree.rootNode.namedChildren[0]?.childForFieldName('body');
  if (tree.rootNode.namedChildren.length !== 1 || list?.type !== 'declaration_list') return { fns, invokes };
  for (const item of list.namedChildren) {
    if (item.type === 'function_item' && !item.hasError) fns.push(fnFactOf(item, imports));
    const invocation = item.type === 'macro_invocation' ? item : item.type === 'expression_statement' ? item.namedChildren[0] : undefined;
    if (invocation?.type !== 'macro_invocation' || invocation.hasError) continue;
    const name = invocation.childForFieldName('macro')?.text.split('::').pop();
    const args = macroArgElements(invocation);
    if (name && args) invokes.push({ name, args });
  }
  return { fns, invokes };
}

/**
 * An invocation's arguments as elements for a matcher: each token, a delimited group as one element
 * (its text). Undefined when there are too many to be a fn-writing macro's arguments.
 */
export function macroArgElements(invocation: Node): string[] | undefined {
  const tt = macroTokenTree(invocation);
  if (!tt) return undefined;
  const inner = tt.children.slice(1, -1);
  if (inner.length > MAX_ARG_ELEMENTS) return undefined;
  return inner.map((c) => c.text.replace(/\s+/g, ' '));
}

const IDENT = /^[A-Za-z_]\w*$/;
/** Fragments that stand for one element (`$x:ident`, `$t:tt`, a literal or lifetime). */
const ONE_ELEMENT = new Set(['ident', 'tt', 'literal', 'lifetime']);

/**
 * The bindings of `args` under `matcher` (as macro_rules matches, for the shapes `matcherOf` keeps):
 * a fragment other than one-element ones takes the elements up to the matcher's next literal. Null
 * when the arguments do not fit.
 */
export function matchArgs(matcher: readonly MatcherPart[], args: readonly string[]): Map<string, string> | null {
  const bound = new Map<string, string>();
  let i = 0;
  for (let k = 0; k < matcher.length; k++) {
    const part = matcher[k]!;
    if ('lit' in part) {
      if (args[i] !== part.lit) return null;
      i++;
    } else if ('rep' in part) {
      if (part.rep === '+' && i >= args.length) return null;
      i = args.length;
    } else if (ONE_ELEMENT.has(part.frag)) {
      const a = args[i];
      if (a === undefined || (part.frag === 'ident' && !IDENT.test(a))) return null;
      bound.set(part.bind, a);
      i++;
    } else {
      const next = matcher[k + 1];
      if (next && 'bind' in next) return null;
      const j = fragmentEnd(args, i, next && 'lit' in next ? next.lit : undefined);
      if (j === i) return null;
      bound.set(part.bind, args.slice(i, j).join(' '));
      i = j;
    }
  }
  return i === args.length ? bound : null;
}

/**
 * Where a type, expression or path fragment starting at `i` ends: before the matcher's next literal,
 * or a `,` / `;` / `=>` (which no such fragment holds outside brackets; `<..>` counted, as token
 * trees do not group them).
 */
function fragmentEnd(args: readonly string[], i: number, nextLit: string | undefined): number {
  let angle = 0;
  let j = i;
  for (; j < args.length; j++) {
    const a = args[j]!;
    if (angle === 0 && (a === nextLit || a === ',' || a === ';' || a === '=>')) break;
    if (a === '<') angle++;
    else if (a === '>' || a === '>>') angle = Math.max(0, angle - a.length);
  }
  return j;
}

/** Where the generated fns go: the invocation's impl type (or none: free fns of its module). */
export interface ItemMacroSite {
  owner?: string;
  line: number;
  endLine: number;
  test: boolean;
}

/**
 * The fns an item macro invocation defines, by the crate's definitions of each macro name
 * (`definitions(name)`: exactly one is needed), or [] when any step is not known.
 */
export function expandItemMacro(name: string, args: readonly string[], site: ItemMacroSite, definitions: (name: string) => readonly MacroItemRule[][]): FnFact[] {
  const out: FnFact[] = [];
  const expand = (macro: string, elements: readonly string[], depth: number) => {
    if (depth > MAX_DEPTH || out.length >= MAX_FNS_PER_INVOCATION) return;
    const defs = definitions(macro);
    if (defs.length !== 1) return;
    for (const rule of defs[0]!) {
      if (!rule.matcher) return;
      const bound = matchArgs(rule.matcher, elements);
      if (!bound) continue;
      const substitute = (text: string, escape = (v: string) => v) => text.replace(new RegExp(`${METAVAR}(\\w+)`, 'g'), (whole, v: string) => (bound.has(v) ? escape(bound.get(v)!) : whole));
      for (const fn of rule.fns) {
        const named = fn.name.startsWith(METAVAR) ? bound.get(fn.name.slice(METAVAR.length)) : fn.name;
        if (!named || !IDENT.test(named) || out.length >= MAX_FNS_PER_INVOCATION) continue;
        // The invocation's arguments in place of the placeholders (`orders::table..first(..)` in a label).
        const written = JSON.parse(substitute(JSON.stringify(fn), (v) => JSON.stringify(v).slice(1, -1))) as FnFact;
        out.push(placed(written, named, site));
      }
      for (const inv of rule.invokes) expand(inv.name, inv.args.map((a) => substitute(a)), depth + 1);
      return;
    }
  };
  expand(name, args, 0);
  return out;
}

/** A fn of the expansion as the invocation places it: its name, its impl, the invocation's lines. */
function placed(fn: FnFact, name: string, site: ItemMacroSite): FnFact {
  const { owner: _owner, ...rest } = fn;
  const at = <T extends { line: number }>(x: T): T => ({ ...x, line: site.line });
  return {
    ...rest,
    name,
    ...(site.owner ? { owner: site.owner } : {}),
    line: site.line,
    endLine: site.endLine,
    test: fn.test || site.test,
    calls: fn.calls.map(at),
    macros: fn.macros.map((m) => ({ ...at(m), endLine: site.line })),
    lets: fn.lets.map(at),
  };
}
