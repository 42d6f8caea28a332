import type { Node } from '../../rust/parser.js';
import { descendants, fnName } from '../../rust/syntax.js';
import { tokenLeaves } from '../../rust/macros.js';
import type { ImportMap } from '../../rust/imports.js';
import { defineRule } from '../define-rule.js';
import { implementsTraitMethod, isFfi, params } from './support/functions.js';
import type { FileModel } from '../../model/index.js';
import { typeArgs, typeHead } from './support/types.js';

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
    // `&Box<dyn Error + Send>` needs parentheses around the bounds when it becomes `&(dyn ..)`.
    const text = arg.type === 'bounded_type' ? `(${arg.text})` : arg.text;
    return { owned: `Box<${arg.text}>`, better: `${amp}${text}` };
  }
  return null;
}

/** Uses of the parameter that only compile with the owned type behind the reference. */
function needsOwner(fn: Node, name: string): 'always' | 'suggestion' | null {
  const body = fn.childForFieldName('body');
  if (!body) return null;
  let verdict: 'always' | 'suggestion' | null = null;
  for (const n of descendants(body)) {
    if (n.type === 'token_tree' && n.parent?.type === 'macro_invocation') {
      const t = tokenLeaves(n).map((l) => l.text).join(' ');
      if (t.includes(`${name} . capacity`)) return 'always';
      if (t.includes(`${name} . clone`)) verdict = 'suggestion';
    }
    if (n.type !== 'identifier' || n.text !== name) continue;
    const p = n.parent;
    if (p?.type === 'field_expression' && p.childForFieldName('value')?.id === n.id) {
      const method = p.childForFieldName('field')?.text;
      // Vec/String-only API: the parameter really needs the owner.
      if (method === 'capacity') return 'always';
      // `x.clone()` gives a `String` today and a `&str` after the change: fixable, but not verbatim.
      if (method === 'clone') verdict = 'suggestion';
    }
    if (p?.type === 'unary_expression' && p.text.startsWith('*')) verdict = 'suggestion';
  }
  return verdict;
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
    bad: 'fn normalize_email(email: &String) -> String {\n    email.trim().to_lowercase()\n}\n',
    good: 'fn normalize_email(email: &str) -> String {\n    email.trim().to_lowercase()\n}\n',
    anchor: 'clippy::ptr_arg, clippy::borrowed_box',
  },
  messages: {
    ptrArg: '`{{param}}: {{type}}` in `{{fn}}` makes callers own a `{{owned}}`; take `{{better}}`, which every `{{type}}` derefs to',
  },
  help: 'Change the parameter to `{{better}}`: existing call sites keep compiling, and callers holding a borrowed value no longer need to allocate.',
  create(ctx) {
    return {
      function_item(fn) {
        // A trait's own default method is the author's signature (as clippy::ptr_arg sees it); an
        // impl of a trait is not.
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
        const passedOnAsOwner = passedToOwnerParams(fn, ctx.model);
        const suggested = new Set<number>();
        for (const b of found) {
          const need = needsOwner(fn, b.name);
          if (need === 'always') continue;
          const row = b.ref.startPosition.row;
          let suggestion: string | undefined;
          const exact = need === null && !passedOnAsOwner.has(b.name) && b.ref.endPosition.row === row && b.param.startPosition.row === row;
          if (exact && !suggested.has(row)) {
            suggested.add(row);
            suggestion = rewriteLine(ctx.lines[row]!, found.filter((o) => o.ref.startPosition.row === row && o.ref.endPosition.row === row && needsOwner(fn, o.name) === null && !passedOnAsOwner.has(o.name)));
          }
          ctx.report({
            node: b.param,
            messageId: 'ptrArg',
            data: { param: b.name, type: b.ref.text, fn: fnName(fn), owned: b.owned, better: b.better },
            ...(suggestion !== undefined ? { suggestion } : {}),
          });
        }
      },
    };
  },
});

/** Parameters passed on unchanged to a crate fn (any file) that itself takes `&String`/`&Vec`: changing one alone breaks the build. */
function passedToOwnerParams(fn: Node, model: FileModel): Set<string> {
  const out = new Set<string>();
  const body = fn.childForFieldName('body');
  if (!body) return out;
  for (const call of descendants(body)) {
    if (call.type !== 'call_expression') continue;
    const targets = model.knownCallees(call);
    if (targets.length !== 1) continue;
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    const targetParams = targets[0]!.fn.params;
    args.forEach((a, i) => {
      const t = targetParams[i]?.type;
      if (a.type === 'identifier' && t && /^&('\w+)?(String|Vec|PathBuf|Box)\b/.test(t.replace(/\s+/g, ''))) out.add(a.text);
    });
  }
  return out;
}

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
