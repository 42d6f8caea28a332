/**
 * Production functions that a change adds or edits, matched to their base version by module path and
 * name (the model's fn keys, fn-keys.ts): a fact about the change that any role may ask for (the
 * tests role's coverage table and test-removed do).
 */
import type { Node } from '../rust/parser.js';
import type { ParsedFile as RustFile } from '../rust/parsed-file.js';
import { fnName, isAsyncFn, isPub, isTestPath, lineOf } from '../rust/syntax.js';
import { implTypeOf, productionFns } from './fn-keys.js';

/** A changed file as far as this needs it: its path and the head lines the change added. */
export interface ChangedLines {
  readonly path: string;
  readonly addedLines: ReadonlySet<number>;
}

/** A head or base side of the changed file, with its text (a changed fn's lines are read from it). */
export interface ChangedSide extends RustFile {
  readonly source: string;
}

export interface ChangedFn {
  path: string;
  node: Node;
  /** `archive_project`, or `OrderService::place` for a method. */
  name: string;
  /** The fn's own name (`place`). */
  shortName: string;
  implType?: string;
  change: 'added' | 'changed';
  /** The signature line (the `fn name` line). */
  line: number;
  /** First added line inside the function, for anchoring comments on the change itself. */
  firstAddedLine: number;
  /** Added lines inside the function that hold code (not blank, not comments). */
  addedCodeLines: number;
  isPublic: boolean;
  isAsync: boolean;
  /** In a trait impl (`impl Display for X`): its API is the trait's, not its own. */
  inTraitImpl: boolean;
}

const normalise = (text: string) => text.replace(/\/\/[^\n]*/g, '').replace(/\s+/g, ' ').trim();

/** Functions of a changed production file that the change added or whose code it edited. */
export function changedFunctions(file: ChangedLines, head: ChangedSide, base: ChangedSide | undefined): ChangedFn[] {
  if (isTestPath(file.path)) return [];
  const baseFns: ReadonlyMap<string, Node> = base ? productionFns(base) : new Map();
  const lines = head.source.split('\n');
  const out: ChangedFn[] = [];
  for (const [key, fn] of productionFns(head)) {
    const start = fn.startPosition.row + 1;
    const end = fn.endPosition.row + 1;
    const added: number[] = [];
    for (let l = start; l <= end; l++) if (file.addedLines.has(l)) added.push(l);
    if (!added.length) continue;
    const before = baseFns.get(key);
    if (before && normalise(before.text) === normalise(fn.text)) continue;
    const codeLines = added.filter((l) => {
      const t = (lines[l - 1] ?? '').trim();
      return t.length > 0 && !t.startsWith('//') && t !== '}' && t !== '{';
    });
    const { type, traitImpl } = implTypeOf(fn);
    const shortName = fnName(fn);
    out.push({
      path: file.path,
      node: fn,
      name: type ? `${type}::${shortName}` : shortName,
      shortName,
      implType: type,
      change: before ? 'changed' : 'added',
      line: lineOf(fn.childForFieldName('name') ?? fn),
      firstAddedLine: added[0]!,
      addedCodeLines: codeLines.length,
      isPublic: isPub(fn),
      isAsync: isAsyncFn(fn),
      inTraitImpl: traitImpl,
    });
  }
  return out;
}

