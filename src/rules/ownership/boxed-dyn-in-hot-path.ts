import { isClosureTrait, isIteratorTrait } from '../../catalogue/types.js';
import type { Node } from '../../rust/parser.js';
import { descendants, fnName } from '../../rust/syntax.js';
import { isTestContext } from '../../model/test-attributes.js';
import { defineRule } from '../define-rule.js';
import { isIteratorTraitMethod } from '../../catalogue/values.js';
import { usesOf, type Declaration } from '../../model/bindings.js';
import { isFfi, params, signatureFixedByTrait, usedAsFnPointer } from '../../model/fn-items.js';
import { repeatingContext } from '../../model/iteration.js';
import { typeArgs, typeHead } from '../../model/clone-cost.js';

/** `Box<dyn Iterator<..>>` / `Box<dyn Fn(..)>` (also `+ Send + '_`): the trait name, else null. */
function boxedDynTrait(type: Node | null): string | null {
  if (!type || typeHead(type) !== 'Box') return null;
  let inner = typeArgs(type)[0];
  if (inner?.type === 'bounded_type') inner = inner.namedChildren[0];
  if (inner?.type !== 'dynamic_type') return null;
  const trait = inner.childForFieldName('trait');
  const name = trait?.type === 'function_type' ? typeHead(trait.childForFieldName('trait')) : typeHead(trait);
  return isIteratorTrait(name) || isClosureTrait(name) ? name : null;
}

/** How many `Box::new(..)` a fn body builds: two or more usually means different concrete types per branch. */
function boxSites(body: Node): number {
  return [...descendants(body, (n) => n.type === 'function_item' || n.type === 'closure_expression')].filter(
    (n) => n.type === 'call_expression' && /(^|::)Box::new$/.test(n.childForFieldName('function')?.text ?? ''),
  ).length;
}

/** Every use of the binding is a call `f(..)` or an iterator method: nothing needs the erased type. */
function onlyCalledOrIterated(decl: Declaration): boolean {
  const uses = usesOf(decl);
  if (!uses.length) return false;
  return uses.every((u) => {
    if (u.inMacro) return false;
    const p = u.node.parent;
    if (p?.type === 'call_expression' && p.childForFieldName('function')?.id === u.node.id) return true;
    if (p?.type === 'for_expression' && p.childForFieldName('value')?.id === u.node.id) return true;
    return p?.type === 'field_expression' && p.parent?.type === 'call_expression' && isIteratorTraitMethod(p.childForFieldName('field')?.text ?? '');
  });
}

