import type { Node } from '../../rust/parser.js';
import { mentionOf, OWNED_COPY_METHODS } from '../../catalogue/values.js';
import { ancestors, descendants, enclosingStatement, methodName, methodReceiver } from '../../rust/syntax.js';
import { NUMERIC_METHODS, isCopyingConversion, makesNewValueFromBorrow } from '../../catalogue/values.js';
import { isBodyExtractor } from '../../catalogue/web.js';
import { namesCheapField, namesSharedOwner } from '../../catalogue/naming.js';
import { defineRule } from '../define-rule.js';
import { inside, resolveBinding, usesOf, type Declaration } from '../../model/bindings.js';
import { borrowHeldAt, inExclusiveBranches, usesAfter } from '../../model/liveness.js';
import { constructedTypePath } from '../../model/types.js';
import { cloneSource, describeCloned, evidentlyOwned, freshOwnedValue, unitStructValue } from '../../model/clones.js';
import { insideRepeatedClosureBelow } from '../../model/closure-calls.js';
import { repeatingContext } from '../../model/iteration.js';
import { onlyBorrowedCopy } from '../../model/borrowed-copies.js';
import { selfFieldType, shapeOfDeclaration } from '../../model/value-shapes.js';
import { StructIndex, cloneCost, derefType, isHandleName, typeArgs, typeHead } from '../../model/clone-cost.js';
import { implOwnerName } from '../../model/impl-owner.js';

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
    // The scrutinee of `if let` / `while let` / `match`: its pattern takes the copy apart by value.
    case 'let_condition':
    case 'match_expression':
      return p.childForFieldName('value')?.id === call.id;
    case 'block':
      // Tail expression of a fn body.
      return p.lastNamedChild?.id === call.id && p.parent?.type === 'function_item';
  }
  return false;
}

/**
 * `f(&x.clone())`: the copy is only lent out and dropped after the statement, so lending the value
 * itself (`&x`) does the same. (`&mut x.clone()` mutates a copy: not this.)
 */
function isBorrowedResult(call: Node): boolean {
  const p = call.parent;
  return p?.type === 'reference_expression' && !p.children.some((c) => c.type === 'mutable_specifier');
}

/**
 * The std owned type a cloned place evidently has (`String`, `Vec`, `PathBuf`, `OsString`): from
 * its declared type, a constructor (`PathBuf::from(..)`), `format!` / `vec!`, or a `self` field's
 * declared type. Undefined when the file does not say.
 */
function stdOwnedTypeOf(source: Node, structs: StructIndex): string | undefined {
  if (source.type === 'field_expression') return typeHead(derefType(selfFieldType(source, structs))) || undefined;
  if (source.type !== 'identifier') return undefined;
  const decl = resolveBinding(source);
  if (!decl?.simple) return undefined;
  if (decl.type) return typeHead(derefType(decl.type)) || undefined;
  if (decl.kind !== 'let' || !decl.value) return undefined;
  const shape = shapeOfDeclaration(decl);
  if (shape === 'String' || shape === 'Vec') return shape;
  return constructedTypePath(decl.value)?.split('::').pop();
}

/** `a.b.c` as its root and field path (`a`, [`b`, `c`]), or null when a link is not a plain field. */
function fieldPath(expr: Node): { root: Node; path: string[] } | null {
  const path: string[] = [];
  let cur = expr;
  while (cur.type === 'field_expression') {
    path.unshift(cur.childForFieldName('field')?.text ?? '');
    cur = cur.childForFieldName('value')!;
  }
  return path.length && cur.type === 'identifier' ? { root: cur, path } : null;
}

/** The field path a later use of the owner touches: [] for the whole value (`x`, `&x`, `x.method()`). */
function usedPath(use: Node, inMacro: boolean): string[] {
  const path: string[] = [];
  if (inMacro) {
    if (use.type !== 'identifier') return path;
    for (let dot = use.nextSibling; dot?.text === '.'; ) {
      const name = dot.nextSibling;
      if (!name || name.type !== 'identifier' || (name.nextSibling?.type === 'token_tree' && name.nextSibling.text.startsWith('('))) break;
      path.push(name.text);
      dot = name.nextSibling;
    }
    return path;
  }
  let cur = use;
  for (let p = cur.parent; p?.type === 'field_expression' && p.childForFieldName('value')?.id === cur.id; p = cur.parent) {
    if (p.parent?.type === 'call_expression' && p.parent.childForFieldName('function')?.id === p.id) break;
    path.push(p.childForFieldName('field')?.text ?? '');
    cur = p;
  }
  return path;
}

