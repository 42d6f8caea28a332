/** Names and marks shared by the renderers. */
import type { Role, Severity } from '../review/finding.js';

export const ROLE_TITLES: Record<Role, string> = {
  architecture: 'Architect',
  ownership: 'Ownership & lifetimes',
  async: 'Async runtime',
  database: 'Database & storage',
  tests: 'Tests & performance',
};

export const SEVERITY_MARK: Record<Severity, string> = { error: '🛑', warning: '⚠️', info: 'ℹ️' };

/**
 * Where a rule's docs are, for links in comments and SARIF, or undefined (the comment then points to
 * `/rust-review explain <rule-id>`, which always works): the App's own pages under PUBLIC_URL
 * (`<PUBLIC_URL>/docs/rules/<role>/<name>`, served by src/http/docs.ts), else RUST_REVIEW_DOCS_URL
 * (a copy of docs/rules/ somewhere, e.g. your fork's `https://github.com/<you>/<repo>/blob/main/docs/rules/`).
 * Read when called, so that the App's start-up (.env, validation) comes first.
 */
export function ruleDocsUrl(ruleId: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const publicUrl = env.PUBLIC_URL?.trim();
  if (publicUrl) return `${publicUrl.replace(/\/+$/, '')}/docs/rules/${ruleId}`;
  const docs = env.RUST_REVIEW_DOCS_URL?.trim();
  if (docs) return `${docs.replace(/\/?$/, '/')}${ruleId}.md`;
  return undefined;
}

/** The allow comment for a finding in this file, in the file's own comment syntax (SQL `--`, TOML `#`). */
export function allowComment(path: string, ruleId: string): string {
  const lead = /\.sql$/i.test(path) ? '--' : /\.toml$/i.test(path) ? '#' : '//';
  return `${lead} rust-review: allow(${ruleId}) <reason>`;
}
