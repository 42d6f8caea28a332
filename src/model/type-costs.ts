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

/**
 * The cost of cloning a value of `type` (as written in `crate`'s `module`). `bulkOnly`: owned text
 * counts as cheap, so only collections (and structs holding them) are heavy.
 */
export function cloneCostOfType(index: CrateIndex, type: string, crate: string, module: readonly string[], depth = 0, bulkOnly = false): Cost {
  const t = type.replace(/\s+/g, '');
  if (!t || depth > 4) return 'unknown';
  if (/^[&*]/.test(t) || /^(fn|impl)\b/.test(t) || t === '()' || t === '!') return 'cheap';
  if (t.startsWith('(')) return combine(tupleElements(t).map((e) => cloneCostOfType(index, e, crate, module, depth, bulkOnly)));
  const array = /^\[(.*);[^;\]]*\]$/.exec(t);
  if (array) return cloneCostOfType(index, array[1]!, crate, module, depth, bulkOnly);
  const path = t.split('<')[0]!;
  const head = path.split('::').pop()!;
  if (isPrimitiveTypeName(head)) return 'cheap';
  if (isCloneTransparentType(head)) {
    const inner = typeArguments(t)[0];
    return inner ? cloneCostOfType(index, inner, crate, module, depth, bulkOnly) : 'unknown';
  }
  if (isOwnedTextType(head)) return bulkOnly ? 'cheap' : 'heavy';
  if (isHeavyContainerType(head)) return 'heavy';
  if (isCheapCloneType(head) || namesHandleType(head)) return 'cheap';
  const struct = index.structAt(crate, module, path);
  return struct ? structCloneCost(index, struct, depth + 1, bulkOnly) : 'unknown';
}

type WorkspaceStruct = NonNullable<ReturnType<CrateIndex['structAt']>>;

/** A struct of the workspace is cheap to clone when every field is, heavy when one field is. */
export function structCloneCost(index: CrateIndex, struct: WorkspaceStruct, depth = 0, bulkOnly = false): Cost {
  const home = index.moduleAt(struct.file, struct.struct.module);
  return combine(struct.struct.fields.map((f) => cloneCostOfType(index, f.type, struct.crate, home, depth, bulkOnly)));
}

/** The field that makes a struct heavy, for messages ("`index: SearchIndex`"), or undefined. */
export function heavyFieldOf(index: CrateIndex, struct: WorkspaceStruct, bulkOnly = false): { name: string; type: string } | undefined {
  const home = index.moduleAt(struct.file, struct.struct.module);
  return struct.struct.fields.find((f) => cloneCostOfType(index, f.type, struct.crate, home, 1, bulkOnly) === 'heavy');
}

/** Heavy when one part is, cheap when all are. */
function combine(costs: readonly Cost[]): Cost {
  if (costs.includes('heavy')) return 'heavy';
  return costs.every((c) => c === 'cheap') ? 'cheap' : 'unknown';
}
