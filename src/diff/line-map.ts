/** Which head lines a diff added or shows as context, and where a review comment may go. */
import type { FileDiff, Hunk } from './model.js';

export type LineMark = 'added' | 'context' | 'file' | 'outside';

export class LineMap {
  readonly added = new Set<number>();
  readonly context = new Set<number>();
  /** Head-side [start, end] of each hunk: a multi-line comment must stay inside one. */
  readonly hunkRanges: [number, number][] = [];

  constructor(hunks: readonly Hunk[]) {
    for (const h of hunks) {
      let first = Infinity;
      let last = -Infinity;
      for (const l of h.lines) {
        if (l.newLine === undefined) continue;
        (l.kind === 'add' ? this.added : this.context).add(l.newLine);
        first = Math.min(first, l.newLine);
        last = Math.max(last, l.newLine);
      }
      if (first <= last) this.hunkRanges.push([first, last]);
    }
  }

  static ofFile(file: FileDiff): LineMap {
    return new LineMap(file.hunks);
  }

  /** A RIGHT-side line GitHub accepts a review comment on. */
  commentable(line: number): boolean {
    return this.added.has(line) || this.context.has(line);
  }

  hunkOf(line: number): [number, number] | undefined {
    return this.hunkRanges.find(([a, b]) => line >= a && line <= b);
  }

  mark(line: number, endLine = line): LineMark {
    for (let l = line; l <= endLine; l++) if (this.added.has(l)) return 'added';
    for (let l = line; l <= endLine; l++) if (this.context.has(l)) return 'context';
    return 'file';
  }
}
