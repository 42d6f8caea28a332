/** "Did you mean ...?" for mistyped config keys and rule ids. */
import type { z } from 'zod';

/** Levenshtein distance, cut off early once above `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, row[j]!);
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[b.length]!;
}

/** The closest candidate within a third of the word's length (at least 1, at most 3 edits), if any. */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const max = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase(), max);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best;
}

/** ` (did you mean \`x\`?)`, or nothing. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closestMatch(word, candidates);
  return match ? ` (did you mean \`${match}\`?)` : '';
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  options?: z.ZodType[];
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const WRAPPERS = new Set(['default', 'optional', 'nullable', 'prefault']);

/** A schema without its default/optional wrappers, unions opened into their members. */
function members(schema: z.ZodType): z.ZodType[] {
  let s = schema;
  while (WRAPPERS.has(defOf(s).type) && defOf(s).innerType) s = defOf(s).innerType!;
  const def = defOf(s);
  return def.type === 'union' ? (def.options ?? []).flatMap(members) : [s];
}

/** The keys an object in `schema` accepts at `path` (through records and union members). */
export function keysAt(schema: z.ZodType, path: readonly string[]): string[] {
  let at = members(schema);
  for (const step of path) {
    at = at.flatMap((s) => {
      const def = defOf(s);
      if (def.type === 'object' && def.shape?.[step]) return members(def.shape[step]!);
      if (def.type === 'record' && def.valueType) return members(def.valueType);
      return [];
    });
  }
  return at.flatMap((s) => (defOf(s).type === 'object' && defOf(s).shape ? Object.keys(defOf(s).shape!) : []));
}
