/**
 * Name resolution inside one function body, by lexical scope: which `let`, parameter, closure
 * parameter or pattern declares the identifier at a use site, and where else that binding is used.
 * Each block's `let`s are indexed by name once (NodeMemo), so resolving every use of a large body
 * is linear, not quadratic in its statements.
 */
import { NodeMemo, type Node } from '../rust/parser.js';
import { ancestors, descendants, patternIdentifier } from '../rust/syntax.js';
import { tokenLeaves } from '../rust/macros.js';

export type DeclKind = 'let' | 'param' | 'closure-param' | 'for' | 'pattern';

export interface Declaration {
  kind: DeclKind;
  name: string;
  /** The `let_declaration`, `parameter`, `for_expression`, closure or arm that binds the name. */
  node: Node;
  /** The identifier node in the pattern. */
  ident: Node;
  /** Declared type, when written (`let x: T`, `x: T`). */
  type: Node | null;
  /** Initial value of a `let`. */
  value: Node | null;
  /** Where the binding is visible (block after a let, fn/closure body, loop body). */
  scope: Node;
  /** The pattern is exactly the identifier (`x` / `mut x`), not a destructuring. */
  simple: boolean;
}

/** The identifier bound by a pattern if it binds `name` (searching destructuring patterns too). */
function bindsName(pattern: Node | null, name: string): { ident: Node; simple: boolean } | null {
  if (!pattern) return null;
  if (pattern.type === 'identifier') return pattern.text === name ? { ident: pattern, simple: true } : null;
  const single = patternIdentifier(pattern);
  if (single) return single.text === name ? { ident: single, simple: true } : null;
  for (const d of [pattern, ...descendants(pattern)]) {
    if ((d.type === 'identifier' || d.type === 'shorthand_field_identifier') && d.text === name) {
      const parent = d.parent;
      // `Some(x)`: the type part of a tuple-struct pattern is not a binding.
      if (parent && parent.childForFieldName('type')?.id === d.id) continue;
      if (parent?.type === 'scoped_identifier') continue;
      return { ident: d, simple: false };
    }
  }
  return null;
}

const before = (a: Node, b: Node) => a.endIndex <= b.startIndex;
const inside = (n: Node, outer: Node) => n.startIndex >= outer.startIndex && n.endIndex <= outer.endIndex;

interface LetBinding {
  /** Position of the `let` among the block's named children. */
  at: number;
  stmt: Node;
  ident: Node;
  simple: boolean;
}

interface BlockIndex {
  /** Named child id -> its position. */
  position: Map<number, number>;
  /** Name -> the block's `let`s binding it, in order. */
  lets: Map<string, LetBinding[]>;
}

const blockIndexes = new NodeMemo<BlockIndex>();

/** The names a pattern binds, each with its first identifier (as bindsName finds it). */
function patternBindings(pattern: Node | null): Map<string, { ident: Node; simple: boolean }> {
  const out = new Map<string, { ident: Node; simple: boolean }>();
  if (!pattern) return out;
  if (pattern.type === 'identifier') return out.set(pattern.text, { ident: pattern, simple: true });
  const single = patternIdentifier(pattern);
  if (single) return out.set(single.text, { ident: single, simple: true });
  for (const d of [pattern, ...descendants(pattern)]) {
    if (d.type !== 'identifier' && d.type !== 'shorthand_field_identifier') continue;
    const parent = d.parent;
    if (parent && parent.childForFieldName('type')?.id === d.id) continue;
    if (parent?.type === 'scoped_identifier') continue;
    if (!out.has(d.text)) out.set(d.text, { ident: d, simple: false });
  }
  return out;
}

/**
 * The names a pattern binds (`Query(q)`, `(a, b)`, `mut x`, `Foo { id, .. }`, `Err(e)`): not the
 * constructor of `Some(x)` / `Foo { .. }`, nor path segments. One answer for every rule and model
 * module that follows bindings.
 */
export function patternNames(pattern: Node | null): string[] {
  return [...patternBindings(pattern).keys()];
}

function blockIndex(block: Node): BlockIndex {
  let index = blockIndexes.get(block);
  if (index) return index;
  index = { position: new Map(), lets: new Map() };
  const children = block.namedChildren;
  for (let i = 0; i < children.length; i++) {
    const stmt = children[i]!;
    index.position.set(stmt.id, i);
    if (stmt.type !== 'let_declaration') continue;
    for (const [name, b] of patternBindings(stmt.childForFieldName('pattern'))) {
      const list = index.lets.get(name);
      const entry = { at: i, stmt, ident: b.ident, simple: b.simple };
      if (list) list.push(entry);
      else index.lets.set(name, [entry]);
    }
  }
  blockIndexes.set(block, index);
  return index;
}

