import type { FileModel } from '../../model/index.js';
import type { Node } from '../../rust/parser.js';
import { calleeText, enclosingStatement } from '../../rust/syntax.js';
import type { ImportMap } from '../../rust/imports.js';
import { ENV_MUTATING_FUNCTIONS } from '../../catalogue/environment.js';
import { defineRule } from '../define-rule.js';

/**
 * A `// SAFETY:` comment (or `# Safety` doc section) in the comment block directly above `line`:
 * attributes and blank lines may stand between them, code may not.
 */
function hasSafetyCommentAbove(lines: readonly string[], line: number): boolean {
  for (let l = line - 1; l >= 1; l--) {
    const text = lines[l - 1]!.trim();
    if (text === '') continue;
    if (/^(\/\/|\/\*|\*)/.test(text)) {
      if (/SAFETY\s*:|#\s*Safety/i.test(text)) return true;
      continue;
    }
    if (text.startsWith('#[')) continue;
    // `let x =// SAFETY: ..` with the block on the next line: the statement's own trailing comment.
    const trailing = /^[^/]*=\s*\/\/\s*(.*)$/.exec(text);
    return !!trailing && /^SAFETY\s*:/i.test(trailing[1]!);
  }
  return false;
}

/** `unsafe {\n    // SAFETY: ..` : the justification as the block's first comment (accepted by clippy since #16339). */
function hasSafetyCommentFirstInside(block: Node): boolean {
  const inner = block.namedChildren.find((c) => c.type === 'block');
  const first = (inner ?? block).namedChildren[0];
  return !!first && (first.type === 'line_comment' || first.type === 'block_comment') && /SAFETY\s*:/i.test(first.text);
}

/**
 * The nearest enclosing fn is an `unsafe fn` whose contract is written down: a `# Safety` /
 * `SAFETY:` comment above it, or, for a trait impl's method, on the crate trait's declaration of
 * that method (the impl is unsafe to call with the same contract; the model knows the trait).
 */
function insideDocumentedUnsafeFn(node: Node, lines: readonly string[], model: FileModel): boolean {
  let fn: Node | null = node.parent;
  while (fn && fn.type !== 'function_item' && fn.type !== 'closure_expression') fn = fn.parent;
  if (fn?.type !== 'function_item') return false;
  const modifiers = fn.children.find((c) => c.type === 'function_modifiers');
  if (!modifiers?.children.some((c) => c.type === 'unsafe')) return false;
  if (hasSafetyCommentAbove(lines, fn.startPosition.row + 1)) return true;
  const impl = fn.parent?.type === 'declaration_list' ? fn.parent.parent : null;
  const trait = impl?.type === 'impl_item' ? impl.childForFieldName('trait') : null;
  const traitName = trait ? (trait.type === 'generic_type' ? trait.childForFieldName('type') : trait)?.text.split('::').pop() : undefined;
  return !!traitName && model.index.traitDocumentsSafety(model.crate, traitName, fn.childForFieldName('name')?.text ?? '') === true;
}

/**
 * A block in test code that only changes the process environment (`unsafe { std::env::set_var(..) }`,
 * unsafe since Rust 2024): whether that is sound is whether other tests run beside it, which
 * `tests/env-mutation` judges (and reports once per test); a `// SAFETY:` line would restate it.
 */
function onlyEnvMutation(block: Node, imports: ImportMap): boolean {
  const inner = block.namedChildren.find((c) => c.type === 'block') ?? block;
  const parts = inner.namedChildren.filter((c) => !c.type.endsWith('comment'));
  return parts.length > 0 && parts.every((p) => {
    const call = p.type === 'expression_statement' ? p.namedChildren[0] : p;
    return call?.type === 'call_expression' && ENV_MUTATING_FUNCTIONS.includes(imports.resolve(calleeText(call)).replace(/^::/, ''));
  });
}

/** The file declares foreign functions itself (an `extern "C" { .. }` block at any depth of its items): an FFI binding module. */
function bindsForeignLibrary(root: Node): boolean {
  const walk = (n: Node): boolean => n.namedChildren.some((c) => c.type === 'foreign_mod_item' || ((c.type === 'mod_item' || c.type === 'declaration_list') && walk(c)));
  return walk(root);
}

/** The line on which the statement holding an `unsafe` block starts (`let x = unsafe {`). */
function statementLine(node: Node): number {
  let cur = node;
  while (cur.parent && cur.parent.type !== 'block' && cur.parent.type !== 'source_file' && cur.parent.startPosition.row === node.startPosition.row) cur = cur.parent;
  return cur.startPosition.row + 1;
}

function enclosingFnName(n: Node | null): string {
  for (; n; n = n.parent) if (n.type === 'function_item') return n.childForFieldName('name')?.text ?? 'fn';
  return 'this item';
}

/** The `const` / `static` item (or `let`) whose value holds `node`, inside the nearest fn. */
function holdingItem(node: Node): Node | null {
  for (let a = node.parent; a; a = a.parent) {
    if (a.type === 'const_item' || a.type === 'static_item' || a.type === 'let_declaration') return a;
    // A block in between is one level further in: the comment above the item is not about this block.
    if (a.type === 'block' || a.type === 'function_item' || a.type === 'closure_expression') return null;
  }
  return null;
}

/** `unsafe { .. }` / `unsafe impl ..` as raw tokens of a token tree (a `macro_rules!` body, an unknown macro's arguments): the `unsafe` token and what it opens. */
function unsafeTokens(tt: Node): { token: Node; kind: 'block' | 'impl' }[] {
  const out: { token: Node; kind: 'block' | 'impl' }[] = [];
  const children = tt.children;
  for (let i = 0; i + 1 < children.length; i++) {
    const c = children[i]!;
    if (c.type !== 'unsafe' && !(c.childCount === 0 && c.text === 'unsafe')) continue;
    const next = children[i + 1]!;
    if (next.type === 'token_tree' && next.text.startsWith('{')) out.push({ token: c, kind: 'block' });
    else if (next.text === 'impl') out.push({ token: c, kind: 'impl' });
  }
  return out;
}

export default defineRule({
  id: 'architecture/unsafe-without-safety-comment',
  role: 'architecture',
  category: 'suspicious',
  requires: /\bunsafe\b/,
  clippyLint: 'undocumented_unsafe_blocks',
  docs: {
    summary: 'An `unsafe` block or `unsafe impl` without a `// SAFETY:` comment right above it.',
    why: 'Every `unsafe` relies on invariants the compiler cannot check. Writing them down next to the code is how the next reader (and the reviewer) can tell whether a change still upholds them.',
    bad: `fn first(v: &[u8]) -> u8 {
    unsafe { *v.get_unchecked(0) }
}
`,
    good: `fn first(v: &[u8]) -> u8 {
    assert!(!v.is_empty());
    // SAFETY: \`v\` is not empty, checked on the line above.
    unsafe { *v.get_unchecked(0) }
}
`,
    anchor: 'clippy::undocumented_unsafe_blocks',
  },
  messages: {
    block: '`unsafe` block in `{{fn}}` has no `// SAFETY:` comment saying why it is sound',
    // A module that binds a foreign library itself (its own `extern` block): unsafe calls and pointer
    // walks are what the whole module is; a note to write the assumptions down, not a warning per block.
    ffiBlock: { text: '`unsafe` block in `{{fn}}` has no `// SAFETY:` comment; this module binds a foreign library (its `extern` block), so a short note of the pointer and lifetime assumptions is what the next reader has to go on', category: 'style' },
    impl: '`unsafe impl {{trait}}` for `{{type}}` has no `// SAFETY:` comment saying why it is sound',
  },
  help: 'Add a `// SAFETY: ...` comment directly above it naming the invariant that makes this sound.',
  create(ctx) {
    return {
      unsafe_block(node) {
        if (hasSafetyCommentAbove(ctx.lines, node.startPosition.row + 1) || hasSafetyCommentAbove(ctx.lines, statementLine(node))) return;
        // Above the whole statement, e.g. a method chain whose closure holds the block (clippy #9114).
        const statement = enclosingStatement(node);
        if (statement && hasSafetyCommentAbove(ctx.lines, statement.startPosition.row + 1)) return;
        // Above the item whose value holds it (`// SAFETY: ..` / `#[allow(..)]` / `const X: T =\n unsafe { .. }`).
        const item = holdingItem(node);
        if (item && hasSafetyCommentAbove(ctx.lines, item.startPosition.row + 1)) return;
        if (hasSafetyCommentFirstInside(node)) return;
        // In an `unsafe fn` whose `# Safety` doc states the caller's obligations, the block only
        // passes them on (edition 2024 requires the block): the justification is already written.
        if (insideDocumentedUnsafeFn(node, ctx.lines, ctx.model)) return;
        if (ctx.isTest(node) && onlyEnvMutation(node, ctx.imports)) return;
        ctx.report({ node, messageId: bindsForeignLibrary(ctx.root) ? 'ffiBlock' : 'block', data: { fn: enclosingFnName(node) } });
      },
      // Unsafe code written inside a macro definition or an unknown macro's arguments is expanded as
      // written; its justification belongs right above it there too. Direct children only: nested
      // token trees are visited themselves.
      token_tree(tt) {
        for (const { token, kind } of unsafeTokens(tt)) {
          const line = token.startPosition.row + 1;
          // `let x = unsafe {` on one line: the comment above that line counts.
          if (hasSafetyCommentAbove(ctx.lines, line) || ctx.isTest(token)) continue;
          // `unsafe {\n // SAFETY: ..`: the block's first token is the justification.
          const body = token.nextSibling;
          if (kind === 'block' && body && /^(line|block)_comment$/.test(body.children[1]?.type ?? '') && /SAFETY\s*:/i.test(body.children[1]!.text)) continue;
          if (kind === 'block') {
            ctx.report({ node: token, messageId: 'block', data: { fn: enclosingFnName(token) } });
            continue;
          }
          // `unsafe impl Send for $t {}`: the trait and type as written, tokens up to `for` and up to the body.
          const rest: string[] = [];
          for (let t = token.nextSibling?.nextSibling ?? null; t && !(t.type === 'token_tree' && t.text.startsWith('{')); t = t.nextSibling) rest.push(t.text);
          const at = rest.indexOf('for');
          ctx.report({ node: token, messageId: 'impl', data: { trait: (at < 0 ? rest : rest.slice(0, at)).join('') || '?', type: at < 0 ? '?' : rest.slice(at + 1).join(' ') || '?' } });
        }
      },
      impl_item(node) {
        if (!node.children.some((c) => c.type === 'unsafe')) return;
        if (hasSafetyCommentAbove(ctx.lines, node.startPosition.row + 1)) return;
        ctx.report({
          node: node.child(0)!,
          messageId: 'impl',
          data: { trait: node.childForFieldName('trait')?.text ?? '?', type: node.childForFieldName('type')?.text ?? '?' },
        });
      },
    };
  },
});
