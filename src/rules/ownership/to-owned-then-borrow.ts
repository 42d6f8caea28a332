import type { Node } from '../../rust/parser.js';
import { COPY_METHODS, mentionOf } from '../../catalogue/values.js';
import { methodName, methodReceiver } from '../../rust/syntax.js';
import { defineRule } from '../define-rule.js';
import { argumentView, parametersOfArgument } from '../../model/types.js';
import { COPYING_CONVERSIONS, KEYED_LOOKUP_METHODS, isReferenceKeyedCollection, takesExactArgument, viewsAs, type ParameterView } from '../../catalogue/values.js';
import { resolveBinding } from '../../model/bindings.js';
import { StructIndex } from '../../model/clone-cost.js';
import { shapeOfExpr, shapeOfFieldByName, shapeOfTypeText, type ValueShape } from '../../model/value-shapes.js';
import { freshOwnedValue } from '../../model/clones.js';
import { onlyBorrowedCopy } from '../../model/borrowed-copies.js';
import { formatUseOf } from '../../model/format-args.js';

const ALLOCATING: Readonly<Record<string, readonly ValueShape[]>> = COPYING_CONVERSIONS;

const BORROWED: Record<ValueShape, string> = { str: '&str', String: 'String', slice: 'slice', Vec: 'Vec', Path: '&Path', OsStr: '&OsStr', CStr: '&CStr', PathBuf: 'PathBuf', OsString: 'OsString' };

/** The receiver of a method call is a local binding declared or constructed as a reference-keyed collection. */
function receiverIsReferenceKeyed(call: Node): boolean {
  const recv = methodReceiver(call);
  const decl = recv?.type === 'identifier' ? resolveBinding(recv) : null;
  if (!decl) return false;
  const declared = decl.type?.text ?? (decl.value?.type === 'call_expression' ? decl.value.childForFieldName('function')?.text : undefined);
  return !!declared && isReferenceKeyedCollection(declared);
}

