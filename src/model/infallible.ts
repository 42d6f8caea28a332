/**
 * Calls whose `Result` is never an `Err`, so unwrapping it cannot panic, from what is extracted or
 * deserialised and the crate's own impls:
 *   - running an extractor whose rejection is `Infallible` (`parts.extract::<Uri>()`, a
 *     `PrivateCookieJar` taken with `extract_with_state`), or an `Option<T>` whose `T` extracts
 *     optionally through crate impls that never return an `Err` (facts.ts `neverFails`);
 *   - `serde_json::from_value` of a parsed value into a type that holds any JSON (`Raw<T>`, `Value`).
 * The type comes from the turbofish (`extract::<Option<T>>()`) or from where the unwrapped value goes
 * (`let jar: PrivateCookieJar = ..`, the fn's return type when it is the body's value).
 */
import { isExtractMethod, isInfallibleExtractor, isOptionalExtractorTrait } from '../catalogue/web.js';
import { ANY_JSON_TYPES } from '../catalogue/values.js';
import type { ImportMap } from '../rust/imports.js';
import type { Node } from '../rust/parser.js';
import { methodChain } from '../rust/syntax.js';
import { isInMemoryWriter, isWriteMethod } from '../catalogue/writers.js';
import type { CrateIndex, FnRef } from './crate-index.js';
import { modelOfTree } from './index.js';
import { receiverType } from './summaries.js';
import { resolveBinding } from './bindings.js';

/** The head of a type as written (`axum::http::Uri` -> `Uri`, `Option<Foo>` -> `Option`) and its first type argument. */
function typeParts(type: string): { head: string; arg?: string } {
  const t = type.replace(/\s+/g, '').replace(/^&(mut)?/, '');
  const lt = t.indexOf('<');
  const path = lt < 0 ? t : t.slice(0, lt);
  const head = path.slice(path.lastIndexOf(':') + 1);
  if (lt < 0) return { head };
  // The first argument, up to a top-level comma.
  let depth = 0;
  let end = lt + 1;
  for (; end < t.length; end++) {
    const c = t[end]!;
    if (c === '<' || c === '(') depth++;
    else if (c === '>' || c === ')') {
      if (depth === 0) break;
      depth--;
    } else if (c === ',' && depth === 0) break;
  }
  return { head, arg: t.slice(lt + 1, end) };
}

/** The type the unwrapped value is given: `let x: T = ..unwrap()`, or the fn's return type when it is the body's tail. */
export function destinationType(unwrap: Node): string | undefined {
  let cur = unwrap;
  while (cur.parent && (cur.parent.type === 'parenthesized_expression' || cur.parent.type === 'try_expression')) cur = cur.parent;
  const p = cur.parent;
  if (p?.type === 'let_declaration' && p.childForFieldName('value')?.id === cur.id) return p.childForFieldName('type')?.text;
  if (p?.type === 'block' && p.parent?.type === 'function_item' && p.namedChildren.filter((c) => !c.type.endsWith('comment')).pop()?.id === cur.id) {
    return p.parent.childForFieldName('return_type')?.text;
  }
  return undefined;
}

function turbofish(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  return fn?.type === 'generic_function' ? fn.childForFieldName('type_arguments')?.namedChildren[0]?.text : undefined;
}

/** Every crate impl through which `T` extracts as an `Option` never fails. */
function optionalExtractionNeverFails(at: Node, type: string): boolean {
  const file = modelOfTree(at.tree);
  if (!file) return false;
  const impls = file.index.fnsNamed(file.crate, 'from_request_parts').concat(file.index.fnsNamed(file.crate, 'from_request')).filter((r) => r.fn.owner === type && isOptionalExtractorTrait(r.fn.trait ?? ''));
  return impls.length > 0 && impls.every((r) => r.fn.neverFails);
}

/** A type path as written in `file`, through its `use` items (`Context` with `use md5::Context` -> `md5::Context`). */
function pathIn(index: CrateIndex, ref: FnRef, type: string): string {
  const first = type.split('::')[0]!;
  const use = ref.file.uses.find((u) => !u.glob && u.local === first);
  return use ? `${use.target.replace(/^::/, '')}${type.slice(first.length)}` : type;
}

/**
 * Writes into a value of `type` never fail: a std buffer or a hash state (catalogue), or a crate type
 * whose own `io::Write` / `fmt::Write` impl only returns `Ok` or hands each write to a field that is one
 * (`impl Write for Digest { fn write(&mut self, b: &[u8]) -> io::Result<usize> { self.0.write(b) } }`).
 */
