/**
 * A diff computed from the two versions of a file, for files whose patch GitHub omits (large diffs,
 * files git calls binary, e.g. a NUL byte in a comment). The common head and tail are context; every
 * line in between counts as added. Coarse on purpose: it may mark an unchanged middle line as added
 * (a pre-existing finding then counts), never the other way round, so a missing patch can no longer
 * hide what the pull request added. Pure.
 */
import { lazyHunk } from './hunk-lines.js';
import type { DiffLine, Hunk } from './model.js';

export function synthesizeHunks(base: string | undefined, head: string): Hunk[] {
  const a = base === undefined || base === '' ? [] : splitLines(base);
  const b = head === '' ? [] : splitLines(head);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let post = 0;
  while (post < a.length - pre && post < b.length - pre && a[a.length - 1 - post] === b[b.length - 1 - post]) post++;
  const removed = a.slice(pre, a.length - post);
  const added = b.slice(pre, b.length - post);
  if (!removed.length && !added.length) return [];
  const header = { oldStart: removed.length ? pre + 1 : pre, oldLines: removed.length, newStart: added.length ? pre + 1 : pre, newLines: added.length, section: '' };
  // The lines are built only if something reads them (see hunk-lines.ts).
  const side = { added: added.length ? [[pre + 1, pre + added.length] as const] : [], context: [] };
  return [
    lazyHunk(header, side, () => [
      ...removed.map((text, i): DiffLine => ({ kind: 'del', oldLine: pre + 1 + i, text })),
      ...added.map((text, i): DiffLine => ({ kind: 'add', newLine: pre + 1 + i, text })),
    ]),
  ];
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
