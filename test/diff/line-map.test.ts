import { describe, expect, it } from 'vitest';
import { LineMap } from '../../src/diff/line-map.js';
import { parseGitDiff, parsePatch } from '../../src/diff/parse.js';

// Head lines: 10-12 context, 13-14 added, 15 context (hunk 1: 10..15); 40 context, 41 added, 42 context (hunk 2).
const PATCH = [
  '@@ -10,4 +10,6 @@ fn handler()',
  ' a',
  ' b',
  ' c',
  '-old',
  '+new1',
  '+new2',
  ' d',
  '@@ -38,2 +40,3 @@',
  ' x',
  '+y',
  ' z',
  '',
].join('\n');

describe('LineMap', () => {
  const map = new LineMap(parsePatch(PATCH));

  it('collects added and context lines on the head side', () => {
    expect([...map.added].sort((a, b) => a - b)).toEqual([13, 14, 41]);
    expect([...map.context].sort((a, b) => a - b)).toEqual([10, 11, 12, 15, 40, 42]);
  });

  it('records the head-side range of each hunk', () => {
    expect(map.hunkRanges).toEqual([
      [10, 15],
      [40, 42],
    ]);
    expect(map.hunkOf(12)).toEqual([10, 15]);
    expect(map.hunkOf(41)).toEqual([40, 42]);
    expect(map.hunkOf(20)).toBeUndefined();
  });

  it('says which lines GitHub accepts a comment on', () => {
    expect(map.commentable(13)).toBe(true);
    expect(map.commentable(10)).toBe(true);
    expect(map.commentable(16)).toBe(false);
    expect(map.commentable(1)).toBe(false);
  });

  it('marks single lines', () => {
    expect(map.mark(13)).toBe('added');
    expect(map.mark(41)).toBe('added');
    expect(map.mark(11)).toBe('context');
    expect(map.mark(16)).toBe('file');
    expect(map.mark(1)).toBe('file');
  });

  it('marks a range by its most significant line', () => {
    expect(map.mark(11, 13)).toBe('added');
    expect(map.mark(5, 10)).toBe('context');
    expect(map.mark(16, 39)).toBe('file');
    expect(map.mark(30, 50)).toBe('added');
  });

  it('ignores hunks with only deletions', () => {
    const m = new LineMap(parsePatch('@@ -3,2 +2,0 @@\n-a\n-b\n'));
    expect(m.hunkRanges).toEqual([]);
    expect(m.mark(2)).toBe('file');
  });

  it('has no lines for a pure rename or a binary file', () => {
    const [rename] = parseGitDiff('diff --git a/x.rs b/y.rs\nsimilarity index 100%\nrename from x.rs\nrename to y.rs\n');
    const m = LineMap.ofFile(rename!);
    expect(m.added.size + m.context.size).toBe(0);
    expect(m.mark(1)).toBe('file');
  });

  it('maps a new file entirely to added lines', () => {
    const [added] = parseGitDiff('diff --git a/n.rs b/n.rs\nnew file mode 100644\n--- /dev/null\n+++ b/n.rs\n@@ -0,0 +1,3 @@\n+a\n+b\n+c\n');
    const m = LineMap.ofFile(added!);
    expect([...m.added]).toEqual([1, 2, 3]);
    expect(m.hunkRanges).toEqual([[1, 3]]);
  });
});

describe('LineMap of a huge patch', () => {
  const lines = 1_000_000;
  const patch = `@@ -0,0 +1,${lines} @@\n${'+x\n'.repeat(lines)}`;

  it('keeps runs of lines, not one entry per line, and does not build the diff lines to do so', () => {
    const [hunk] = parsePatch(patch);
    const map = LineMap.ofFile({ path: 'src/huge.rs', status: 'added', binary: false, hunks: [hunk!] });
    expect(map.added.ranges()).toEqual([[1, lines]]);
    expect(map.mark(lines)).toBe('added');
    expect(map.hunkOf(500_000)).toEqual([1, lines]);
    // The DiffLine objects are built only when something reads them.
    expect(Object.getOwnPropertyDescriptor(hunk, 'lines')?.get).toBeTypeOf('function');
    expect(hunk!.lines).toHaveLength(lines);
    expect(hunk!.lines[lines - 1]).toEqual({ kind: 'add', newLine: lines, text: 'x' });
  });

  it('is built once per list of hunks', () => {
    const file = { path: 'src/a.rs', status: 'modified' as const, binary: false, hunks: parsePatch(PATCH) };
    expect(LineMap.ofFile(file)).toBe(LineMap.ofFile({ ...file }));
  });
});
