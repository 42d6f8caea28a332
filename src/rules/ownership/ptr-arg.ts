import type { Node } from '../../rust/parser.js';
import { fnName, methodName, methodReceiver } from '../../rust/syntax.js';
import { BORROWED_KEY_LOOKUP_TYPES, ITEM_TYPED_ARGUMENT_METHODS, PATTERN_CONTAINS_TYPES } from '../../catalogue/values.js';
import { resolveBinding, usesOf } from '../../model/bindings.js';
import { parameterOfArgument } from '../../model/types.js';
import type { ImportMap } from '../../rust/imports.js';
import { defineRule } from '../define-rule.js';
import { implementsTraitMethod, isFfi, params } from '../../model/fn-items.js';
import type { FileModel } from '../../model/index.js';
import { typeArgs, typeHead } from '../../model/clone-cost.js';

interface Borrowed {
  param: Node;
  name: string;
  /** The `&...` type node. */
  ref: Node;
  /** What the owned type is (`String`) and what to take instead (`&str`). */
  owned: string;
  better: string;
}

/** `&String` -> `&str`, `&Vec<T>` -> `&[T]`, `&PathBuf` -> `&Path`, `&Box<T>` -> `&T`; null when fine. */
function borrowedOwner(ref: Node, imports: ImportMap): { owned: string; better: string } | null {
  if (ref.type !== 'reference_type' || ref.children.some((c) => c.type === 'mutable_specifier')) return null;
  const inner = ref.childForFieldName('type');
  if (!inner) return null;
  const lifetime = ref.namedChildren.find((c) => c.type === 'lifetime');
  const amp = lifetime ? `&${lifetime.text} ` : '&';
  const head = typeHead(inner);
  const written = inner.type === 'generic_type' ? inner.childForFieldName('type')!.text : inner.text;
  const resolved = imports.resolve(written);
  if (head === 'String' && /^(String|std::string::String|alloc::string::String)$/.test(resolved)) return { owned: 'String', better: `${amp}str` };
  if (head === 'PathBuf' && /^(PathBuf|std::path::PathBuf)$/.test(resolved)) {
    const path = imports.names.get('Path') === 'std::path::Path' ? 'Path' : 'std::path::Path';
    return { owned: 'PathBuf', better: `${amp}${path}` };
  }
  const arg = typeArgs(inner)[0];
  if (!arg || typeArgs(inner).length !== 1) return null;
  if (head === 'Vec' && /^(Vec|std::vec::Vec|alloc::vec::Vec)$/.test(resolved)) return { owned: `Vec<${arg.text}>`, better: `${amp}[${arg.text}]` };
  if (head === 'Box' && /^(Box|std::boxed::Box)$/.test(resolved)) {
    // A `Box<dyn Any>` is itself `Any`: callers' `&Box<dyn Any>` would coerce to a `&dyn Any` of the
    // box, and every downcast in the body would then fail (what clippy::borrowed_box skips too).
    if (/^(dyn|impl)\s+((std|core)::any::)?Any\b/.test(arg.text.replace(/^\(|\)$/g, ''))) return null;
    // `&Box<dyn Error + Send>` needs parentheses around the bounds when it becomes `&(dyn ..)`.
    const text = arg.type === 'bounded_type' ? `(${arg.text})` : arg.text;
    return { owned: `Box<${arg.text}>`, better: `${amp}${text}` };
  }
  return null;
}

/**
 * Uses of the parameter that only compile with the owned type behind the reference: `always` when
 * the type is needed (Vec-only API, handed to a parameter typed by the owner or by a type parameter,
 * searched for in a collection of owners), `suggestion` when the body compiles after the change
 * but not verbatim (`x.clone()` gives a `&str` then), `unused` when the fn never reads it (a stub:
 * `_x`, or bound only to a `_name`), null when `&str` / `&[T]` serves.
 */
function needsOwner(fn: Node, param: Node, model: FileModel): 'always' | 'suggestion' | 'unused' | null {
  const pattern = param.childForFieldName('pattern');
  if (!pattern || pattern.type !== 'identifier') return null;
  const name = pattern.text;
  if (name.startsWith('_')) return 'unused';
  const decl = resolveBinding(pattern);
  if (!decl || !fn.childForFieldName('body')) return null;
  const uses = usesOf(decl);
  if (uses.length && uses.every((u) => isDiscarded(u.node))) return 'unused';
  let verdict: 'always' | 'suggestion' | null = null;
  for (const { node: n, inMacro } of uses) {
    if (inMacro && n.parent?.type === 'token_tree') {
      const after = n.nextSibling?.text === '.' ? n.nextSibling.nextSibling?.text : undefined;
      if (after === 'capacity') return 'always';
      if (after === 'clone') verdict = 'suggestion';
      continue;
    }
    const p = n.parent;
    if (p?.type === 'field_expression' && p.childForFieldName('value')?.id === n.id) {
      const method = p.childForFieldName('field')?.text;
      // Vec/String-only API: the parameter really needs the owner.
      if (method === 'capacity') return 'always';
      // `x.clone()` gives a `String` today and a `&str` after the change: fixable, but not verbatim.
      if (method === 'clone') verdict = 'suggestion';
    }
    if (p?.type === 'unary_expression' && p.text.startsWith('*')) verdict = 'suggestion';
    if (p?.type === 'arguments' && handedToOwnerSlot(n, model)) return 'always';
  }
  return verdict;
}

/** `let _unused = x;`: the value is bound to a name the author marked as unused. */
function isDiscarded(use: Node): boolean {
  const p = use.parent;
  if (p?.type !== 'let_declaration' || p.childForFieldName('value')?.id !== use.id) return false;
  const pattern = p.childForFieldName('pattern');
  return pattern?.type === 'identifier' && pattern.text.startsWith('_');
}