export default defineRule({
  id: 'ownership/to-owned-then-borrow',
  role: 'ownership',
  category: 'style',
  requires: mentionOf([...COPY_METHODS, 'to_string', 'String::from']),
  clippyLint: 'unnecessary_to_owned',
  docs: {
    summary: 'A `.to_string()` / `.to_owned()` / `String::from` / `.to_vec()` / `.clone()` whose fresh copy is only borrowed (`f(&name.to_string())`, `&String::from_utf8(bytes.to_vec())?` lent as a `&str`), a copy handed by value to a parameter that only views it (`env::set_var(key, value.to_string())`: `impl AsRef<OsStr>`; a crate fn\'s `impl AsRef<..>`, or a type parameter bounded by `AsRef<..>` alone and named nowhere else in its signature), a `.to_string()` of any value made only for a parameter that displays it (`&dyn ToString`, `impl Display`), a `let copy = value.clone();` that is only ever borrowed (`&copy`, `copy.as_str()`, a `format!` argument) while `value` stays as it is, whatever the type costs to clone, or a `.to_string()` / `.to_owned()` written as a format-like macro\'s argument that one plain `{}` (or a tracing `%field`) only displays (`format!("{}", name.trim().to_string())`, clippy::to_string_in_format_args).',
    why: 'The copy is allocated, borrowed for one call and freed: a heap allocation per request that buys nothing, since a `&String` derefs to the same `&str` the original already is. Only copies of a value that already is a `str`, `String`, slice, `Vec`, `Path`, `OsStr` or `CStr` are reported: `.to_string()` of any other type runs that type\'s own `Display` / `ToString`, which need not give the text its `as_ref()` does, so replacing it is not a mechanical fix (clippy::unnecessary_to_owned assumes it is). The exception is a parameter that only displays its argument: there the `String` of `x.to_string()` shows exactly what `x` shows.',
    bad: `fn rename(body: &Rename) -> Result<(), ApiError> {
    let name = body.name.trim();
    validate_name(&name.to_string())?;
    Ok(())
}
fn validate_name(name: &str) -> Result<(), ApiError> {
    Ok(())
}
`,
    good: `fn rename(body: &Rename) -> Result<(), ApiError> {
    let name = body.name.trim();
    validate_name(name)?;
    Ok(())
}
fn validate_name(name: &str) -> Result<(), ApiError> {
    Ok(())
}
`,
    anchor: 'clippy::unnecessary_to_owned',
  },
  messages: {
    borrowed: '`{{expr}}` allocates a copy of `{{source}}` (already a {{shape}}) only to lend it to `{{callee}}`; pass `{{source}}` directly',
    utf8: '`{{expr}}` copies the bytes only to check them and lend them back as a `&str`; `std::str::from_utf8(&{{source}})` checks them in place',
    asStr: '`{{expr}}` allocates a copy of `{{source}}` (already a {{shape}}) only to borrow it back; use `{{source}}` directly',
    viewed: '`{{expr}}` allocates a copy of `{{source}}` (already a {{shape}}) only for `{{callee}}`, whose parameter takes `impl AsRef<{{target}}>` and only views it; pass `{{pass}}`',
    displayed: '`{{expr}}` makes a `String` of `{{source}}` only for `{{callee}}`, whose parameter only displays it (`{{param}}`); pass `{{pass}}`',
    formatted: '`{{expr}}` makes a `String` only for `{{macro}}!` to display with `{{placeholder}}`, which displays `{{source}}` the same way; pass `{{source}}` without the copy',
    copyOnlyBorrowed: '`{{copy}}` is a copy of `{{source}}` that is only ever borrowed, and `{{source}}` does not change while it lives; borrow `{{source}}` instead of copying it',
  },
  help: 'Borrow the original instead of a fresh copy: a `&String` and a `&str` view the same bytes.',
  create(ctx) {
    let structs: StructIndex | undefined;
    // A field read is typed by its receiver's struct (any crate of the workspace), else by the crate's fields of that name.
    const shapeOfField = (n: Node) => {
      const declared = ctx.model.declaredFieldType(n);
      return declared ? shapeOfTypeText(declared) : shapeOfFieldByName(n, (f) => ctx.model.fieldTypes(f));
    };
    const shapeOf = (n: Node) => shapeOfExpr(n, (structs ??= StructIndex.of(ctx.root))) ?? shapeOfField(n);

    /** `recv.to_string()` (or `String::from(recv)`) on a string/slice-shaped receiver: the receiver, else null. */
    function pointlessCopy(call: Node): { source: Node; shape: ValueShape } | null {
      const method = methodName(call);
      let source: Node | null = null;
      let allowed: readonly ValueShape[] = [];
      if (method && ALLOCATING[method] && call.childForFieldName('arguments')?.namedChildCount === 0) {
        source = methodReceiver(call);
        allowed = ALLOCATING[method]!;
      } else if (/^(std::string::)?String::from$/.test(call.childForFieldName('function')?.text ?? '')) {
        source = call.childForFieldName('arguments')?.namedChildren[0] ?? null;
        allowed = ['str'];
      }
      if (!source) return null;
      // A fresh owned temporary (`String::from("x").to_string()`): the copy of a value nobody keeps is
      // redundant-clone's finding, and `&String::from(..)` is what to pass, not the temporary.
      if (freshOwnedValue(source, method)) return null;
      const shape = shapeOf(source);
      return shape && allowed.includes(shape) ? { source, shape } : null;
    }

    /** Whether the callee receiving `&copy` may need the owned type (any crate fn the call may reach says so). */
    function calleeNeedsOwned(call: Node, ref: Node): boolean {
      const method = methodName(call);
      if (method && takesExactArgument(method)) return true;
      // `set.remove(&name.to_owned())` on a `HashSet<&String>`: the key's own reference type is what fits.
      if (method && KEYED_LOOKUP_METHODS.has(method) && receiverIsReferenceKeyed(call)) return true;
      // `set.lookup::<&str>(&key.to_owned())`: the caller pins the callee's types by hand.
      if (call.childForFieldName('function')?.type === 'generic_function') return true;
      return parametersOfArgument(ref, ctx.model).some((slot) => slot.generic || /^&('\w+)?(mut)?([\w:]*::)?(String|Vec|PathBuf|OsString|CString|Box)\b/.test(slot.type.replace(/\s+/g, '')));
    }

    /**
     * `&String::from_utf8(bytes.to_vec()).unwrap()` lent as a `&str`: the bytes are copied only to be
     * checked and borrowed back; `std::str::from_utf8(&bytes)` checks them in place. True when reported.
     */
    function onBorrowedUtf8Copy(ref: Node): boolean {
      let inner = ref.childForFieldName('value');
      while (inner?.type === 'try_expression' || (inner?.type === 'call_expression' && /^(unwrap|expect)$/.test(methodName(inner) ?? ''))) inner = inner.type === 'try_expression' ? inner.namedChildren[0]! : methodReceiver(inner);
      if (inner?.type !== 'call_expression' || !/^(std::string::)?String::from_utf8$/.test(inner.childForFieldName('function')?.text ?? '')) return false;
      const copy = inner.childForFieldName('arguments')?.namedChildren[0];
      const copied = copy?.type === 'call_expression' && /^(to_vec|to_owned)$/.test(methodName(copy) ?? '') && copy.childForFieldName('arguments')?.namedChildCount === 0 ? methodReceiver(copy) : null;
      if (!copy || !copied || ctx.isTest(ref)) return false;
      // Lent where a `&str` is wanted: a `let` typed `&str`, or an argument no callee needs as `&String`.
      const p = ref.parent;
      const lentAsStr = p?.type === 'let_declaration' ? /^&('\w+\s+)?str$/.test(p.childForFieldName('type')?.text.replace(/\s+/g, ' ') ?? '') : p?.type === 'arguments' && p.parent?.type === 'call_expression' && !calleeNeedsOwned(p.parent, ref);
      if (!lentAsStr) return false;
      ctx.report({ node: inner, messageId: 'utf8', data: { expr: inner.text.length > 50 ? `${inner.text.slice(0, 47)}...` : inner.text, source: copied.text } });
      return true;
    }

    const calleeName = (call: Node): string => {
      const method = methodName(call);
      return method ? `.${method}(..)` : `${call.childForFieldName('function')?.text ?? 'the call'}(..)`;
    };

    /**
     * `x.to_string()` (or `&x.to_string()`) handed to a parameter that only views its argument
     * (model `argumentView`): `impl AsRef<OsStr>` sees the same bytes in `x` when `x` already is a
     * string, path or slice; a `ToString` / `Display` parameter writes the same text for `&x`, whatever
     * `x` is. `arg` is the argument as written. True when reported.
     */
    function onViewedCopy(arg: Node, copyCall: Node): boolean {
      let view: ParameterView | null | undefined;
      const viewOf = () => (view === undefined ? (view = argumentView(arg, ctx.model, ctx.imports)) : view);
      const call = arg.parent!.parent!;
      const copy = pointlessCopy(copyCall);
      if (copy && arg.type !== 'reference_expression' && viewOf()?.kind === 'as-ref' && viewsAs(copy.shape, (view as { target: string }).target)) {
        if (ctx.isTest(arg)) return true;
        ctx.report({
          node: arg,
          messageId: 'viewed',
          data: { expr: arg.text, source: copy.source.text, shape: BORROWED[copy.shape], callee: calleeName(call), target: (view as { target: string }).target, pass: copy.shape === 'str' ? copy.source.text : `&${copy.source.text}` },
        });
        return true;
      }
      if (methodName(copyCall) !== 'to_string' || copyCall.childForFieldName('arguments')?.namedChildCount !== 0) return false;
      const source = methodReceiver(copyCall);
      if (!source || freshOwnedValue(source, 'to_string') || viewOf()?.kind !== 'display') return false;
      if (ctx.isTest(arg)) return true;
      const slot = parametersOfArgument(arg, ctx.model)[0];
      ctx.report({ node: arg, messageId: 'displayed', data: { expr: arg.text, source: source.text, callee: calleeName(call), param: slot?.type ?? 'Display', pass: `&${source.text}` } });
      return true;
    }

    /**
     * `format!("{}", x.to_string())` (or `&x.to_string()`, `x.to_owned()`): a copy that a format-like
     * macro only displays (model `formatUseOf`: one plain `{}` placeholder, or a tracing `%field`).
     * `Display` of the `String` writes what `Display` of `x` writes, so the allocation buys nothing.
     * Not under `{:?}` (the `String`'s Debug adds quotes), a width or precision (a `String` pads and
     * truncates, `x`'s own `Display` may not), or a value rendered twice (one copy may be cheaper than
     * two `fmt` calls); not for a `to_string` the crate writes (it need not be `Display`'s: model `toStringIsDisplay`).
     * True when the copy is a format argument (reported or not).
     */
    function onFormattedCopy(arg: Node, copyCall: Node): boolean {
      const method = methodName(copyCall);
      if ((method !== 'to_string' && method !== 'to_owned') || copyCall.childForFieldName('arguments')?.namedChildCount !== 0) return false;
      const use = formatUseOf(arg);
      if (!use) return false;
      const source = methodReceiver(copyCall);
      const [placeholder, ...more] = use.placeholders;
      const displayed = use.field === '%' || (!!placeholder && !more.length && placeholder.format === '');
      if (!source || !displayed || freshOwnedValue(source, method) || ctx.isTest(arg)) return true;
      // A `to_string` the crate writes need not be `Display`'s: a text receiver (which `to_string` merely
      // copies, the catalogue's COPYING_CONVERSIONS) is std's, any other as the model knows its type.
      const shape = shapeOf(source);
      const copiesText = !!shape && !!ALLOCATING.to_string?.includes(shape);
      if (method === 'to_string' && !copiesText && !ctx.model.toStringIsDisplay(source)) return true;
      const macro = use.macro;
      ctx.report({ node: arg, messageId: 'formatted', data: { expr: arg.text, macro, placeholder: placeholder?.text ?? '%', source: source.text } });
      return true;
    }

    return {
      reference_expression(ref) {
        if (onBorrowedUtf8Copy(ref)) return;
        const inner = ref.childForFieldName('value');
        if (inner?.type === 'call_expression' && onFormattedCopy(ref, inner)) return;
        if (inner?.type !== 'call_expression' || ref.text.startsWith('&mut')) return;
        const args = ref.parent;
        if (args?.type !== 'arguments' || args.parent?.type !== 'call_expression') return;
        const copy = pointlessCopy(inner);
        if (!copy) {
          onViewedCopy(ref, inner);
          return;
        }
        if (ctx.isTest(ref)) return;
        const call = args.parent;
        // A copy of an owned `String` / `Vec` has the type of its source: `&source` fits any parameter the copy fits.
        if (copy.shape !== 'String' && copy.shape !== 'Vec' && calleeNeedsOwned(call, ref)) return;
        const callee = methodName(call) ?? call.childForFieldName('function')?.text ?? 'the call';
        ctx.report({
          node: ref,
          messageId: 'borrowed',
          data: { expr: ref.text, source: copy.source.text, shape: BORROWED[copy.shape], callee: methodName(call) ? `.${callee}(..)` : `${callee}(..)` },
        });
      },
      call_expression(call) {
        // `env::set_var(key, value.to_string())`: a copy handed by value to a parameter that only views it.
        if (call.parent?.type === 'arguments' && call.parent.parent?.type === 'call_expression' && onViewedCopy(call, call)) return;
        // `format!("{}", x.to_string())`: a copy a format-like macro only displays.
        if (call.parent?.type === 'token_tree' && onFormattedCopy(call, call)) return;
        // `let copy = value.clone();` and then only `&copy` / `copy.len()`: `value` itself lends the same.
        const borrowedCopy = onlyBorrowedCopy(call, ctx.model);
        if (borrowedCopy) {
          if (!ctx.isTest(call)) ctx.report({ node: call.parent!, messageId: 'copyOnlyBorrowed', data: { copy: borrowedCopy.copy.name, source: borrowedCopy.source.name } });
          return;
        }
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