/**
 * A struct of this file that is `Clone` but not `Copy` (`struct Point { x: u32 }`): cheap to copy,
 * yet its `.clone()` is still a second value where a move would do, unlike a handle (`Arc`, a pool).
 */
function movableLocalStruct(decl: Declaration, structs: StructIndex): boolean {
  const value = decl.kind === 'let' ? decl.value : null;
  const name = decl.type ? typeHead(decl.type) : value?.type === 'struct_expression' ? typeHead(value.childForFieldName('name')) : unitStructValue(value, structs)?.name ?? '';
  const info = name ? structs.get(name) : undefined;
  return !!info && info.derives.includes('Clone') && !info.derives.includes('Copy') && cloneCost(info.node.childForFieldName('name'), structs) === 'cheap' && !isHandleName(name);
}

/**
 * An earlier use of the binding in the clone's own statement whose borrow may last through it
 * (`f(&x, x.clone())`). A use in another branch, or one that only makes an owned value
 * (`(x.clone(), x.clone())`, `x.len()`), is over before the clone runs.
 */
function borrowedEarlierInStatement(decl: Declaration, call: Node): boolean {
  const statement = enclosingStatement(call);
  if (!statement) return false;
  return usesOf(decl).some((u) => {
    if (u.node.startIndex >= call.startIndex || !inside(u.node, statement) || inExclusiveBranches(u.node, call)) return false;
    // `x.len()`, and `x.meta.clone()`: a method at the end of a chain of fields of `x`.
    let chain = u.node;
    while (!u.inMacro && chain.parent?.type === 'field_expression' && chain.parent.childForFieldName('value')?.id === chain.id) chain = chain.parent;
    const user = chain !== u.node && chain.parent?.type === 'call_expression' && chain.parent.childForFieldName('function')?.id === chain.id ? chain.parent : null;
    const method = user ? methodName(user) : null;
    return !(method && (isCopyingConversion(method) || NUMERIC_METHODS.test(method)));
  });
}


const short = (text: string) => (text.length > 40 ? `${text.slice(0, 37)}...` : text);


const overlaps = (a: string[], b: string[]) => a.every((x, i) => i >= b.length || b[i] === x);


/**
 * The struct type of an owned value whose field is cloned: `x: T`, `Json(x): Json<T>`, `let x: T`,
 * `let x = y.into_inner()` / `T::new(..)` / `fetch_one(..)`. Null when the value may be borrowed
 * or sits behind a `Deref` wrapper (a field cannot be moved out of `web::Json<T>`).
 */
function ownedStruct(decl: Declaration): { type: string } | null {
  if (decl.kind === 'param') {
    const t = decl.type;
    if (!t || t.type === 'reference_type') return null;
    if (decl.simple) {
      const inner = typeHead(t) === 'Box' ? typeArgs(t)[0] : t;
      if (inner?.type !== 'type_identifier' && inner?.type !== 'scoped_type_identifier') return null;
      return { type: typeHead(inner) };
    }
    const pattern = decl.ident.parent;
    if (pattern?.type !== 'tuple_struct_pattern' || pattern.parent?.id !== decl.node.id) return null;
    const wrapper = pattern.childForFieldName('type')?.text.split('::').pop() ?? '';
    if (!isBodyExtractor(wrapper)) return null;
    return { type: typeHead(typeArgs(t)[0]) };
  }
  if (decl.kind === 'let' && decl.simple) {
    if (decl.type) return decl.type.type === 'type_identifier' || decl.type.type === 'scoped_type_identifier' ? { type: typeHead(decl.type) } : null;
    return evidentlyOwned(decl.value) && !/\.clone\(\)$/.test(decl.value?.text ?? '') ? { type: '' } : null;
  }
  return null;
}