export default defineRule({
  id: 'ownership/boxed-dyn-in-hot-path',
  role: 'ownership',
  category: 'style',
  requires: /\bdyn\b/,
  docs: {
    summary: '`Box<dyn Iterator>` / `Box<dyn Fn>` returned, taken or bound where `impl Trait` or a generic would do.',
    why: 'Each box is a heap allocation, and every `next()` or call through it is a virtual call the optimiser cannot inline: in a per-row or per-request path that is measurable. `impl Trait` keeps the same flexibility for a single concrete type at no cost.',
    bad: `fn active_ids(rows: &[Row]) -> Box<dyn Iterator<Item = i64> + '_> {
    Box::new(rows.iter().filter(|r| r.active).map(|r| r.id))
}
`,
    good: `fn active_ids(rows: &[Row]) -> impl Iterator<Item = i64> + '_ {
    rows.iter().filter(|r| r.active).map(|r| r.id)
}
`,
    anchor: 'Rust reference, "impl Trait"; Rust Performance Book, "Heap Allocations"',
  },
  messages: {
    returned: '`{{fn}}` returns `{{type}}` but builds a single concrete {{trait}}; return `impl {{trait}}..` and drop the allocation',
    returnedHot: {
      text: '`{{fn}}` returns `{{type}}` and is called per item (line {{hotLine}}): one allocation and dynamic dispatch per call where `impl {{trait}}..` would do',
      category: 'perf',
    },
    param: '`{{name}}: {{type}}` in `{{fn}}` is only called or iterated; take `impl {{trait}}..` (or a generic) so callers need not box',
    binding: '`{{name}}` is boxed as `{{type}}` only to be called or iterated here; keep the concrete closure or iterator',
  },
  help: 'Use `impl Trait` (return position), a generic parameter, or the concrete value; keep `Box<dyn ..>` for collections of different types or recursion.',
  create(ctx) {
    /** Calls by plain name or `self.name`, in document order; whether one runs per item is only asked in `end`. */
    const callsByName = new Map<string, Node[]>();
    const returning: { fn: Node; type: Node; trait: string }[] = [];
    return {
      function_item(fn) {
        const body = fn.childForFieldName('body');
        if (!body) return;
        const ret = fn.childForFieldName('return_type');
        const retTrait = boxedDynTrait(ret);
        // Cheap syntax first: most fns neither return nor take a `Box<dyn ..>`.
        const boxedParams = params(fn).filter((p) => boxedDynTrait(p.childForFieldName('type')));
        if (!retTrait && !boxedParams.length) return;
        if (signatureFixedByTrait(fn) || isFfi(fn) || isTestContext(fn, ctx.path)) return;
        if (ret && retTrait && boxSites(body) === 1 && !usedAsFnPointer(fn, ctx.root)) returning.push({ fn, type: ret, trait: retTrait });
        for (const p of boxedParams) {
          const pattern = p.childForFieldName('pattern');
          const type = p.childForFieldName('type');
          const trait = boxedDynTrait(type);
          if (!trait || pattern?.type !== 'identifier') continue;
          const decl: Declaration = { kind: 'param', name: pattern.text, node: p, ident: pattern, type, value: null, scope: body, simple: true };
          if (onlyCalledOrIterated(decl)) ctx.report({ node: p, messageId: 'param', data: { name: pattern.text, type: type!.text, fn: fnName(fn), trait } });
        }
      },
      let_declaration(letDecl) {
        const trait = boxedDynTrait(letDecl.childForFieldName('type'));
        const pattern = letDecl.childForFieldName('pattern');
        if (!trait || pattern?.type !== 'identifier' || letDecl.parent?.type !== 'block' || isTestContext(letDecl, ctx.path)) return;
        const value = letDecl.childForFieldName('value');
        if (!value || !/^(std::boxed::)?Box::new\(/.test(value.text)) return;
        const decl: Declaration = { kind: 'let', name: pattern.text, node: letDecl, ident: pattern, type: letDecl.childForFieldName('type'), value, scope: letDecl.parent, simple: true };
        if (onlyCalledOrIterated(decl)) ctx.report({ node: letDecl, messageId: 'binding', data: { name: pattern.text, type: decl.type!.text } });
      },
      call_expression(call) {
        const f = call.childForFieldName('function');
        const name = f?.type === 'identifier' ? f.text : f?.type === 'field_expression' && f.childForFieldName('value')?.type === 'self' ? f.childForFieldName('field')?.text : null;
        if (!name) return;
        const calls = callsByName.get(name);
        if (calls) calls.push(call);
        else callsByName.set(name, [call]);
      },
      end() {
        const hotCalls = new Map<string, number | undefined>();
        const hotLineOf = (name: string): number | undefined => {
          if (hotCalls.has(name)) return hotCalls.get(name);
          const hot = callsByName.get(name)?.find((call) => repeatingContext(call, null));
          const line = hot ? hot.startPosition.row + 1 : undefined;
          hotCalls.set(name, line);
          return line;
        };
        for (const r of returning) {
          const name = fnName(r.fn);
          const hotLine = hotLineOf(name);
          const data = { fn: name, type: r.type.text, trait: r.trait, hotLine: hotLine ?? 0 };
          ctx.report({ node: r.type, messageId: hotLine ? 'returnedHot' : 'returned', data });
        }
      },
    };
  },
});
