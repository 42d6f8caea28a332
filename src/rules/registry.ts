/** Every rule, sorted by id. A rule's id is its path under src/rules/ (a test asserts it). */
import type { Rule } from './define-rule.js';
import { architectureRules } from './architecture/index.js';
import { asyncRules } from './async/index.js';
import { databaseRules } from './database/index.js';
import { ownershipRules } from './ownership/index.js';
import { testsRules } from './tests/index.js';

export const ALL_RULES: readonly Rule[] = [...architectureRules, ...asyncRules, ...databaseRules, ...ownershipRules, ...testsRules].sort((a, b) =>
  a.id.localeCompare(b.id),
);

const byId = new Map(ALL_RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
