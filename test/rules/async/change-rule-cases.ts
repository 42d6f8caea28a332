/**
 * `testFileRule` for change-scoped rules: each snippet is an added `src/handlers.rs` (or `path`),
 * next to unchanged files of the same crate. `valid` must stay silent (else noisy), `invalid` must
 * fire on exactly `lines` (else missing).
 */
import { describe, expect, it } from 'vitest';
import type { ChangeRule } from '../../../src/rules/define-rule.js';
import { runChangeRule } from '../../helpers/rule-tester.js';

export interface ChangeCase {
  name: string;
  code: string;
  path?: string;
  /** Other, unchanged files of the crate. */
  crate?: Record<string, string>;
  lines?: number[];
  messageIncludes?: string;
}

export function testChangeRule(rule: ChangeRule, cases: { valid: ChangeCase[]; invalid: ChangeCase[] }): void {
  const run = async (c: ChangeCase) => {
    const out = await runChangeRule(rule, { files: { [c.path ?? 'src/handlers.rs']: { head: c.code } }, unchanged: c.crate });
    expect(out.ruleErrors).toEqual([]);
    return out.findings;
  };
  describe(rule.id, () => {
    for (const c of cases.valid) {
      it(`stays silent (else noisy): ${c.name}`, async () => {
        expect((await run(c)).map((f) => `${f.line}: ${f.message}`)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`fires (else missing): ${c.name}`, async () => {
        const findings = await run(c);
        expect(findings.map((f) => f.line)).toEqual(c.lines);
        if (c.messageIncludes) expect(findings[0]!.message).toContain(c.messageIncludes);
      });
    }
  });
}
