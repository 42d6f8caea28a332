/**
 * A set of line numbers kept as sorted, disjoint, non-adjacent ranges. A diff's lines come in runs
 * (a new file of a million lines is one range), so the line maps of the biggest change cost a few
 * ranges instead of a million set entries, and a range list is what crosses threads and goes into
 * cache keys. Read-only once built; reads as a `ReadonlySet<number>` for the rules.
 */
export type LineRange = readonly [first: number, last: number];

export class LineSet implements ReadonlySet<number> {
  private readonly firsts: number[] = [];
  private readonly lasts: number[] = [];
  readonly size: number;

  /** `ranges` in any order, overlapping or adjacent ones merged. */
  constructor(ranges: Iterable<LineRange> = []) {
    const sorted = [...ranges].filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
    let size = 0;
    for (const [a, b] of sorted) {
      const n = this.lasts.length;
      if (n && a <= this.lasts[n - 1]! + 1) {
        if (b > this.lasts[n - 1]!) {
          size += b - this.lasts[n - 1]!;
          this.lasts[n - 1] = b;
        }
        continue;
      }
      this.firsts.push(a);
      this.lasts.push(b);
      size += b - a + 1;
    }
    this.size = size;
  }

  static of(lines: Iterable<number>): LineSet {
    const b = new LineSetBuilder();
    for (const l of lines) b.add(l);
    return b.build();
  }

  has(line: number): boolean {
    const i = this.rangeIndex(line);
    return i >= 0 && line <= this.lasts[i]!;
  }

  /** Whether any line of `first..last` is in the set. */
  hasAnyIn(first: number, last: number): boolean {
    if (first > last) return false;
    const i = this.rangeIndex(last);
    return i >= 0 && this.lasts[i]! >= first;
  }

  /** The ranges, sorted. */
  ranges(): [number, number][] {
    return this.firsts.map((a, i) => [a, this.lasts[i]!]);
  }

  /** Index of the last range starting at or before `line`, or -1. */
  private rangeIndex(line: number): number {
    let lo = 0;
    let hi = this.firsts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.firsts[mid]! <= line) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  *[Symbol.iterator](): SetIterator<number> {
    for (let i = 0; i < this.firsts.length; i++) for (let l = this.firsts[i]!; l <= this.lasts[i]!; l++) yield l;
  }

  keys(): SetIterator<number> {
    return this[Symbol.iterator]();
  }

  values(): SetIterator<number> {
    return this[Symbol.iterator]();
  }

  *entries(): SetIterator<[number, number]> {
    for (const l of this) yield [l, l];
  }

  forEach(fn: (value: number, key: number, set: ReadonlySet<number>) => void, thisArg?: unknown): void {
    for (const l of this) fn.call(thisArg, l, l, this);
  }

  get [Symbol.toStringTag](): string {
    return 'LineSet';
  }
}

/** Collects lines (in increasing order: one comparison each; out of order is still correct). */
export class LineSetBuilder {
  private readonly ranges: [number, number][] = [];

  add(line: number): void {
    const last = this.ranges[this.ranges.length - 1];
    if (last && line >= last[0] && line <= last[1] + 1) last[1] = Math.max(last[1], line);
    else this.ranges.push([line, line]);
  }

  addRange(first: number, last: number): void {
    if (first <= last) this.ranges.push([first, last]);
  }

  build(): LineSet {
    return new LineSet(this.ranges);
  }
}

/** Lines of a text as `text.split(/\r?\n/)` counts them, without splitting it. */
export function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The line numbered `line` (1-based) of a text as `text.split(/\r?\n/)[line - 1]` reads it, without splitting it. */
export function lineOfText(text: string, line: number): string | undefined {
  if (line < 1 || !Number.isInteger(line)) return undefined;
  let start = 0;
  for (let l = 1; l < line; l++) {
    const eol = text.indexOf('\n', start);
    if (eol < 0) return undefined;
    start = eol + 1;
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  else if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return text.slice(start, end);
}

/** The sorted ranges of any set of lines (a LineSet has them already). */
export function rangesOf(lines: ReadonlySet<number>): [number, number][] {
  if (lines instanceof LineSet) return lines.ranges();
  return LineSet.of([...lines]).ranges();
}
