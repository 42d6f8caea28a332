import type { Node } from '../../rust/parser.js';
import { methodName, methodReceiver } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { calledFunction, functionsByName, params } from './support/functions.js';
import { StructIndex } from './support/types.js';
import { shapeOfExpr, shapeOfFieldByName, type ValueShape } from './support/values.js';

/** Allocating conversions, by the shapes of receiver they are pointless on when only borrowed. */
const ALLOCATING: Record<string, ValueShape[]> = {
  to_string: ['str', 'String'],
  to_owned: ['str', 'String', 'slice', 'Vec'],
  clone: ['String', 'Vec'],
  to_vec: ['slice', 'Vec'],
};

/**
 * Methods whose `&T` argument must match the element or key type exactly: `Vec<String>::contains`
 * really needs a `&String`, so `&name.to_string()` is the price of the lookup there.
 */
const EXACT_ARG_METHODS = new Set(['contains', 'binary_search', 'eq', 'ne', 'cmp', 'partial_cmp', 'push', 'insert', 'entry', 'extend', 'send', 'position', 'starts_with', 'ends_with']);

const BORROWED: Record<ValueShape, string> = { str: '&str', String: 'String', slice: 'slice', Vec: 'Vec' };

export default defineRule({
  id: 'ownership/to-owned-then-borrow',
  role: 'ownership',
  category: 'style',
  requires: /to_string|to_owned|clone|to_vec|String::from/,
  clippyLint: 'unnecessary_to_owned',
  docs: {
    summary: 'A `.to_string()` / `.to_owned()` / `String::from` / `.to_vec()` / `.clone()` whose fresh copy is only borrowed (`f(&name.to_string())`).',
    why: 'The copy is allocated, borrowed for one call and freed: a heap allocation per request that buys nothing, since a `&String` derefs to the same `&str` the original already is.',
    bad: 'fn rename(body: &Rename) -> Result<(), ApiError> {\n    let name = body.name.trim();\n    validate_name(&name.to_string())?;\n    Ok(())\n}\nfn validate_name(name: &str) -> Result<(), ApiError> {\n    Ok(())\n}\n',
    good: 'fn rename(body: &Rename) -> Result<(), ApiError> {\n    let name = body.name.trim();\n    validate_name(name)?;\n    Ok(())\n}\nfn validate_name(name: &str) -> Result<(), ApiError> {\n    Ok(())\n}\n',
    anchor: 'clippy::unnecessary_to_owned',
  },
  messages: {
    borrowed: '`{{expr}}` allocates a copy of `{{source}}` (already a {{shape}}) only to lend it to `{{callee}}`; pass `{{source}}` directly',
    asStr: '`{{expr}}` allocates a copy of `{{source}}` (already a {{shape}}) only to borrow it back; use `{{source}}` directly',
  },
  help: 'Borrow the original instead of a fresh copy: a `&String` and a `&str` view the same bytes.',
  create(ctx) {
    let structs: StructIndex | undefined;
    let fns: Map<string, Node[]> | undefined;
    const shapeOf = (n: Node) => shapeOfExpr(n, (structs ??= StructIndex.of(ctx.root))) ?? shapeOfFieldByName(n, (f) => ctx.model.fieldTypes(f));

    /** `recv.to_string()` (or `String::from(recv)`) on a string/slice-shaped receiver: the receiver, else null. */
    function pointlessCopy(call: Node): { source: Node; shape: ValueShape } | null {
      const method = methodName(call);
      let source: Node | null = null;
      let allowed: ValueShape[] = [];
      if (method && ALLOCATING[method] && call.childForFieldName('arguments')?.namedChildCount === 0) {
        source = methodReceiver(call);
        allowed = ALLOCATING[method]!;
      } else if (/^(std::string::)?String::from$/.test(call.childForFieldName('function')?.text ?? '')) {
        source = call.childForFieldName('arguments')?.namedChildren[0] ?? null;
        allowed = ['str'];
      }
      if (!source) return null;
      const shape = shapeOf(source);
      return shape && allowed.includes(shape) ? { source, shape } : null;
    }

    /** Whether the callee receiving `&copy` at this argument position is known to need the owned type. */
    function calleeNeedsOwned(call: Node, argIndex: number): boolean {
      const method = methodName(call);
      if (method && EXACT_ARG_METHODS.has(method)) return true;
      fns ??= functionsByName(ctx.root);
      const target = calledFunction(call, fns);
      if (!target) return false;
      const type = params(target.fn)[argIndex]?.childForFieldName('type');
      return !!type && /^&\s*('\w+\s+)?(mut\s+)?(String|Vec)\b/.test(type.text);
    }

    return {
      reference_expression(ref) {
        const inner = ref.childForFieldName('value');
        if (inner?.type !== 'call_expression' || ref.text.startsWith('&mut')) return;
        const args = ref.parent;
        if (args?.type !== 'arguments' || args.parent?.type !== 'call_expression') return;
        const copy = pointlessCopy(inner);
        if (!copy || ctx.isTest(ref)) return;
        const call = args.parent;
        const index = args.namedChildren.findIndex((a) => a.id === ref.id);
        if (calleeNeedsOwned(call, index)) return;
        const callee = methodName(call) ?? call.childForFieldName('function')?.text ?? 'the call';
        ctx.report({
          node: ref,
          messageId: 'borrowed',
          data: { expr: ref.text, source: copy.source.text, shape: BORROWED[copy.shape], callee: methodName(call) ? `.${callee}(..)` : `${callee}(..)` },
        });
      },
      call_expression(call) {
        // `name.to_string().as_str()`: allocate, then borrow straight back.
        const method = methodName(call);
        if (method !== 'as_str' && method !== 'as_slice') return;
        const recv = methodReceiver(call);
        if (recv?.type !== 'call_expression') return;
        const copy = pointlessCopy(recv);
        if (!copy || ctx.isTest(call)) return;
        ctx.report({ node: call, messageId: 'asStr', data: { expr: call.text, source: copy.source.text, shape: BORROWED[copy.shape] } });
      },
    };
  },
});
