/**
 * The diff as the model sees it, pr-agent style: per file, each hunk with an added line as a `__new hunk__`
 * with new-file line numbers (`12 +added`, `13  context`), the removed lines as an `__old hunk__`, and the
 * enclosing function of the hunk from tree-sitter. Lockfiles, generated files, deleted files and
 * deletion-only hunks are left out. Hidden content is stripped (see untrusted.ts).
 */
import { createHash } from 'node:crypto';
import type { FileDiff, Hunk } from '../diff/model.js';
import { withRustTree, type Node } from '../rust/parser.js';
import { fnName } from '../rust/syntax.js';
import { generatedReason } from '../review/skip.js';
import { stripHidden } from './untrusted.js';

export interface FileView {
  path: string;
  /** What the model is given for this file. */
  text: string;
  /** Added line -> its text as the model saw it (hidden content stripped). */
  added: Map<number, string>;
  /** Added line -> its raw text. */
  raw: Map<number, string>;
  /** sha256 of the head content. */
  contentHash: string;
  /** sha256 of `text`. */
  viewHash: string;
}

export type ViewResult = { view: FileView } | { left: string };

const LOCKFILE = /(^|\/)(Cargo\.lock|[^/]*\.lock|package-lock\.json|pnpm-lock\.yaml)$/;
const GENERATED_PATH = /(^|\/)(target|vendor|\.sqlx|node_modules)\/|\.pb\.rs$|_generated\.rs$/;

/** Builds one file's view, or says why the file is left out. `content` is the head text (absent when not read). */
export function buildFileView(file: FileDiff, content: string | undefined): ViewResult {
  if (file.status === 'removed') return { left: 'deleted' };
  if (file.binary) return { left: 'binary' };
  if (LOCKFILE.test(file.path)) return { left: 'lockfile' };
  if (GENERATED_PATH.test(file.path) || (content !== undefined && generatedReason(content))) return { left: 'generated' };
  if (content === undefined) return { left: 'not read' };
  const hunks = file.hunks.filter((h) => h.lines.some((l) => l.kind === 'add'));
  if (!hunks.length) return { left: 'no added lines' };

  const enclosing = /\.rs$/.test(file.path) ? enclosingSignatures(content, hunks) : hunks.map(() => []);
  const added = new Map<number, string>();
  const raw = new Map<number, string>();
  const status = file.status === 'renamed' && file.previousPath ? `renamed from '${file.previousPath}'` : file.status;
  const out: string[] = [`## File: '${file.path}' (${status})`];
  hunks.forEach((h, i) => {
    const newSide = h.lines.filter((l) => l.newLine !== undefined);
    const cleaned = stripHidden(newSide.map((l) => l.text).join('\n')).split('\n');
    const width = String(h.newStart + h.newLines).length;
    const fns = enclosing[i]!;
    out.push('', `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@${fns.length ? ` in ${fns.map((f) => `\`${f.signature}\` (line ${f.line})`).join(', ')}` : h.section ? ` ${stripHidden(h.section)}` : ''}`);
    out.push('__new hunk__');
    newSide.forEach((l, j) => {
      const text = cleaned[j] ?? '';
      if (l.kind === 'add') {
        added.set(l.newLine!, text);
        raw.set(l.newLine!, l.text);
      }
      out.push(`${String(l.newLine).padStart(width)} ${l.kind === 'add' ? '+' : ' '}${text}`);
    });
    const removed = h.lines.filter((l) => l.kind === 'del');
    if (removed.length) {
      out.push('__old hunk__');
      const cleanedOld = stripHidden(h.lines.filter((l) => l.kind !== 'add').map((l) => l.text).join('\n')).split('\n');
      h.lines.filter((l) => l.kind !== 'add').forEach((l, j) => out.push(`${l.kind === 'del' ? '-' : ' '}${cleanedOld[j] ?? ''}`));
    }
  });
  const text = out.join('\n');
  return { view: { path: file.path, text, added, raw, contentHash: sha256(content), viewHash: sha256(text) } };
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

interface Enclosing {
  signature: string;
  line: number;
}

const CONTAINERS = ['function_item', 'impl_item', 'trait_item', 'mod_item'];

/** For each hunk, the distinct functions (or impl/trait/mod when outside any fn) around its added lines, at most 3. */
function enclosingSignatures(content: string, hunks: Hunk[]): Enclosing[][] {
  try {
    return withRustTree(content, (root) =>
      hunks.map((h) => {
        const seen = new Map<number, Enclosing>();
        for (const l of h.lines) {
          if (l.kind !== 'add' || l.newLine === undefined) continue;
          const row = l.newLine - 1;
          const col = Math.max(0, l.text.search(/\S/));
          const node = root.descendantForPosition({ row, column: col });
          const item = node && closestContainer(node);
          if (!item || seen.has(item.startIndex)) continue;
          seen.set(item.startIndex, { signature: signatureOf(item), line: item.startPosition.row + 1 });
          if (seen.size >= 3) break;
        }
        return [...seen.values()];
      }),
    );
  } catch {
    return hunks.map(() => []);
  }
}

function closestContainer(node: Node): Node | null {
  let fallback: Node | null = null;
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type === 'function_item') return n;
    if (!fallback && CONTAINERS.includes(n.type)) fallback = n;
  }
  return fallback;
}

function signatureOf(item: Node): string {
  const body = item.childForFieldName('body');
  const head = body ? item.text.slice(0, body.startIndex - item.startIndex) : item.text.split('\n')[0]!;
  const sig = stripHidden(head).replace(/\s+/g, ' ').trim().replace(/`/g, "'");
  const name = item.type === 'function_item' ? fnName(item) : '';
  return sig.length > 160 ? `${sig.slice(0, 157)}…${name && !sig.slice(0, 157).includes(name) ? ` (${name})` : ''}` : sig;
}
