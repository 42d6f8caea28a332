/**
 * `review --fix`: writes the rules' machine-applicable suggestions into the working tree, never into
 * a commit or the index. A suggestion replaces the finding's whole lines of the *reviewed* version of
 * a file, so a file is fixed only when its working-tree copy is that version: when it is not (edits
 * not committed, or not staged under `--staged`) the whole fix is refused, nothing is written, and the
 * message names the files. Suggestions that overlap an earlier one in the same file wait for the next
 * run; those with a placeholder to fill in (`suggestionNeedsEdit`) are left to the user.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Finding } from '../review/finding.js';

export interface FixOutcome {
  applied: Finding[];
  /** Suggestions not applied, and why. */
  left: { finding: Finding; reason: string }[];
}

export class FixRefused extends Error {}

export function fixable(f: Finding): boolean {
  return f.suggestion !== undefined && f.source === 'rule' && !f.suggestionNeedsEdit;
}

/**
 * `reviewed(path)` is the text the review saw. Returns what was applied; throws FixRefused (having
 * written nothing) when a file to fix differs in the working tree.
 */
export async function applyFixes(root: string, findings: readonly Finding[], reviewed: (p: string) => Promise<string | undefined>, headKind: 'commit' | 'index' | 'worktree'): Promise<FixOutcome> {
  const outcome: FixOutcome = { applied: [], left: [] };
  const byPath = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.suggestion === undefined) continue;
    if (!fixable(f)) {
      outcome.left.push({ finding: f, reason: f.suggestionNeedsEdit ? 'the suggestion needs finishing by hand (a placeholder to fill in, or a migration to take out of its transaction)' : 'not a rule suggestion' });
      continue;
    }
    byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  }
  const plans: { abs: string; text: string }[] = [];
  const differing: string[] = [];
  for (const [p, list] of byPath) {
    const abs = path.join(root, p);
    const onDisk = fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : undefined;
    const seen = await reviewed(p);
    if (onDisk === undefined || seen === undefined || onDisk !== seen) {
      differing.push(p);
      continue;
    }
    plans.push({ abs, text: rewrite(onDisk, list, outcome) });
  }
  if (differing.length) {
    const what = headKind === 'index' ? 'has unstaged changes' : headKind === 'commit' ? 'differs from the reviewed commit (uncommitted changes, or another revision checked out)' : 'changed during the review';
    throw new FixRefused(
      `--fix wrote nothing: ${differing.join(', ')} ${what}, and suggestions are line replacements of the reviewed version; ${headKind === 'index' ? 'stage or stash those changes' : 'review the working tree with `--worktree --fix`, or commit or stash the changes'} and run again`,
    );
  }
  for (const p of plans) fs.writeFileSync(p.abs, p.text);
  return outcome;
}

/** Applies a file's suggestions bottom-up so earlier line numbers stay valid; skips overlaps. */
function rewrite(text: string, findings: Finding[], outcome: FixOutcome): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  let floor = Infinity;
  for (const f of [...findings].sort((a, b) => b.line - a.line || (b.endLine ?? b.line) - (a.endLine ?? a.line))) {
    const end = f.endLine ?? f.line;
    if (end >= floor || end > lines.length) {
      outcome.left.push({ finding: f, reason: 'overlaps another fix in the same lines; run `--fix` again' });
      continue;
    }
    lines.splice(f.line - 1, end - f.line + 1, ...f.suggestion!.split(/\r?\n/));
    floor = f.line;
    outcome.applied.push(f);
  }
  outcome.applied.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  return lines.join(eol);
}
