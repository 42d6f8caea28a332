import type { FileModel } from '../../model/index.js';
import type { Node } from '../../rust/parser.js';
import { calleeText, enclosingStatement } from '../../rust/syntax.js';
import type { ImportMap } from '../../rust/imports.js';
import { ENV_MUTATING_FUNCTIONS } from '../../catalogue/environment.js';
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
        if (insideDocumentedUnsafeFn(node, ctx.lines, ctx.model)) return;
        if (ctx.isTest(node) && onlyEnvMutation(node, ctx.imports)) return;
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
