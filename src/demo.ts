/**
 * `npm run demo`: reviews the sample pull request bundled in examples/demo-pr (an axum + sqlx orders
 * service) with no configuration, and prints it as it would appear on GitHub.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openGitSource } from './local/git-source.js';
import { runReview } from './review/pipeline.js';
import { fingerprints } from './review/fingerprint.js';
import { renderComment } from './report/comment.js';
import { renderSummary, summaryTitle } from './report/summary.js';
import { PACKAGE_ROOT } from './util/code-root.js';

const EXAMPLE = path.join(PACKAGE_ROOT, 'examples', 'demo-pr');

/** Builds a two-commit repository (base, head) from two folders. */
export function buildTwoCommitRepo(baseDir: string, headDir: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rust-review-demo-'));
  const env = { ...process.env, GIT_AUTHOR_NAME: 'demo', GIT_AUTHOR_EMAIL: 'demo@example.com', GIT_COMMITTER_NAME: 'demo', GIT_COMMITTER_EMAIL: 'demo@example.com' };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  fs.cpSync(baseDir, dir, { recursive: true });
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'base');
  for (const e of fs.readdirSync(dir)) if (e !== '.git') fs.rmSync(path.join(dir, e), { recursive: true, force: true });
  fs.cpSync(headDir, dir, { recursive: true });
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'Add order listing and repricing');
  return dir;
}

export async function runDemo(): Promise<string> {
  const repo = buildTwoCommitRepo(path.join(EXAMPLE, 'base'), path.join(EXAMPLE, 'head'));
  try {
    const source = await openGitSource({ repo, base: 'HEAD~1', head: 'HEAD' });
    const result = await runReview(source);
    const fps = fingerprints(result.inline);
    const out: string[] = ['# Pull request: "Add order listing and repricing" (examples/demo-pr)', ''];
    out.push(`## Review: ${result.inline.length} inline comment${result.inline.length === 1 ? '' : 's'}`, '');
    result.inline.forEach((f, i) => {
      out.push(`---- ${f.path} line ${f.line}${f.endLine ? `-${f.endLine}` : ''} ----`, renderComment(f, fps[i]!), '');
    });
    out.push(`## Check run "rust-review": ${result.conclusion}`, `### ${summaryTitle(result)}`, '', renderSummary(result), '');
    return out.join('\n');
  } finally {
    fs.rmSync(repo, { recursive: true, force: true });
  }
}
