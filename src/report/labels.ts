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

export const DOCS_BASE_URL = (process.env.RUST_REVIEW_DOCS_URL ?? 'https://github.com/rust-review/rust-review/blob/main/docs/rules/').replace(/\/?$/, '/');

export function ruleDocsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
