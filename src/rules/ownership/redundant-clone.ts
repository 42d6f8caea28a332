import type { Node } from '../../rust/parser.js';
import { ancestors, enclosingStatement } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { usesOf } from './support/bindings.js';
import { cloneSource, describeCloned, evidentlyOwned, insideClosureBelow } from './support/clones.js';
import { repeatingContext } from './support/loops.js';
import { StructIndex } from './support/types.js';

/** Where a clone's result is moved somewhere (so moving the original would do the same). */
function isMovedResult(call: Node): boolean {
  const p = call.parent;
  if (!p) return false;
  switch (p.type) {
    case 'arguments':
    case 'field_initializer':
    case 'let_declaration':
    case 'return_expression':
    case 'array_expression':
    case 'tuple_expression':
      return true;
    case 'assignment_expression':
      return p.childForFieldName('right')?.id === call.id;
    case 'block':
      // Tail expression of a fn body.
      return p.lastNamedChild?.id === call.id && p.parent?.type === 'function_item';
  }
  return false;
}

export default defineRule({
  id: 'ownership/redundant-clone',
  role: 'ownership',
  category: 'style',
  clippyLint: 'redundant_clone',
  docs: {
    summary: 'A clone of a local value that is never used again afterwards, so the value itself could be moved.',
    why: 'The original is dropped right after the copy is made: the clone is a pure extra allocation (and copy of every element) that moving the value would avoid.',
    bad: 'async fn create(pool: &PgPool, input: NewUser) -> Result<User, Error> {\n    let email: String = input.email.trim().to_lowercase();\n    let user = User { id: Uuid::new_v4(), email: email.clone() };\n    insert(pool, &user).await?;\n    Ok(user)\n}\n',
    good: 'async fn create(pool: &PgPool, input: NewUser) -> Result<User, Error> {\n    let email: String = input.email.trim().to_lowercase();\n    let user = User { id: Uuid::new_v4(), email };\n    insert(pool, &user).await?;\n    Ok(user)\n}\n',
    anchor: 'clippy::redundant_clone',
  },
  messages: {
    redundant: '`{{name}}` is cloned here but never used afterwards; move `{{name}}` instead of copying it',
  },
  help: 'Drop the `.clone()` and move the value: nothing reads it after this point.',
  create(ctx) {
    let structs: StructIndex | undefined;
    return {
      call_expression(call) {
        const source = cloneSource(call);
        if (source?.type !== 'identifier' || !isMovedResult(call)) return;
        structs ??= StructIndex.of(ctx.root);
        const cloned = describeCloned(source, structs);
        const decl = cloned?.decl;
        if (!cloned || !decl || cloned.cost === 'cheap') return;
        // Only values we know are owned: a reference's clone is how you get an owned copy.
        if (decl.kind === 'param') {
          if (!decl.type || (decl.type.type !== 'type_identifier' && decl.type.type !== 'generic_type' && decl.type.type !== 'scoped_type_identifier')) return;
        } else if (decl.kind === 'let') {
          if (decl.type ? decl.type.type === 'reference_type' : !evidentlyOwned(decl.value)) return;
        } else return;
        if (cloned.cost === 'unknown' && !decl.type) return;
        // Per-iteration or per-call code needs a fresh copy each time.
        if (repeatingContext(call, decl.scope) || insideClosureBelow(call, decl.node) || ctx.isTest(call)) return;
        const uses = usesOf(decl).filter((u) => u.node.id !== source.id);
        const statement = enclosingStatement(call);
        if (uses.some((u) => u.node.startIndex > call.endIndex || (statement && u.node.startIndex >= statement.startIndex && u.node.endIndex <= statement.endIndex))) return;
        // A borrow taken earlier and kept in a binding may still be alive.
        if (uses.some((u) => u.node.parent?.type === 'reference_expression' && [...ancestors(u.node)].some((a) => a.type === 'let_declaration'))) return;
        ctx.report({ node: call, messageId: 'redundant', data: { name: source.text } });
      },
    };
  },
});
