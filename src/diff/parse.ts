/**
 * Unified diff parsing: git's `diff --git` output (several files) and GitHub's per-file `patch` field
 * (hunks only). Handles renames, copies, deletions, binary files, mode changes, quoted paths (spaces,
 * non-ASCII, escapes) and "\ No newline at end of file".
 */
import { lazyHunk, NewSideBuilder } from './hunk-lines.js';
import type { DiffLine, FileDiff, Hunk } from './model.js';

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

/** Parses GitHub's `patch` field (or any run of hunks). */
export function parsePatch(patch: string): Hunk[] {
  const hunks: Hunk[] = [];
  let pos = 0;
  while (pos < patch.length) {
    const line = lineAt(patch, pos);
    if (isHunkHeader(patch, pos, line.end)) {
      const [hunk, next] = readHunk(patch, pos);
      hunks.push(hunk);
      pos = next;
    } else pos = line.next;
  }
  return hunks;
}

/** Parses a whole `git diff` into one FileDiff per file. */
export function parseGitDiff(diff: string): FileDiff[] {
  const files: FileDiff[] = [];
  let pos = 0;
  while (pos < diff.length) {
    const first = lineAt(diff, pos);
    if (!diff.startsWith('diff --git ', pos)) {
      pos = first.next;
      continue;
    }
    const header = diff.slice(pos, first.end);
    const file: FileDiff = { path: '', status: 'modified', binary: false, hunks: [] };
    let oldPath: string | undefined;
    let newPath: string | undefined;
    pos = first.next;
    for (; pos < diff.length && !diff.startsWith('diff --git ', pos); ) {
      const at = lineAt(diff, pos);
      if (isHunkHeader(diff, pos, at.end)) break;
      const l = diff.slice(pos, at.end);
      pos = at.next;
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
    while (pos < diff.length && isHunkHeader(diff, pos, lineAt(diff, pos).end)) {
      const [hunk, next] = readHunk(diff, pos);
      file.hunks.push(hunk);
      pos = next;
    }
    file.path = (file.status === 'removed' ? oldPath : newPath) ?? oldPath ?? '';
    if ((file.status === 'renamed' || file.status === 'copied') && oldPath && oldPath !== file.path) file.previousPath = oldPath;
    files.push(file);
  }
  return files;
}

/**
 * The line starting at `pos`: `end` excludes its `\n` and a `\r` before it; `next` is where the
 * following line starts. Lines are read in place: a patch of a million lines is not split into strings.
 */
function lineAt(text: string, pos: number): { end: number; next: number } {
  let eol = text.indexOf('\n', pos);
  if (eol < 0) eol = text.length;
  return { end: eol > pos && text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol, next: eol + 1 };
}

const isHunkHeader = (text: string, pos: number, end: number) => text.startsWith('@@ -', pos) && HUNK_HEADER.test(text.slice(pos, end));

/**
 * The hunk whose header is the line at `start`, and where the next line after it starts. One walk over
 * the text records the head side's runs; the `DiffLine`s are built by the same walk when first read.
 */
function readHunk(text: string, start: number): [Hunk, number] {
  const headerLine = lineAt(text, start);
  const m = HUNK_HEADER.exec(text.slice(start, headerLine.end))!;
  const header = {
    oldStart: +m[1]!,
    oldLines: m[2] === undefined ? 1 : +m[2],
    newStart: +m[3]!,
    newLines: m[4] === undefined ? 1 : +m[4],
    section: m[5] ?? '',
  };
  const side = new NewSideBuilder();
  const next = walkHunk(text, headerLine.next, header, (kind, _oldLine, newLine) => {
    if (kind !== 'del') side.add(kind, newLine!);
  });
  return [lazyHunk(header, side.build(), () => materialise(text, headerLine.next, header)), next];
}

function materialise(text: string, body: number, header: Omit<Hunk, 'lines'>): DiffLine[] {
  const lines: DiffLine[] = [];
  walkHunk(
    text,
    body,
    header,
    (kind, oldLine, newLine, from, to) => {
      const t = text.slice(from, to);
      lines.push(kind === 'add' ? { kind, newLine, text: t } : kind === 'del' ? { kind, oldLine, text: t } : { kind, oldLine, newLine, text: t });
    },
    () => {
      const last = lines[lines.length - 1];
      if (last) last.noNewlineAtEnd = true;
    },
  );
  return lines;
}

/** Walks a hunk's body from `pos`: each line to `line` (its text is `text.slice(from, to)`); returns where the hunk ends. */
function walkHunk(
  text: string,
  pos: number,
  header: Omit<Hunk, 'lines'>,
  line: (kind: DiffLine['kind'], oldLine: number | undefined, newLine: number | undefined, from: number, to: number) => void,
  noNewlineAtEnd?: () => void,
): number {
  let oldLine = header.oldStart;
  let newLine = header.newStart;
  let oldLeft = header.oldLines;
  let newLeft = header.newLines;
  for (; pos < text.length; ) {
    const { end, next } = lineAt(text, pos);
    const tag = end > pos ? text.charCodeAt(pos) : -1;
    if (tag === 92 /* \ */) {
      noNewlineAtEnd?.();
      pos = next;
      continue;
    }
    if (oldLeft <= 0 && newLeft <= 0) break;
    if (tag === 43 /* + */) { line('add', undefined, newLine++, pos + 1, end); newLeft--; }
    else if (tag === 45 /* - */) { line('del', oldLine++, undefined, pos + 1, end); oldLeft--; }
    else if (tag === 32 /*   */ || tag === -1) { line('context', oldLine++, newLine++, Math.min(pos + 1, end), end); oldLeft--; newLeft--; }
    else break;
    pos = next;
  }
  return pos;
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
