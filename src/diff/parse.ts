/**
 * Unified diff parsing: git's `diff --git` output (several files) and GitHub's per-file `patch` field
 * (hunks only). Handles renames, copies, deletions, binary files, mode changes, quoted paths (spaces,
 * non-ASCII, escapes) and "\ No newline at end of file".
 */
import type { DiffLine, FileDiff, Hunk } from './model.js';

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

/** Parses GitHub's `patch` field (or any run of hunks). */
export function parsePatch(patch: string): Hunk[] {
  const lines = splitLines(patch);
  const hunks: Hunk[] = [];
  let i = 0;
  while (i < lines.length) {
    if (HUNK_HEADER.test(lines[i]!)) {
      const [hunk, next] = readHunk(lines, i);
      hunks.push(hunk);
      i = next;
    } else i++;
  }
  return hunks;
}

/** Parses a whole `git diff` into one FileDiff per file. */
export function parseGitDiff(diff: string): FileDiff[] {
  const lines = splitLines(diff);
  const files: FileDiff[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!lines[i]!.startsWith('diff --git ')) {
      i++;
      continue;
    }
    const header = lines[i]!;
    const file: FileDiff = { path: '', status: 'modified', binary: false, hunks: [] };
    let oldPath: string | undefined;
    let newPath: string | undefined;
    i++;
    for (; i < lines.length && !lines[i]!.startsWith('diff --git ') && !HUNK_HEADER.test(lines[i]!); i++) {
      const l = lines[i]!;
      if (l.startsWith('new file mode ')) { file.status = 'added'; file.newMode = l.slice(14); }
      else if (l.startsWith('deleted file mode ')) { file.status = 'removed'; file.oldMode = l.slice(18); }
      else if (l.startsWith('old mode ')) file.oldMode = l.slice(9);
      else if (l.startsWith('new mode ')) file.newMode = l.slice(9);
      else if (l.startsWith('rename from ')) { file.status = 'renamed'; oldPath = unquote(l.slice(12)); }
      else if (l.startsWith('rename to ')) newPath = unquote(l.slice(10));
      else if (l.startsWith('copy from ')) { file.status = 'copied'; oldPath = unquote(l.slice(10)); }
      else if (l.startsWith('copy to ')) newPath = unquote(l.slice(8));
      else if (l.startsWith('similarity index ')) file.similarity = parseInt(l.slice(17), 10);
      else if (l.startsWith('Binary files ') || l === 'GIT binary patch') file.binary = true;
      else if (l.startsWith('--- ')) { const p = stripPrefix(unquote(l.slice(4))); if (p) oldPath ??= p; }
      else if (l.startsWith('+++ ')) { const p = stripPrefix(unquote(l.slice(4))); if (p) newPath ??= p; }
    }
    if (!oldPath || !newPath) {
      const fromHeader = pathsFromDiffHeader(header.slice(11));
      oldPath ??= fromHeader[0];
      newPath ??= fromHeader[1];
    }
    while (i < lines.length && HUNK_HEADER.test(lines[i]!)) {
      const [hunk, next] = readHunk(lines, i);
      file.hunks.push(hunk);
      i = next;
    }
    file.path = (file.status === 'removed' ? oldPath : newPath) ?? oldPath ?? '';
    if ((file.status === 'renamed' || file.status === 'copied') && oldPath && oldPath !== file.path) file.previousPath = oldPath;
    files.push(file);
  }
  return files;
}

function readHunk(lines: string[], start: number): [Hunk, number] {
  const m = HUNK_HEADER.exec(lines[start]!)!;
  const hunk: Hunk = {
    oldStart: +m[1]!,
    oldLines: m[2] === undefined ? 1 : +m[2],
    newStart: +m[3]!,
    newLines: m[4] === undefined ? 1 : +m[4],
    section: m[5] ?? '',
    lines: [],
  };
  let oldLine = hunk.oldStart;
  let newLine = hunk.newStart;
  let oldLeft = hunk.oldLines;
  let newLeft = hunk.newLines;
  let i = start + 1;
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.startsWith('\\')) {
      const last = hunk.lines[hunk.lines.length - 1];
      if (last) last.noNewlineAtEnd = true;
      continue;
    }
    if (oldLeft <= 0 && newLeft <= 0) break;
    const tag = l[0];
    let line: DiffLine;
    if (tag === '+') { line = { kind: 'add', newLine: newLine++, text: l.slice(1) }; newLeft--; }
    else if (tag === '-') { line = { kind: 'del', oldLine: oldLine++, text: l.slice(1) }; oldLeft--; }
    else if (tag === ' ' || l === '') { line = { kind: 'context', oldLine: oldLine++, newLine: newLine++, text: l.slice(1) }; oldLeft--; newLeft--; }
    else break;
    hunk.lines.push(line);
  }
  return [hunk, i];
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

function stripPrefix(p: string): string | undefined {
  if (p === '/dev/null') return undefined;
  return p.replace(/^[abciwo12]\//, '');
}

/** Undoes git's C-style quoting: `"caf\303\251 menu.rs"` -> `café menu.rs`. */
export function unquote(p: string): string {
  const trimmed = p.replace(/\t.*$/, '');
  if (!trimmed.startsWith('"')) return trimmed;
  const bytes: number[] = [];
  const body = trimmed.slice(1, trimmed.lastIndexOf('"'));
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = body[i + 1]!;
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(escapes[n] ?? n.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `a/x b/y` with possible quoting and spaces: split where the two halves name the same file. */
function pathsFromDiffHeader(rest: string): [string | undefined, string | undefined] {
  if (rest.startsWith('"')) {
    const end = closingQuote(rest);
    return [stripPrefix(unquote(rest.slice(0, end + 1))), stripPrefix(unquote(rest.slice(end + 2)))];
  }
  // Only the second path quoted (`a/old name.rs "b/n\303\244me.rs"`): an unquoted path has no `"`.
  const quoted = rest.indexOf(' "');
  if (quoted > 0 && rest.endsWith('"')) return [stripPrefix(rest.slice(0, quoted)), stripPrefix(unquote(rest.slice(quoted + 1)))];
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest.slice(2, half) === rest.slice(half + 3)) return [rest.slice(2, half), rest.slice(half + 3)];
  const idx = rest.indexOf(' b/');
  return [stripPrefix(rest.slice(0, idx)), stripPrefix(unquote(rest.slice(idx + 1)))];
}

/** Index of the `"` closing a C-quoted string that starts at 0 (escaped quotes skipped). */
function closingQuote(s: string): number {
  for (let i = 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return s.length - 1;
}
