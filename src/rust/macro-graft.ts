/**
 * Macro arguments as code (issue 15, item 4).
 *
 * tree-sitter leaves a macro's arguments as a flat token tree, so no rule saw the `&String` passed
 * inside `json!(..)`, the `.clone()` inside `format!(..)` or the `.unwrap()` inside `assert_eq!(..)`.
 * For the macros whose arguments are Rust expressions (format-like, `vec!`, `json!`, `assert*!`,
 * tracing / log, `sqlx::query*!`, `select!` / `join!`), this re-parses the argument spans as
 * expressions and grafts the expression nodes into the token tree in place of the tokens they
 * cover, so every rule visitor and every descendant query sees them with no rule change. Tokens
 * that are not expressions (`select!` patterns and `=>`, `json!` keys, tracing field names, the
 * commas) stay as they were.
 *
 * All spans of a file are parsed at once, as statements of one `fn __m(){ .. }`; each parsed node is
 * shifted back to its span's place in the source when grafted (rows and columns follow from it). A span that does not parse as one
 * clean expression keeps its tokens. Macros the file defines itself (`macro_rules! name`) are never
 * grafted, and of an unknown macro only what can be nothing but code: a closure literal passed as
 * one of its comma-separated arguments (`audit_segment!(au, || { .. })`, `insert!(t, New, |row, conn| { .. })`)
 * and a `{ .. }` block after a top-level `=>` (`enum_map! { _ => { .. } }`). Whatever the macro does
 * with them, their statements run as written, so what the rules see there is what the program does.
 */
import { LOG_MACROS, PRINT_MACROS } from '../catalogue/logging.js';
import { formatsWhenLiteralFirst, keepsArguments } from '../catalogue/values.js';
import type { SyntaxNode, SyntaxTree } from './syntax-tree.js';

type Kind = 'args' | 'format' | 'log' | 'first' | 'json' | 'select' | 'code';

/** Macros whose arguments are expressions, by last path segment (the catalogue of macro shapes). */
const KNOWN: Record<string, Kind> = {
  // std format-like and panics: named arguments `name = value` give their value.
  ...Object.fromEntries(
    ['format', 'format_args', ...PRINT_MACROS, 'write', 'writeln', 'panic', 'unreachable', 'todo', 'unimplemented', 'dbg', 'anyhow', 'bail', 'ensure', 'eyre', 'format_err', 'assert', 'assert_eq', 'assert_ne', 'debug_assert', 'debug_assert_eq', 'debug_assert_ne'].map((n) => [n, 'format' as Kind]),
  ),
  // Plain argument lists (`vec![x; n]` splits at the `;`).
  ...Object.fromEntries(['vec', 'join', 'try_join', 'query', 'query_as', 'query_scalar', 'query_unchecked', 'query_as_unchecked', 'query_scalar_unchecked', 'query_with', 'query_as_with'].map((n) => [n, 'args' as Kind])),
  // tracing / log: `target: ..`, `field = %value`, `?value`, then the format string and its arguments.
  ...Object.fromEntries(LOG_MACROS.map((n) => [n, 'log' as Kind])),
  matches: 'first',
  assert_matches: 'first',
  json: 'json',
  select: 'select',
  select_biased: 'select',
};

interface Span {
  start: number;
  end: number;
  /** The raw sibling nodes the expression replaces (consecutive children of one token tree). */
  first: SyntaxNode;
}

const isPunct = (n: SyntaxNode | undefined, text: string): boolean => !!n && n.childCount === 0 && n.text === text;

/** Splits a token tree's inner children at top-level separators. */
function segments(tt: SyntaxNode, separators: ReadonlySet<string>): SyntaxNode[][] {
  const inner = tt.children.slice(1, -1);
  const out: SyntaxNode[][] = [];
  let current: SyntaxNode[] = [];
  for (const c of inner) {
    if (c.childCount === 0 && separators.has(c.text)) {
      out.push(current);
      current = [];
    } else if (c.type !== 'line_comment' && c.type !== 'block_comment') current.push(c);
  }
  out.push(current);
  return out.filter((s) => s.length > 0);
}

const COMMA = new Set([',']);
const COMMA_SEMI = new Set([',', ';']);

function spanOf(tokens: SyntaxNode[]): Span | null {
  if (!tokens.length) return null;
  return { start: tokens[0]!.startIndex, end: tokens[tokens.length - 1]!.endIndex, first: tokens[0]! };
}