/** The declaration that an identifier use refers to, or null (a global, a const, an unknown). */
export function resolveBinding(use: Node, name = use.text): Declaration | null {
  let child: Node = use;
  for (const a of ancestors(use)) {
    if (a.type === 'block') {
      // Latest `let` before the statement holding the use, in this block.
      const index = blockIndex(a);
      const pos = index.position.get(child.id);
      const lets = index.lets.get(name);
      if (lets && pos !== undefined) {
        for (let k = lets.length - 1; k >= 0; k--) {
          const b = lets[k]!;
          if (b.at >= pos) continue;
          const stmt = b.stmt;
          return {
            kind: b.simple ? 'let' : 'pattern',
            name,
            node: stmt,
            ident: b.ident,
            type: stmt.childForFieldName('type'),
            value: stmt.childForFieldName('value'),
            scope: a,
            simple: b.simple,
          };
        }
      }
    } else if (a.type === 'closure_expression') {
      const params = a.childForFieldName('parameters');
      for (const p of params?.namedChildren ?? []) {
        const pattern = p.type === 'parameter' ? p.childForFieldName('pattern') : p;
        const b = bindsName(pattern, name);
        if (b) return { kind: 'closure-param', name, node: a, ident: b.ident, type: p.type === 'parameter' ? p.childForFieldName('type') : null, value: null, scope: a, simple: b.simple };
      }
    } else if (a.type === 'for_expression') {
      const body = a.childForFieldName('body');
      if (body && inside(use, body)) {
        const b = bindsName(a.childForFieldName('pattern'), name);
        if (b) return { kind: 'for', name, node: a, ident: b.ident, type: null, value: a.childForFieldName('value'), scope: body, simple: b.simple };
      }
    } else if (a.type === 'match_arm') {
      const b = bindsName(a.childForFieldName('pattern'), name);
      if (b && !inside(use, a.childForFieldName('pattern')!)) return { kind: 'pattern', name, node: a, ident: b.ident, type: null, value: null, scope: a, simple: false };
    } else if (a.type === 'if_expression' || a.type === 'while_expression') {
      const cond = a.childForFieldName('condition');
      const body = a.childForFieldName('consequence') ?? a.childForFieldName('body');
      if (cond && body && inside(use, body)) {
        for (const lc of [cond, ...descendants(cond)].filter((n) => n.type === 'let_condition')) {
          const b = bindsName(lc.childForFieldName('pattern'), name);
          if (b) return { kind: 'pattern', name, node: lc, ident: b.ident, type: null, value: lc.childForFieldName('value'), scope: body, simple: false };
        }
      }
    } else if (a.type === 'function_item') {
      for (const p of a.childForFieldName('parameters')?.namedChildren ?? []) {
        if (p.type !== 'parameter') continue;
        const b = bindsName(p.childForFieldName('pattern'), name);
        if (b) return { kind: 'param', name, node: p, ident: b.ident, type: p.childForFieldName('type'), value: null, scope: a.childForFieldName('body') ?? a, simple: b.simple };
      }
      return null;
    }
    child = a;
  }
  return null;
}

/**
 * The declaration `name` refers to at `at`, where `at` may be a node of a macro's arguments parsed on
 * their own (a tree of its own, same rows and columns as the file): it is then looked up at the same
 * place in `within`'s tree, where the macro's token tree (or its grafted arguments) sits in the fn.
 */
export function resolveBindingAt(name: string, at: Node, within: Node): Declaration | null {
  const use = at.tree === within.tree ? at : within.tree.rootNode.descendantForPosition(at.startPosition);
  return resolveBinding(use, name);
}

/** Is this identifier node an expression use of a variable (not a field, path segment, or macro name)? */
export function isVariableUse(n: Node): boolean {
  if (n.type !== 'identifier') return false;
  const p = n.parent;
  if (!p) return true;
  if (p.type === 'scoped_identifier' || p.type === 'scoped_type_identifier') return false;
  if (p.type === 'macro_invocation' && p.childForFieldName('macro')?.id === n.id) return false;
  if (p.type === 'field_initializer' && p.childForFieldName('field')?.id === n.id) return false;
  // The name a `let` declares (`let x = Arc::clone(&x);` shadows: the new `x` is not a use of the old).
  if (p.type === 'let_declaration' && p.childForFieldName('pattern')?.id === n.id) return false;
  if (p.type === 'mut_pattern' && p.parent?.type === 'let_declaration') return false;
  return !bindsInPattern(n);
}