export default defineRule({
  id: 'ownership/redundant-clone',
  role: 'ownership',
  category: 'style',
  requires: mentionOf(OWNED_COPY_METHODS),
  clippyLint: 'redundant_clone',
  docs: {
    summary: 'A clone of a local value never used again afterwards on any path, so the value itself could be moved (or, for `f(&x.clone())`, lent); a copy of a value built in the same expression (`format!(..).to_string()`); or a copy of a `String` / `Vec` / `PathBuf` only borrowed by a method that returns a new value (`dir.clone().join("a")`).',
    why: 'The original is dropped right after the copy is made: the clone is a pure extra allocation (and copy of every element) that moving the value would avoid. A borrow of the value still held in a binding in scope keeps the clone necessary, and is respected.',
    bad: `async fn create(pool: &PgPool, input: NewUser) -> Result<User, Error> {
    let email: String = input.email.trim().to_lowercase();
    let user = User { id: Uuid::new_v4(), email: email.clone() };
    insert(pool, &user).await?;
    Ok(user)
}
`,
    good: `async fn create(pool: &PgPool, input: NewUser) -> Result<User, Error> {
    let email: String = input.email.trim().to_lowercase();
    let user = User { id: Uuid::new_v4(), email };
    insert(pool, &user).await?;
    Ok(user)
}
`,
    anchor: 'clippy::redundant_clone',
  },
  messages: {
    redundant: '`{{name}}` is cloned here but never used afterwards; move `{{name}}` instead of copying it',
    borrowedByMethod: '`{{name}}.clone().{{method}}(..)` copies `{{name}}` only for `.{{method}}(..)`, which borrows its receiver and returns a new value: call it on `{{name}}` itself',
    lentCopy: '`{{name}}` is cloned here only to be borrowed, and never used afterwards; borrow `{{name}}` itself (`&{{name}}`)',
    twice: '`{{expr}}` copies the value twice where one copy does: drop the `.{{drop}}()`',
    temporary: '`{{value}}` is a new value that nothing else keeps; `.{{method}}()` copies it once more for nothing: use it directly',
  },
  help: 'Drop the `.clone()` and move the value: nothing reads it after this point.',
  create(ctx) {
    let structs: StructIndex | undefined;
    let dropImpls: string | undefined;

    /** `owned.field.clone()` moved somewhere, with no later use of the owner or that field. */
    function onFieldClone(call: Node, source: Node): void {
      const fp = fieldPath(source);
      if (!fp || namesCheapField(fp.path[fp.path.length - 1]!)) return;
      const decl = resolveBinding(fp.root);
      const owned = decl && ownedStruct(decl);
      if (!decl || !owned || namesSharedOwner(owned.type) || namesSharedOwner(decl.name.replace(/^\w/, (c) => c.toUpperCase()))) return;
      structs ??= StructIndex.of(ctx.root);
      // A same-file struct says what the field is; a type with `Drop` cannot be moved out of.
      const info = owned.type ? structs.get(owned.type) : undefined;
      if (info && fp.path.length === 1) {
        const field = info.fields.find((f) => f.name === fp.path[0]);
        if (!field || cloneCost(field.type, structs) === 'cheap') return;
      }
      dropImpls ??= [...descendants(ctx.root, (n) => n.type === 'function_item')].filter((n) => n.type === 'impl_item' && /(^|::)Drop$/.test(n.childForFieldName('trait')?.text ?? '')).map(implOwnerName).join(' ');
      if (owned.type && ` ${dropImpls} `.includes(` ${owned.type} `)) return;
      if (repeatingContext(call, decl.scope) || insideRepeatedClosureBelow(call, decl.node) || ctx.isTest(call)) return;
      const statement = enclosingStatement(call);
      for (const u of usesOf(decl)) {
        if (u.node.id === fp.root.id || !overlaps(fp.path, usedPath(u.node, u.inMacro))) continue;
        if (u.node.startIndex > call.endIndex || (statement && u.node.startIndex >= statement.startIndex && u.node.endIndex <= statement.endIndex)) return;
        // A borrow taken earlier and kept in a binding may still be alive.
        if (u.node.parent?.type === 'reference_expression' || [...ancestors(u.node)].some((a) => a.type === 'let_declaration')) return;
      }
      ctx.report({ node: call, messageId: 'redundant', data: { name: source.text } });
    }

    /**
     * `String::from("a").clone()`, `format!(..).to_string()`, `base.join("c").to_owned()`: a copy of
     * a value built in the same expression and dropped right after it; whatever the copy is used
     * for, the value itself would do. True when `call` is such a copy (reported or not).
     */
    function onTemporaryCopy(call: Node): boolean {
      const method = methodName(call);
      if (!method || !isCopyingConversion(method) || call.childForFieldName('arguments')?.namedChildCount !== 0) return false;
      const receiver = methodReceiver(call);
      if (!receiver || !freshOwnedValue(receiver, method)) return false;
      if (ctx.isTest(call)) return true;
      const inner = receiver.type === 'call_expression' ? methodName(receiver) : null;
      if (inner && isCopyingConversion(inner)) {
        // `name.clone().to_string()`: `.to_string()` reads through a reference, so the `.clone()` is
        // the extra copy; `x.to_string().clone()`: the second copy is.
        ctx.report({ node: call, messageId: 'twice', data: { expr: short(call.text), drop: inner === 'clone' ? inner : method } });
      } else ctx.report({ node: call, messageId: 'temporary', data: { value: short(receiver.text), method } });
      return true;
    }

    /**
     * `dir.clone().join("a")`: the copy is only the receiver of a std method that borrows it and
     * returns a value of its own, so the method on the original gives the same, whatever comes later.
     */
    function onCopyBorrowedByMethod(call: Node, source: Node): boolean {
      const field = call.parent;
      const outer = field?.parent;
      if (methodName(call) !== 'clone' || field?.type !== 'field_expression' || outer?.type !== 'call_expression' || outer.childForFieldName('function')?.id !== field.id) return false;
      const method = field.childForFieldName('field')?.text ?? '';
      const type = stdOwnedTypeOf(source, (structs ??= StructIndex.of(ctx.root)));
      if (!type || !makesNewValueFromBorrow(type, method) || ctx.isTest(call)) return false;
      ctx.report({ node: call, messageId: 'borrowedByMethod', data: { name: short(source.text), method } });
      return true;
    }

    return {
      call_expression(call) {
        if (onTemporaryCopy(call)) return;
        const borrowed = cloneSource(call);
        if (borrowed && (borrowed.type === 'identifier' || borrowed.type === 'field_expression') && onCopyBorrowedByMethod(call, borrowed)) return;
        const source = cloneSource(call);
        if (source?.type === 'field_expression' && source.childForFieldName('value')?.type !== 'self' && isMovedResult(call)) {
          onFieldClone(call, source);
          return;
        }
        const lent = isBorrowedResult(call);
        if (source?.type !== 'identifier' || !(lent || isMovedResult(call))) return;
        structs ??= StructIndex.of(ctx.root);
        const cloned = describeCloned(source, structs);
        const decl = cloned?.decl;
        if (!cloned || !decl || (cloned.cost === 'cheap' && !movableLocalStruct(decl, structs))) return;
        // A `let` of a call's value: the callee's declared return type, across files, says what it is.
        const returned = decl.kind === 'let' && !decl.type && cloned.cost === 'unknown' ? ctx.model.letValue(decl.node) : undefined;
        // Only values we know are owned: a reference's clone is how you get an owned copy.
        if (decl.kind === 'param') {
          if (!decl.type || (decl.type.type !== 'type_identifier' && decl.type.type !== 'generic_type' && decl.type.type !== 'scoped_type_identifier')) return;
        } else if (decl.kind === 'let') {
          if (decl.type ? decl.type.type === 'reference_type' : !evidentlyOwned(decl.value) && !unitStructValue(decl.value, structs) && !(returned && !returned.borrowed)) return;
        } else return;
        if (cloned.cost === 'unknown' && !decl.type && returned?.cost !== 'heavy') return;
        // Per-iteration or per-call code needs a fresh copy each time.
        if (repeatingContext(call, decl.scope) || insideRepeatedClosureBelow(call, decl.node) || ctx.isTest(call)) return;
        if (usesAfter(decl, call).length || borrowedEarlierInStatement(decl, call)) return;
        // A borrow taken earlier and kept in a binding that is still in scope.
        if (borrowHeldAt(decl, call)) return;
        // `let copy = x.clone();` only ever borrowed: to-owned-then-borrow says to borrow `x` instead.
        if (onlyBorrowedCopy(call, ctx.model)) return;
        if (lent) ctx.report({ node: call, messageId: 'lentCopy', data: { name: source.text }, help: 'Drop the `.clone()`: `&{{name}}` lends the same value without copying it.' });
        else ctx.report({ node: call, messageId: 'redundant', data: { name: source.text } });
      },
    };
  },
});
