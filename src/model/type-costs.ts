/**
 * What a clone of a value costs when its type is written as text (a callee's declared return type, a
 * field of a struct of another file): the catalogue's owned text and collections are heavy, handles
 * and references cheap, and a struct of the workspace costs what its fields do, each field's type
 * resolved from the struct's own module. clone-cost.ts answers the same for syntax nodes of one file.
 */
import { isCheapCloneType, isCloneTransparentType, isHeavyContainerType, isOwnedTextType, isPrimitiveTypeName } from '../catalogue/types.js';
import { namesHandleType } from '../catalogue/naming.js';
import type { Cost } from './clone-cost.js';
import type { CrateIndex } from './crate-index.js';
import { typeArguments } from './call-types.js';

/** Splits `(A, B<C, D>)`'s elements at its top-level commas. */
function tupleElements(type: string): string[] {
  return typeArguments(`T<${type.slice(1, -1)}>`);
}

/** The cost of cloning a value of `type` (as written in `crate`'s `module`). */
export function cloneCostOfType(index: CrateIndex, type: string, crate: string, module: readonly string[], depth = 0): Cost {
  const t = type.replace(/\s+/g, '');
  if (!t || depth > 4) return 'unknown';
  if (/^[&*]/.test(t) || /^(fn|impl)\b/.test(t) || t === '()' || t === '!') return 'cheap';
  if (t.startsWith('(')) return combine(tupleElements(t).map((e) => cloneCostOfType(index, e, crate, module, depth)));
  const array = /^\[(.*);[^;\]]*\]$/.exec(t);
  if (array) return cloneCostOfType(index, array[1]!, crate, module, depth);
  const path = t.split('<')[0]!;
  const head = path.split('::').pop()!;
  if (isPrimitiveTypeName(head)) return 'cheap';
  if (isCloneTransparentType(head)) {
    const inner = typeArguments(t)[0];
    return inner ? cloneCostOfType(index, inner, crate, module, depth) : 'unknown';
  }
  if (isOwnedTextType(head) || isHeavyContainerType(head)) return 'heavy';
  if (isCheapCloneType(head) || namesHandleType(head)) return 'cheap';
  const struct = index.structAt(crate, module, path);
  if (!struct) return 'unknown';
  const home = index.moduleAt(struct.file, struct.struct.module);
  return combine(struct.struct.fields.map((f) => cloneCostOfType(index, f.type, struct.crate, home, depth + 1)));
}

/** Heavy when one part is, cheap when all are. */
function combine(costs: readonly Cost[]): Cost {
  if (costs.includes('heavy')) return 'heavy';
  return costs.every((c) => c === 'cheap') ? 'cheap' : 'unknown';
}