/** Nodes a binding pattern is made of (`Some(x)`, `(a, b)`, `S { f: x }`, `ref x`, `x @ ..`). */
const PATTERN_PARTS = new Set(['tuple_struct_pattern', 'tuple_pattern', 'struct_pattern', 'field_pattern', 'ref_pattern', 'mut_pattern', 'slice_pattern', 'or_pattern', 'captured_pattern', 'reference_pattern', 'match_pattern']);
/** Items whose `pattern` field binds names. */
const PATTERN_OWNERS = new Set(['let_condition', 'let_declaration', 'for_expression', 'parameter', 'match_arm']);

/** An identifier that a pattern binds (`if let Some(x) = ..`, a match arm, `for (k, v) in ..`): a new name, not a use. */
function bindsInPattern(n: Node): boolean {
  let c = n;
  let p = n.parent;
  while (p && PATTERN_PARTS.has(p.type)) {
    // A match guard (`Some(x) if x > limit`) and a tuple-struct's path are expressions, not bindings.
    if (p.type === 'match_pattern' && p.childForFieldName('condition')?.id === c.id) return false;
    if (p.type === 'tuple_struct_pattern' && p.childForFieldName('type')?.id === c.id) return false;
    c = p;
    p = p.parent;
  }
  if (!p || c.id === n.id) return p?.type === 'closure_parameters' || (!!p && PATTERN_OWNERS.has(p.type) && p.type !== 'let_declaration' && p.childForFieldName('pattern')?.id === n.id);
  return PATTERN_OWNERS.has(p.type) && p.childForFieldName('pattern')?.id === c.id;
}

export interface Use {
  node: Node;
  /** Found as a token inside a macro's token tree (not resolvable: assume it is this binding). */
  inMacro: boolean;
}

/**
 * Uses of a declaration's name inside its scope after the declaration, skipping uses that resolve
 * to another (shadowing) binding. Macro token trees are scanned by token, so `format!("{x}")`-style
 * inline uses inside string literals are found too.
 */
export function usesOf(decl: Declaration): Use[] {
  const out: Use[] = [];
  const start = decl.kind === 'let' || decl.kind === 'pattern' ? decl.node.endIndex : decl.ident.endIndex;
  const inlineArg = new RegExp(`\\{${decl.name}(?:[:}])`);
  // A macro's token tree is scanned by token once; its parsed arguments (macro-graft.ts) are inside it.
  let scannedUntil = -1;
  for (const n of descendants(decl.scope)) {
    if (n.startIndex < start || n.startIndex < scannedUntil) continue;
    if (n.type === 'token_tree' && n.parent?.type === 'macro_invocation') {
      scannedUntil = n.endIndex;
      for (const t of tokenLeaves(n)) {
        if (t.type === 'identifier' && t.text === decl.name) out.push({ node: t, inMacro: true });
        else if ((t.type === 'string_literal' || t.type === 'raw_string_literal') && inlineArg.test(t.text)) out.push({ node: t, inMacro: true });
      }
      continue;
    }
    if (!isVariableUse(n) || n.text !== decl.name) continue;
    if (n.parent?.type === 'token_tree') continue; // counted with its macro
    const d = resolveBinding(n);
    if (d && d.ident.id === decl.ident.id) out.push({ node: n, inMacro: false });
  }
  return out;
}

/** Loops (and per-item iterator closures) between `node` and `outer`, innermost first. */
export function loopsBetween(node: Node, outer: Node | null): Node[] {
  const out: Node[] = [];
  for (const a of ancestors(node)) {
    if (outer && a.id === outer.id) break;
    if (a.type === 'for_expression' || a.type === 'while_expression' || a.type === 'loop_expression') {
      // The iterated value of a `for` is evaluated once, not per iteration.
      if (a.type === 'for_expression' && inside(node, a.childForFieldName('value')!)) continue;
      out.push(a);
    }
    if (a.type === 'function_item') break;
  }
  return out;
}

export { inside, before };