/** `name = value` (not `==`): the value. */
function afterAssignment(seg: SyntaxNode[]): SyntaxNode[] {
  return seg.length > 2 && seg[0]!.type === 'identifier' && isPunct(seg[1], '=') ? seg.slice(2) : seg;
}

/** tracing / log argument: strips `target:` keys, `a.b = ` field names and the `%` / `?` sigils. */
function logValue(seg: SyntaxNode[]): SyntaxNode[] {
  let s = seg;
  if (s.length > 2 && s[0]!.type === 'identifier' && isPunct(s[1], ':')) s = s.slice(2);
  const eq = s.findIndex((t) => isPunct(t, '='));
  if (eq > 0 && s.slice(0, eq).every((t) => t.type === 'identifier' || t.type === 'string_literal' || isPunct(t, '.'))) s = s.slice(eq + 1);
  if (s.length > 1 && (isPunct(s[0], '%') || isPunct(s[0], '?'))) s = s.slice(1);
  return s;
}

function jsonSpans(tt: SyntaxNode, out: Span[]): void {
  const object = tt.text.startsWith('{');
  for (const seg of segments(tt, COMMA)) {
    let value = seg;
    if (object) {
      const colon = seg.findIndex((t) => isPunct(t, ':'));
      if (colon < 0) continue;
      value = seg.slice(colon + 1);
    }
    if (value.length === 1 && value[0]!.type === 'token_tree' && /^[[{]/.test(value[0]!.text)) jsonSpans(value[0]!, out);
    else {
      const span = spanOf(value);
      if (span) out.push(span);
    }
  }
}

/** `select!`: per branch the future, the `if` precondition and the handler; patterns stay tokens. */
function selectSpans(tt: SyntaxNode, out: Span[]): void {
  const inner = tt.children.slice(1, -1).filter((c) => c.type !== 'line_comment' && c.type !== 'block_comment');
  let i = 0;
  if (inner[0]?.text === 'biased' && isPunct(inner[1], ';')) i = 2;
  while (i < inner.length) {
    const arrow = inner.findIndex((t, k) => k >= i && isPunct(t, '=>'));
    if (arrow < 0) return;
    const lhs = inner.slice(i, arrow);
    const eq = lhs.findIndex((t) => isPunct(t, '='));
    if (eq >= 0) {
      const rest = lhs.slice(eq + 1);
      const guard = rest.findIndex((t, k) => isPunct(t, ',') && rest[k + 1]?.text === 'if');
      const fut = spanOf(guard >= 0 ? rest.slice(0, guard) : rest);
      if (fut) out.push(fut);
      if (guard >= 0) {
        const cond = spanOf(rest.slice(guard + 2));
        if (cond) out.push(cond);
      }
    }
    let j = arrow + 1;
    let handler: SyntaxNode[];
    if (inner[j]?.type === 'token_tree' && inner[j]!.text.startsWith('{')) handler = [inner[j++]!];
    else {
      const end = inner.findIndex((t, k) => k >= j && isPunct(t, ','));
      handler = inner.slice(j, end < 0 ? inner.length : end);
      j = end < 0 ? inner.length : end;
    }
    const h = spanOf(handler);
    if (h) out.push(h);
    if (isPunct(inner[j], ',')) j++;
    i = j;
  }
}

/** A closure literal's first tokens: `|a, b|`, `||`, `move |..|`, `async move |..|`. */
function startsClosure(seg: SyntaxNode[]): boolean {
  let i = 0;
  while (seg[i] && (seg[i]!.text === 'move' || seg[i]!.text === 'async') && seg[i]!.childCount === 0) i++;
  return isPunct(seg[i], '|') || isPunct(seg[i], '||');
}

/**
 * An unknown macro's arguments that are code whatever the macro is: closure literals among its
 * comma-separated arguments, and `{ .. }` blocks right after a top-level `=>`. A token tree holding
 * `#` (quote!-style interpolation) or `$` (a nested macro definition) is generated code, left as tokens.
 */
function codeSpans(tt: SyntaxNode, out: Span[]): void {
  const inner = tt.children.slice(1, -1);
  if (/[#$]/.test(tt.text) && inner.some((c) => descendantTokens(c).some((t) => t.text === '#' || t.text === '$'))) return;
  const tokens = inner.filter((c) => c.type !== 'line_comment' && c.type !== 'block_comment');
  // Comma-separated arguments; a closure's `|a, b|` holds commas of its own.
  for (let i = 0; i < tokens.length; ) {
    let end = i;
    const closure = startsClosure(tokens.slice(i));
    if (closure) {
      while (!isPunct(tokens[end], '|') && !isPunct(tokens[end], '||')) end++;
      if (isPunct(tokens[end], '|')) do end++; while (end < tokens.length && !isPunct(tokens[end], '|'));
      end++;
    }
    while (end < tokens.length && !isPunct(tokens[end], ',')) end++;
    if (closure) {
      const span = spanOf(tokens.slice(i, end));
      if (span) out.push(span);
    }
    i = end + 1;
  }
  for (let i = 0; i + 1 < inner.length; i++) {
    const next = inner[i + 1]!;
    if (isPunct(inner[i], '=>') && next.type === 'token_tree' && next.text.startsWith('{')) out.push({ start: next.startIndex, end: next.endIndex, first: next });
  }
}

function descendantTokens(n: SyntaxNode): SyntaxNode[] {
  if (n.childCount === 0) return [n];
  return n.children.flatMap(descendantTokens);
}

/** The expression spans of one invocation's token tree. */
function argumentSpans(kind: Kind, tt: SyntaxNode): Span[] {
  const out: Span[] = [];
  const push = (tokens: SyntaxNode[]) => {
    const s = spanOf(tokens);
    if (s) out.push(s);
  };
  switch (kind) {
    case 'json':
      if (tt.children.length === 3 && tt.children[1]!.type === 'token_tree' && /^[[{]/.test(tt.children[1]!.text)) jsonSpans(tt.children[1]!, out);
      else push(tt.children.slice(1, -1));
      break;
    case 'select':
      selectSpans(tt, out);
      break;
    case 'first':
      push(segments(tt, COMMA)[0] ?? []);
      break;
    case 'log':
      for (const seg of segments(tt, COMMA_SEMI)) push(logValue(seg));
      break;
    case 'format':
      for (const seg of segments(tt, COMMA)) push(afterAssignment(seg));
      break;
    case 'args':
      for (const seg of segments(tt, COMMA_SEMI)) push(seg);
      break;
    case 'code':
      codeSpans(tt, out);
      break;
  }
  return out;
}

const PREFIX = 'fn __m(){';

/** Finds the spans of every known macro invocation of the tree, in source order. */
function collectSpans(tree: SyntaxTree): Span[] {
  const nodes = tree.nodes;
  const ids = tree.symbols.idsByName;
  const macroIds = new Set(ids.get('macro_invocation') ?? []);
  const definitionIds = new Set(ids.get('macro_definition') ?? []);
  const invocations: SyntaxNode[] = [];
  const ownMacros = new Set<string>();
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (macroIds.has(n.typeId)) invocations.push(n);
    else if (definitionIds.has(n.typeId)) {
      const name = n.childForFieldName('name')?.text;
      if (name) ownMacros.add(name);
    }
  }
  const spans: Span[] = [];
  for (const inv of invocations) {
    const path = inv.childForFieldName('macro')?.text ?? '';
    const name = path.slice(path.lastIndexOf(':') + 1);
    if (ownMacros.has(name) || path === 'macro_rules') continue;
    const kind: Kind = Object.hasOwn(KNOWN, name) ? KNOWN[name]! : 'code';
    const tt = inv.children.find((c) => c.type === 'token_tree');
    if (!tt || tt.hasError) continue;
    spans.push(...argumentSpans(kind, tt));
  }
  return spans.sort((a, b) => a.start - b.start);
}

/**
 * Grafts the argument expressions of the known macros in `tree` (see the file comment). `parse`
 * parses a wrapper text (and grafts the macros nested inside it).
 */
export function graftMacroArguments(tree: SyntaxTree, parse: (text: string) => SyntaxTree): boolean {
  const found = collectSpans(tree);
  if (!found.length) return false;
  const source = tree.source;
  // One text, blank but for the spans; each span is followed by `;` (its separator's place).
  const spans: Span[] = [];
  let last = 0;
  for (const s of found) {
    if (s.start < last) continue;
    spans.push(s);
    last = s.end;
  }
  if (!spans.length) return false;
  // The spans one after another (`;` and a newline between), each at a known offset from its place
  // in the source: the parsed nodes are shifted back by it when grafted.
  const parts: string[] = [PREFIX];
  const offsets: { at: number; span: Span }[] = [];
  let at = PREFIX.length;
  for (const s of spans) {
    offsets.push({ at, span: s });
    const text = source.slice(s.start, s.end);
    parts.push(text, ';\n');
    at += text.length + 2;
  }
  parts.push('}');
  const wrapper = parse(parts.join(''));
  const body = wrapper.rootNode.namedChildren[0]?.childForFieldName('body');
  if (!body) return false;
  const byStart = new Map<number, { at: number; span: Span }>(offsets.map((o) => [o.at, o]));
  const grafts = new Map<SyntaxNode, { span: Span; expr: SyntaxNode; shift: number }>();
  for (const stmt of body.namedChildren) {
    const expr = stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined;
    const o = expr && byStart.get(expr.startIndex);
    if (!o || !expr || expr.endIndex - expr.startIndex !== o.span.end - o.span.start || stmt.hasError) continue;
    grafts.set(o.span.first, { span: o.span, expr, shift: o.span.start - o.at });
  }
  if (!grafts.size) return false;
  splice(tree, wrapper, grafts);
  return true;
}

/** Rebuilds `tree.nodes` with each graft's expression subtree in place of the tokens it covers. */
function splice(tree: SyntaxTree, wrapper: SyntaxTree, grafts: Map<SyntaxNode, { span: Span; expr: SyntaxNode; shift: number }>): void {
  const old = tree.nodes;
  const missing = new Set<SyntaxNode>([...tree.missing].map((i) => old[i]!));
  for (const i of wrapper.missing) missing.add(wrapper.nodes[i]!);
  const next: SyntaxNode[] = [];
  const touched = new Set<SyntaxNode>();
  let i = 0;
  while (i < old.length) {
    const node = old[i]!;
    const graft = grafts.get(node);
    if (!graft) {
      node.rehome(tree, next.length, node.parent);
      next.push(node);
      i++;
      continue;
    }
    const parent = node.parent!;
    touched.add(parent);
    const w = wrapper.nodes;
    // The expression's own place in the wrapper, read once: rehoming it renumbers its `preorder`,
    // which may then equal the wrapper index of one of its descendants (that node would be hung
    // under the token tree, and its parent would lose a child).
    const top = graft.expr.preorder;
    for (let k = top, end = graft.expr.subtreeEnd; k < end; k++) {
      const g = w[k]!;
      g.rehome(tree, next.length, k === top ? parent : g.parent, graft.shift);
      next.push(g);
    }
    // Skip the replaced siblings (whole subtrees) up to the span's end.
    let j = i;
    while (j < old.length && old[j]!.parent === parent && old[j]!.startIndex < graft.span.end) j = old[j]!.subtreeEnd;
    i = j;
  }
  // Subtree ends from the new parent links, deepest first.
  for (let k = 0; k < next.length; k++) next[k]!.subtreeEnd = k + 1;
  for (let k = next.length - 1; k > 0; k--) {
    const n = next[k]!;
    const p = n.parent;
    if (p && p.subtreeEnd < n.subtreeEnd) p.subtreeEnd = n.subtreeEnd;
  }
  old.length = 0;
  for (const n of next) old.push(n);
  tree.missing.clear();
  for (const n of missing) if (n.tree === tree) tree.missing.add(n.preorder);
  for (const t of touched) t.forgetChildren();
  tree.forgetIndexes();
  tree.reserveIds();
}

/**
 * Whether a macro invocation takes its arguments by reference: std's format-like macros, `assert*!`
 * and the tracing / log macros format what they are given and keep nothing. `dbg!` returns its
 * argument, and an error macro without a format string (`anyhow!(err)`) keeps it.
 */
export function macroArgumentsBorrowed(invocation: SyntaxNode): boolean {
  const path = invocation.childForFieldName('macro')?.text ?? '';
  const name = path.slice(path.lastIndexOf(':') + 1);
  const kind = Object.hasOwn(KNOWN, name) ? KNOWN[name] : undefined;
  if (kind !== 'format' && kind !== 'log') return false;
  if (!keepsArguments(name)) return true;
  if (!formatsWhenLiteralFirst(name)) return false;
  const first = invocation.children.find((c) => c.type === 'token_tree')?.children[1];
  return first?.type === 'string_literal' || first?.type === 'raw_string_literal';
}