function writesInMemory(index: CrateIndex, crate: string, type: string, depth = 0): boolean {
  if (isInMemoryWriter(type)) return true;
  if (depth > 2) return false;
  const impls = index.fns.filter((f) => f.fn.owner === type && f.fn.trait === 'Write' && isWriteMethod(f.fn.name) && index.crateOf(f.file.path) === crate);
  if (!impls.length) return false;
  const struct = index.structsNamed(crate, type)[0]?.struct;
  return impls.every((f) => {
    if (f.fn.neverFails) return true;
    const calls = f.fn.calls;
    return (
      calls.length > 0 &&
      calls.every((c) => {
        const field = c.receiver?.startsWith('self.') ? c.receiver.slice(5) : undefined;
        const declared = field && !field.includes('.') ? struct?.fields.find((x) => x.name === field)?.type : undefined;
        return c.method !== undefined && isWriteMethod(c.method) && !!declared && writesInMemory(index, crate, pathIn(index, f, declared), depth + 1);
      })
    );
  });
}

/** `buf.write_all(..)`, `hasher.write(..)`, `out.write_str(..)`: one write call on a local or parameter whose type keeps writes in memory. */
function writeNeverFails(unwrap: Node, root: Node, name: string): boolean {
  if (root.type !== 'identifier' && root.type !== 'field_expression') return false;
  const file = modelOfTree(unwrap.tree);
  let fnNode: Node | null = unwrap.parent;
  while (fnNode && fnNode.type !== 'function_item') fnNode = fnNode.parent;
  const ref = file && fnNode ? file.fnOf(fnNode) : undefined;
  if (!file || !ref || !isWriteMethod(name)) return false;
  const type = receiverType(file.index, ref, root.text.replace(/\s+/g, ''), unwrap.startPosition.row + 1);
  return !!type && writesInMemory(file.index, file.crate, type);
}

/**
 * `Uri::from_parts(parts)` where `let mut parts = uri.into_parts();` in the same fn: a value rebuilt from
 * the parts of a valid one of its type (a part replaced in between is the program's own edit). The
 * checks `from_parts` makes held when the parts were taken apart.
 */
function rebuildsFromOwnParts(root: Node): boolean {
  if (root.type !== 'call_expression' || !/(^|::)from_parts$/.test(root.childForFieldName('function')?.text ?? '')) return false;
  const args = root.childForFieldName('arguments')?.namedChildren ?? [];
  if (args.length !== 1 || args[0]!.type !== 'identifier') return false;
  const decl = resolveBinding(args[0]!);
  const value = decl?.kind === 'let' ? decl.value : null;
  if (!value) return false;
  const chain = methodChain(value);
  return chain.links.length === 1 && chain.links[0]!.name === 'into_parts';
}

/** Whether the `Result` that `receiver` (the value `unwrap` is called on) holds can never be an `Err`. */
export function neverFails(unwrap: Node, receiver: Node, imports: ImportMap): boolean {
  const { root, links } = methodChain(receiver);
  const calls = links.filter((l) => l.name !== 'await' && l.name !== '?');
  const last = calls[calls.length - 1];
  if (calls.length === 1 && links.length === 1 && writeNeverFails(unwrap, root, last!.name)) return true;
  if (!links.length && rebuildsFromOwnParts(root)) return true;
  // A crate fn (any file) whose `Result` is only ever `Ok(..)`: `this.is_online().await.unwrap()`.
  const called = last ? last.node : !links.length && root.type === 'call_expression' ? root : null;
  if (called && !links.slice(links.indexOf(last!) + 1).some((l) => l.name === '?')) {
    const targets = modelOfTree(unwrap.tree)?.knownCallees(called) ?? [];
    if (targets.length && targets.every((t) => t.fn.neverFails)) return true;
  }
  // `parts.extract::<T>().await`, `parts.extract_with_state(&s).await`.
  if (last && isExtractMethod(last.name) && links[links.length - 1]?.name === 'await') {
    const type = turbofish(last.node) ?? destinationType(unwrap);
    if (!type) return false;
    const { head, arg } = typeParts(type);
    if (isInfallibleExtractor(head)) return true;
    if (head === 'Option' && arg) {
      const inner = typeParts(arg).head;
      return isInfallibleExtractor(inner) || optionalExtractionNeverFails(unwrap, inner);
    }
    return false;
  }
  // `serde_json::from_value(v)` into a type that holds any JSON.
  if (!links.length && root.type === 'call_expression') {
    const fn = root.childForFieldName('function');
    const written = fn?.type === 'generic_function' ? fn.childForFieldName('function')?.text ?? '' : fn?.text ?? '';
    if (!/(^|::)serde_json::from_value$/.test(imports.resolve(written))) return false;
    const type = turbofish(root) ?? destinationType(unwrap);
    if (!type) return false;
    const head = typeParts(type).head;
    if (!ANY_JSON_TYPES.test(head)) return false;
    // A crate's own type of that name is not JSON held as it is.
    const file = modelOfTree(unwrap.tree);
    return !file?.index.declaresType(file.crate, head);
  }
  return false;
}
