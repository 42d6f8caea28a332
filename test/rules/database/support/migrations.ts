/** Builds change sets from the real SQL files under test/fixtures/migrations/. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChangeRule } from '../../../../src/rules/define-rule.js';
import { runChangeRule, type ChangeFixture } from '../../../helpers/rule-tester.js';

const root = fileURLToPath(new URL('../../../fixtures/migrations/', import.meta.url));

export const sqlFixture = (name: string): string => readFileSync(root + name, 'utf8');

/** The base name of a fixture placed under `migrations/` (diesel fixtures keep their folder). */
export function repoPathOf(fixture: string): string {
  const [kind, ...rest] = fixture.split('/');
  return kind === 'diesel' ? `migrations/${rest.join('/')}` : `migrations/${rest[rest.length - 1]}`;
}

/** A change set adding the given fixture files (and leaving `unchanged` ones in both trees). */
export function addedMigrations(fixtures: string[], unchanged: Record<string, string> = {}): ChangeFixture {
  return { files: Object.fromEntries(fixtures.map((f) => [repoPathOf(f), { head: sqlFixture(f) }])), unchanged };
}

export async function findingsOf(rule: ChangeRule, fx: ChangeFixture): Promise<string[]> {
  const out = await runChangeRule(rule, fx);
  if (out.ruleErrors.length) throw new Error(JSON.stringify(out.ruleErrors));
  return out.findings.map((f) => `${f.path}:${f.line} ${f.severity} ${f.message}`).sort();
}
