import { describe, expect, it } from 'vitest';
import { LineSet, lineCount, lineOfText, rangesOf } from '../../src/diff/line-set.js';

describe('LineSet', () => {
  it('reads as the set of its lines', () => {
    const s = new LineSet([[3, 5], [10, 10]]);
    expect([...s]).toEqual([3, 4, 5, 10]);
    expect(s.size).toBe(4);
    expect([2, 3, 5, 6, 9, 10, 11].map((l) => s.has(l))).toEqual([false, true, true, false, false, true, false]);
    expect([...s.entries()][0]).toEqual([3, 3]);
    const seen: number[] = [];
    s.forEach((l) => seen.push(l));
    expect(seen).toEqual([3, 4, 5, 10]);
  });

  it('merges overlapping and adjacent ranges given in any order', () => {
    expect(new LineSet([[10, 12], [1, 2], [3, 4], [11, 20]]).ranges()).toEqual([[1, 4], [10, 20]]);
    expect(LineSet.of([5, 3, 4, 9, 4]).ranges()).toEqual([[3, 5], [9, 9]]);
  });

  it('holds a million lines as one range', () => {
    const s = LineSet.of({ *[Symbol.iterator]() { for (let l = 1; l <= 1_000_000; l++) yield l; } });
    expect(s.ranges()).toEqual([[1, 1_000_000]]);
    expect(s.size).toBe(1_000_000);
    expect(s.has(999_999)).toBe(true);
    expect(rangesOf(s)).toEqual([[1, 1_000_000]]);
  });

  it('says whether any line of a range is in it', () => {
    const s = new LineSet([[3, 5], [10, 12]]);
    expect(s.hasAnyIn(6, 9)).toBe(false);
    expect(s.hasAnyIn(1, 3)).toBe(true);
    expect(s.hasAnyIn(6, 10)).toBe(true);
    expect(s.hasAnyIn(13, 40)).toBe(false);
    expect(s.hasAnyIn(5, 4)).toBe(false);
  });

  it('gives the ranges of a plain set too', () => {
    expect(rangesOf(new Set([7, 1, 2, 3]))).toEqual([[1, 3], [7, 7]]);
  });
});

describe('lines of a text without splitting it', () => {
  it('counts and reads lines as split(/\\r?\\n/) does', () => {
    for (const text of ['', 'a', 'a\n', 'a\r\nb', 'a\n\nb\r\n', '\r', 'x\ry\n']) {
      const split = text.split(/\r?\n/);
      expect(lineCount(text)).toBe(split.length);
      for (let l = 0; l <= split.length + 1; l++) expect(lineOfText(text, l)).toBe(l >= 1 ? split[l - 1] : undefined);
    }
  });
});
