import type { Node } from '../../rust/parser.js';
import { enclosingStatement } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';

/** A `// SAFETY:` comment (or `# Safety` doc section) in the comment block directly above `line`. */
function hasSafetyCommentAbove(lines: readonly string[], line: number): boolean {
  for (let l = line - 1; l >= 1; l--) {
    const text = lines[l - 1]!.trim();
    if (/^(\/\/|\/\*|\*)/.test(text)) {
      if (/SAFETY\s*:|#\s*Safety/i.test(text)) return true;
      continue;
    }
    if (text.startsWith('#[')) continue;
    return false;
  }
  return false;
}

/** `unsafe {\n    // SAFETY: ..` : the justification as the block's first comment (accepted by clippy since #16339). */
function hasSafetyCommentFirstInside(block: Node): boolean {
  const inner = block.namedChildren.find((c) => c.type === 'block');
  const first = (inner ?? block).namedChildren[0];
  return !!first && (first.type === 'line_comment' || first.type === 'block_comment') && /SAFETY\s*:/i.test(first.text);
}

/** The nearest enclosing fn is `unsafe fn` with a `# Safety` / `SAFETY:` comment above it. */
function insideDocumentedUnsafeFn(node: Node, lines: readonly string[]): boolean {
  let fn: Node | null = node.parent;
  while (fn && fn.type !== 'function_item' && fn.type !== 'closure_expression') fn = fn.parent;
  if (fn?.type !== 'function_item') return false;
  const modifiers = fn.children.find((c) => c.type === 'function_modifiers');
  if (!modifiers?.children.some((c) => c.type === 'unsafe')) return false;
  return hasSafetyCommentAbove(lines, fn.startPosition.row + 1);
}

/** The line on which the statement holding an `unsafe` block starts (`let x = unsafe {`). */
function statementLine(node: Node): number {
  let cur = node;
  while (cur.parent && cur.parent.type !== 'block' && cur.parent.type !== 'source_file' && cur.parent.startPosition.row === node.startPosition.row) cur = cur.parent;
  return cur.startPosition.row + 1;
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
    bad: 'fn first(v: &[u8]) -> u8 {\n    unsafe { *v.get_unchecked(0) }\n}\n',
    good: 'fn first(v: &[u8]) -> u8 {\n    assert!(!v.is_empty());\n    // SAFETY: `v` is not empty, checked on the line above.\n    unsafe { *v.get_unchecked(0) }\n}\n',
    anchor: 'clippy::undocumented_unsafe_blocks',
  },
  messages: {
    block: '`unsafe` block in `{{fn}}` has no `// SAFETY:` comment saying why it is sound',
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
        if (hasSafetyCommentFirstInside(node)) return;
        // In an `unsafe fn` whose `# Safety` doc states the caller's obligations, the block only
        // passes them on (edition 2024 requires the block): the justification is already written.
        if (insideDocumentedUnsafeFn(node, ctx.lines)) return;
        const fn = (function enclosing(n: Node | null): string {
          for (; n; n = n.parent) if (n.type === 'function_item') return n.childForFieldName('name')?.text ?? 'fn';
          return 'this item';
        })(node);
        ctx.report({ node, messageId: 'block', data: { fn } });
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
