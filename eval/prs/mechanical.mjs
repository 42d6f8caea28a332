/**
 * Does a commit only move or reshape code that was already there? Judged by the diff's shape, not its
 * message: `format` (the Rust files are equal once whitespace and trailing commas are ignored),
 * `rename` (files renamed with at most a few changed lines), `sweep` (many files, almost every
 * changed line a small edit of the line it replaces: a lint or edition sweep), `move` (the added
 * lines were removed elsewhere in the same commit), else `ordinary`. Hand labels in labels.json win.
 */
import { git } from './common.mjs';

const RUST_OR_SQL = ['--', '*.rs', '*.sql'];

/** Code with comments and the layout rustfmt owns taken out (SQL: `--` comments). */
const squash = (text, path) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(path.endsWith('.sql') ? /--[^\n]*/g : /\/\/[^\n]*/g, '')
    .replace(/,(\s*[)\]}>])/g, '$1')
    .replace(/\s+/g, '');

export function classifyCommit(dir, commit) {
  const parent = `${commit}^`;
  const status = git(dir, ['diff', '-M', '--name-status', parent, commit, ...RUST_OR_SQL]).trim().split('\n').filter(Boolean).map((l) => l.split('\t'));
  if (!status.length) return { kind: 'ordinary', why: 'no Rust or SQL change' };
  const renames = status.filter((s) => s[0].startsWith('R'));
  const diff = git(dir, ['diff', '-M', '-U0', '--no-color', parent, commit, ...RUST_OR_SQL]);
  const hunks = parseHunks(diff);
  const removed = hunks.flatMap((h) => h.del);
  const added = hunks.flatMap((h) => h.add);
  const changed = removed.length + added.length;

  // format: every modified file equal once layout and comments are ignored (rustfmt, license headers)
  const modified = status.filter((s) => s[0] === 'M').map((s) => s[1]);
  if (modified.length && modified.length === status.length) {
    const same = modified.every((p) => squash(git(dir, ['show', `${parent}:${p}`]), p) === squash(git(dir, ['show', `${commit}:${p}`]), p));
    if (same) return { kind: 'format', why: `${modified.length} file(s) equal but for layout, trailing commas and comments` };
  }
  if (renames.length && renames.length === status.length && changed <= 4 * renames.length + 4) {
    return { kind: 'rename', why: `${renames.length} file(s) renamed, ${changed} line(s) changed` };
  }
  // move: nearly every added line was removed somewhere in the commit (code moved between files)
  const removedSet = new Map();
  for (const l of removed.map(norm).filter(Boolean)) removedSet.set(l, (removedSet.get(l) ?? 0) + 1);
  let moved = 0;
  const addedNorm = added.map(norm).filter(Boolean);
  for (const l of addedNorm) {
    const n = removedSet.get(l) ?? 0;
    if (n > 0) {
      moved++;
      removedSet.set(l, n - 1);
    }
  }
  if (addedNorm.length >= 10 && moved / addedNorm.length >= 0.9) return { kind: 'move', why: `${moved} of ${addedNorm.length} added lines were removed elsewhere in the commit` };
  // sweep: many files, paired -/+ lines that are small edits of each other
  const files = new Set(hunks.map((h) => h.file)).size;
  let similar = 0;
  for (const h of hunks) {
    const n = Math.min(h.del.length, h.add.length);
    for (let i = 0; i < n; i++) if (similarity(h.del[i], h.add[i]) >= 0.5) similar += 2;
  }
  if (files >= 4 && changed >= 12 && similar / changed >= 0.8) return { kind: 'sweep', why: `${files} files, ${similar} of ${changed} changed lines are small edits of the line they replace` };
  return { kind: 'ordinary', why: `${files} file(s), +${added.length} -${removed.length}` };
}

const norm = (l) => l.replace(/\s+/g, ' ').trim().replace(/,$/, '');

function parseHunks(diff) {
  const hunks = [];
  let file = '';
  let h;
  for (const line of diff.split('\n')) {
    if (line.startsWith('+++ ')) file = line.slice(6);
    else if (line.startsWith('@@')) hunks.push((h = { file, del: [], add: [] }));
    else if (h && line.startsWith('-') && !line.startsWith('---')) h.del.push(line.slice(1));
    else if (h && line.startsWith('+') && !line.startsWith('+++')) h.add.push(line.slice(1));
  }
  return hunks;
}

/** Token overlap (Dice) of two lines. */
function similarity(a, b) {
  const ta = a.match(/\w+|[^\s\w]/g) ?? [];
  const tb = b.match(/\w+|[^\s\w]/g) ?? [];
  if (!ta.length && !tb.length) return 1;
  const counts = new Map();
  for (const t of ta) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of tb) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      common++;
      counts.set(t, n - 1);
    }
  }
  return (2 * common) / (ta.length + tb.length);
}