/**
 * The argument goes to a parameter that fixes its type: declared `&String` / `&Vec<T>` / .. itself
 * (changing this fn alone breaks the build), typed by one of the callee's type parameters (the
 * callee would get another type), or the item of a std collection method (`list.contains(name)`
 * needs `name: &String` when `list` holds `String`s).
 */
function handedToOwnerSlot(arg: Node, model: FileModel): boolean {
  const slot = parameterOfArgument(arg, model);
  if (slot) return slot.generic || /^&('\w+)?(mut)?([\w:]*::)?(String|Vec|PathBuf|Box)\b/.test(slot.type.replace(/\s+/g, ''));
  const call = arg.parent!.parent!;
  const method = methodName(call);
  if (!method || !ITEM_TYPED_ARGUMENT_METHODS.has(method)) return false;
  // `text.contains(name)` on a string takes a pattern, which a `&str` is too; a set or map's
  // lookup takes any borrowed form of its key (`BTreeSet<String>::contains(&str)`).
  const receiver = methodReceiver(call);
  const declared = receiver?.type === 'identifier' ? resolveBinding(receiver)?.type : null;
  return !(declared && (PATTERN_CONTAINS_TYPES.test(declared.text) || BORROWED_KEY_LOOKUP_TYPES.test(declared.text)));
}

export default defineRule({
  id: 'ownership/ptr-arg',
  role: 'ownership',
  category: 'style',
  // The written type head behind the `&` must be one of these (an alias does not count).
  requires: /String|PathBuf|Vec|Box/,
  clippyLint: 'ptr_arg',
  clippyLints: ['borrowed_box'],
  docs: {
    summary: 'A parameter typed `&String`, `&Vec<T>`, `&PathBuf` or `&Box<T>` where `&str`, `&[T]`, `&Path` or `&T` serves every caller.',
    why: 'A `&String` parameter forces every caller to own a `String` (a `&str` from a request body or a literal has to be copied first), and adds a double indirection. `&str` accepts both, since `&String` derefs to it.',
    bad: `fn normalize_email(email: &String) -> String {
    email.trim().to_lowercase()
}
`,
    good: `fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}
`,
    anchor: 'clippy::ptr_arg, clippy::borrowed_box',
  },
  messages: {
    ptrArg: '`{{param}}: {{type}}` in `{{fn}}` makes callers own a `{{owned}}`; take `{{better}}`, which every `{{type}}` derefs to',
  },
  help: 'Change the parameter to `{{better}}`: existing call sites keep compiling, and callers holding a borrowed value no longer need to allocate.',
  create(ctx) {
    function check(fn: Node): void {
      // A trait's own methods (default or required) are the author's signature, as clippy::ptr_arg
      // sees them; an impl of a trait is not.
      if (implementsTraitMethod(fn) || isFfi(fn) || ctx.isTest(fn)) return;
      const found: Borrowed[] = [];
      for (const p of params(fn)) {
        const pattern = p.childForFieldName('pattern');
        const type = p.childForFieldName('type');
        if (pattern?.type !== 'identifier' || !type) continue;
        const owner = borrowedOwner(type, ctx.imports);
        if (owner) found.push({ param: p, name: pattern.text, ref: type, ...owner });
      }
      // Passed or stored as a fn value anywhere in the crate: its type is fixed by that use.
      if (!found.length || ctx.model.index.filesUsingAsValue(ctx.model.crate, fnName(fn)).length) return;
      // An unused `&Vec` / `&String` of a stub is left alone (as clippy::ptr_arg does); a `&Box` is a
      // double indirection whatever the body does (clippy::borrowed_box).
      const need = new Map(found.map((b) => [b.param.id, needsOwner(fn, b.param, ctx.model)]));
      const reported = found.filter((b) => need.get(b.param.id) !== 'always' && (need.get(b.param.id) !== 'unused' || b.owned.startsWith('Box<')));
      // Rewritten verbatim: the reported parameters whose body needs no other change.
      const rewritable = reported.filter((b) => need.get(b.param.id) !== 'suggestion' && b.ref.startPosition.row === b.ref.endPosition.row && b.param.startPosition.row === b.ref.startPosition.row);
      const suggested = new Set<number>();
      for (const b of reported) {
        const row = b.ref.startPosition.row;
        let suggestion: string | undefined;
        if (rewritable.includes(b) && !suggested.has(row)) {
          suggested.add(row);
          suggestion = rewriteLine(ctx.lines[row]!, rewritable.filter((o) => o.ref.startPosition.row === row));
        }
        ctx.report({
          node: b.param,
          messageId: 'ptrArg',
          data: { param: b.name, type: b.ref.text, fn: fnName(fn), owned: b.owned, better: b.better },
          ...(suggestion !== undefined ? { suggestion } : {}),
        });
      }
    }
    return {
      function_item: check,
      function_signature_item(fn) {
        // A required method of a trait defined here (not a fn of an `extern` block: the ABI fixes it).
        if (fn.parent?.type === 'declaration_list' && fn.parent.parent?.type === 'trait_item') check(fn);
      },
    };
  },
});

/**
 * The source line with each flagged type replaced at its own columns (right to left, so columns stay
 * true). Undefined when the columns do not line up with the text (tree-sitter counts bytes).
 */
function rewriteLine(line: string, on: Borrowed[]): string | undefined {
  let out = line;
  for (const b of [...on].sort((x, y) => y.ref.startPosition.column - x.ref.startPosition.column)) {
    const { column: start } = b.ref.startPosition;
    const { column: end } = b.ref.endPosition;
    if (out.slice(start, end) !== b.ref.text) return undefined;
    out = out.slice(0, start) + b.better + out.slice(end);
  }
  return out;
}
