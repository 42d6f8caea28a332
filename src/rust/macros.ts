/** Reference P6: macro bodies are token trees; scan their tokens or re-parse them as expressions. */
import type { Node, Tree } from './parser.js';
import { parseRust } from './parser.js';
import { descendants } from './syntax.js';

/** The macro's path without the `!`: `format`, `sqlx::query`, `tokio::select`. */
export function macroName(invocation: Node): string {
  return invocation.childForFieldName('macro')?.text ?? invocation.namedChildren[0]?.text ?? '';
}

export function macroTokenTree(invocation: Node): Node | null {
  return invocation.namedChildren.find((c) => c.type === 'token_tree') ?? null;
}

/** Leaf tokens of a token tree, in order (identifiers, literals, punctuation). */
export function tokenLeaves(tokenTree: Node): Node[] {
  const out: Node[] = [];
  for (const d of descendants(tokenTree)) {
    if (d.childCount === 0 || d.type === 'string_literal' || d.type === 'raw_string_literal') {
      if (d.parent && (d.parent.type === 'string_literal' || d.parent.type === 'raw_string_literal')) continue;
      out.push(d);
    }
  }
  return out;
}

/**
 * A name token: `identifier` in a raw token tree; once a known macro's arguments are parsed
 * (macro-graft.ts) the same name may be a `field_identifier`, `type_identifier`, ...
 */
export function isNameLeaf(t: Node): boolean {
  return NAME_LEAVES.has(t.type);
}

const NAME_LEAVES = new Set(['identifier', 'field_identifier', 'type_identifier', 'shorthand_field_identifier', 'primitive_type']);

export function tokenTreeIdentifiers(tokenTree: Node): string[] {
  return tokenLeaves(tokenTree).filter(isNameLeaf).map((t) => t.text);
}

/** True when the token tree contains `.await` (e.g. inside `select!` or `join!`). */
export function tokenTreeHasAwait(tokenTree: Node): boolean {
  const leaves = tokenLeaves(tokenTree);
  return leaves.some((t, i) => t.text === 'await' && leaves[i - 1]?.text === '.');
}

/**
 * Re-parses a function-like macro's arguments as a call `__m(<args>)` laid out at the same rows and
 * columns as the original, so node positions (and so finding lines) stay true. Rules reach it
 * through `ctx.reparseMacro`, which caches it per invocation.
 */
export function reparseMacroArguments(source: string, invocation: Node): { tree: Tree; call: Node | null } | null {
  const tt = macroTokenTree(invocation);
  if (!tt) return null;
  const { row, column } = tt.startPosition;
  const open = tt.text[0];
  let body = tt.text;
  if (open === '[' || open === '{') body = `(${body.slice(1, -1)})`;
  // Keep rows: one filler line per source line before the token tree; keep columns with spaces.
  const prefix = row > 0 ? `${'\n'.repeat(row - 1)}fn __m(){\n` : 'fn __m(){';
  const pad = row > 0 ? Math.max(0, column - 3) : 0;
  const text = `${prefix}${' '.repeat(pad)}__m${body};}`;
  const tree = parseRust(text);
  const fn = tree.rootNode.namedChildren[0];
  const block = fn?.childForFieldName('body');
  const stmt = block?.namedChildren[0];
  const call = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] ?? null : null;
  return { tree, call: call?.type === 'call_expression' ? call : null };
}

/** The argument expressions of a re-parsed macro call. */
export function reparsedArguments(call: Node | null): Node[] {
  return call?.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'line_comment' && c.type !== 'block_comment') ?? [];
}
