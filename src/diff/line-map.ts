/** Which head lines a diff added or shows as context, and where a review comment may go. */
import { newSideOf } from './hunk-lines.js';
import { LineSet } from './line-set.js';
import type { FileDiff, Hunk } from './model.js';

export type LineMark = 'added' | 'context' | 'file' | 'outside';

/** One map per list of hunks: the pipeline, the review plan and the worker messages share it. */
const built = new WeakMap<readonly Hunk[], LineMap>();

export class LineMap {
  readonly added: LineSet;
  readonly context: LineSet;
  /** Head-side [start, end] of each hunk: a multi-line comment must stay inside one. */
  readonly hunkRanges: [number, number][] = [];
  private readonly sortedHunks: boolean;

  /** Linear in the number of hunks and runs of lines (see hunk-lines.ts), not in the number of lines. */
  constructor(hunks: readonly Hunk[]) {
    const added: (readonly [number, number])[] = [];
    const context: (readonly [number, number])[] = [];
    for (const h of hunks) {
      const side = newSideOf(h);
      added.push(...side.added);
      context.push(...side.context);
      const first = Math.min(side.added[0]?.[0] ?? Infinity, side.context[0]?.[0] ?? Infinity);
      const last = Math.max(side.added.at(-1)?.[1] ?? -Infinity, side.context.at(-1)?.[1] ?? -Infinity);
      if (first <= last) this.hunkRanges.push([first, last]);
    }
    this.added = new LineSet(added);
    this.context = new LineSet(context);
    this.sortedHunks = this.hunkRanges.every((r, i) => i === 0 || r[0] > this.hunkRanges[i - 1]![1]);
  }

  static ofFile(file: FileDiff): LineMap {
    let map = built.get(file.hunks);
    if (!map) built.set(file.hunks, (map = new LineMap(file.hunks)));
    return map;
  }

  /** A RIGHT-side line GitHub accepts a review comment on. */
  commentable(line: number): boolean {
    return this.added.has(line) || this.context.has(line);
  }

  hunkOf(line: number): [number, number] | undefined {
    if (!this.sortedHunks) return this.hunkRanges.find(([a, b]) => line >= a && line <= b);
    let lo = 0;
    let hi = this.hunkRanges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [a, b] = this.hunkRanges[mid]!;
      if (line < a) hi = mid - 1;
      else if (line > b) lo = mid + 1;
      else return this.hunkRanges[mid];
    }
    return undefined;
  }

  mark(line: number, endLine = line): LineMark {
    if (this.added.hasAnyIn(line, endLine)) return 'added';
    if (this.context.hasAnyIn(line, endLine)) return 'context';
    return 'file';
  }
}
