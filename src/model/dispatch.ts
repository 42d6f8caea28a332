/**
 * Calls through a trait: a method called on a parameter typed `impl Trait` / `&dyn Trait`, or on a
 * field declared `Arc<dyn Trait>` / `Box<dyn Trait>`, runs one of the trait's impls, chosen at run
 * time. The index resolves a call by the receiver's declared type; for these the candidates are the
 * impls of the method anywhere in the workspace (a trait declared in a library, implemented for each
 * backend, called from an integration test).
 */
import type { CrateIndex, FnRef } from './crate-index.js';
import type { CallFact } from './facts.js';

/** Auto and marker traits a bound list carries besides the one that dispatches. */
const MARKER_TRAITS = /^(Send|Sync|Sized|Unpin|Clone|Copy|Debug|Display|Any)$/;

/** The trait names a type dispatches through: `impl A + B<T>`, `&dyn A`, `Arc<dyn A + Send + Sync>`. */
export function dispatchTraits(type: string): string[] {
  const m = /\b(?:impl|dyn)\s+(.*)$/.exec(type.replace(/\s+/g, ' '));
  if (!m) return [];
  return m[1]!
    .split('+')
    .map((b) => /^\s*(?:\?\s*)?([\w:]+)/.exec(b)?.[1]?.split('::').pop() ?? '')
    .filter((t) => /^[A-Z]/.test(t) && !MARKER_TRAITS.test(t));
}

const implsMemo = new WeakMap<CrateIndex, Map<string, FnRef[]>>();

/** Every impl of `Trait::method` taking `self`, in any crate of the workspace (the trait's default method included). */
export function traitMethodImpls(index: CrateIndex, trait: string, method: string): readonly FnRef[] {
  let byTrait = implsMemo.get(index);
  if (!byTrait) {
    byTrait = new Map();
    for (const f of index.fns) {
      const name = f.fn.trait ?? (f.fn.inTraitDefinition ? f.fn.owner : undefined);
      if (!name || !f.fn.hasSelf) continue;
      const key = `${name.replace(/<.*$/, '').split('::').pop()}::${f.fn.name}`;
      (byTrait.get(key) ?? byTrait.set(key, []).get(key)!).push(f);
    }
    implsMemo.set(index, byTrait);
  }
  return byTrait.get(`${trait}::${method}`) ?? [];
}

/**
 * The impls a method call of `ref` may run when its receiver dispatches through a trait: a parameter
 * (not shadowed by a `let`) typed `impl Trait` / `dyn Trait`, or `self.field` declared with `dyn
 * Trait` in the fn's own type. The calling crate's impls first. Empty for any other receiver.
 */
export function dispatchedImpls(index: CrateIndex, ref: FnRef, call: CallFact): FnRef[] {
  if (call.method === undefined || call.receiver === undefined) return [];
  const parts = call.receiver.split('.');
  let type: string | undefined;
  if (parts.length === 1) {
    if (ref.fn.lets.some((l) => l.name === call.receiver && l.line < call.line)) return [];
    type = ref.fn.params.find((p) => p.name === call.receiver)?.type;
  } else if (parts.length === 2 && parts[0] === 'self' && ref.fn.owner) {
    const structs = index.structsNamed(index.crateOf(ref.file.path), ref.fn.owner);
    type = structs.length === 1 ? structs[0]!.struct.fields.find((f) => f.name === parts[1])?.type : undefined;
  }
  const traits = type ? dispatchTraits(type) : [];
  if (!traits.length) return [];
  const crate = index.crateOf(ref.file.path);
  const out: FnRef[] = [];
  for (const t of traits) for (const impl of traitMethodImpls(index, t, call.method)) if (impl.key !== ref.key) out.push(impl);
  return out.sort((a, b) => Number(index.crateOf(b.file.path) === crate) - Number(index.crateOf(a.file.path) === crate));
}

/** A trait the workspace declares under this name in `crate` (and no struct of that name there). */
export function isWorkspaceTrait(index: CrateIndex, crate: string, name: string): boolean {
  return index.typesNamed(crate, name).some((t) => t.type.kind === 'trait') && !index.structsNamed(crate, name).length;
}

/** Code only tests build: a test fn, a test file, or a fn in a `#[cfg(test)]` module. */
function testOnly(index: CrateIndex, f: FnRef): boolean {
  return f.fn.test || index.cfgGatesOf(index.crateOf(f.file.path), index.moduleAt(f.file, f.fn.module)).includes('test');
}

/**
 * What a method call on a receiver typed by a workspace trait runs (`self.github.public_keys(..)` with
 * `github: Box<dyn GitHubClient>`): each impl of the method that production code builds (a test
 * double is not what a deployed program dispatches to), the trait's default body, and the blanket
 * impls for every type with that trait. Empty when the method is none of these.
 */
export function traitDispatchTargets(index: CrateIndex, crate: string, trait: string, method: string): FnRef[] {
  const impls = traitMethodImpls(index, trait, method).filter((f) => !testOnly(index, f));
  return [...impls, ...blanketImpls(index, [crate], trait, method).filter((b) => !impls.includes(b))];
}

/**
 * The methods named `method` of blanket impls (`impl<T: RequestExt + ?Sized> RequestApp for T`) in
 * `crates` whose bounds name `trait`: a value of any type with that trait has them. Not an impl for
 * every type (`impl<T> Ext for T`): which of those apply is a type checker's question.
 */
export function blanketImpls(index: CrateIndex, crates: readonly string[], trait: string, method: string): FnRef[] {
  const out: FnRef[] = [];
  for (const crate of new Set(crates)) {
    for (const f of index.methodsNamed(crate, method)) {
      if (f.fn.blanket === undefined || !f.fn.hasSelf || testOnly(index, f)) continue;
      if (dispatchTraits(`impl ${f.fn.blanket}`).includes(trait)) out.push(f);
    }
  }
  return out;
}
