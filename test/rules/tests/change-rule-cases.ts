/** Runs a change rule over named fixtures: `valid` must stay silent (noisy otherwise), `invalid` must fire where told. */
import { describe, expect, it } from 'vitest';
import type { ChangeRule } from '../../../src/rules/define-rule.js';
import { runChangeRule, type ChangeFixture } from '../../helpers/rule-tester.js';

export interface ChangeValid {
  name: string;
  fx: ChangeFixture;
}

export interface ChangeInvalid extends ChangeValid {
  /** `path:line` of each finding, in order. */
  at: string[];
  messageIncludes?: string;
  severity?: 'error' | 'warning' | 'info';
}

export function testChangeRule(rule: ChangeRule, cases: { valid: ChangeValid[]; invalid: ChangeInvalid[] }): void {
  describe(rule.id, () => {
    for (const c of cases.valid) {
      it(`stays silent (else noisy): ${c.name}`, async () => {
        const out = await runChangeRule(rule, c.fx);
        expect(out.ruleErrors).toEqual([]);
        expect(out.findings.map((f) => `${f.path}:${f.line}: ${f.message}`)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`fires (else missing): ${c.name}`, async () => {
        const out = await runChangeRule(rule, c.fx);
        expect(out.ruleErrors).toEqual([]);
        expect(out.findings.map((f) => `${f.path}:${f.line}`)).toEqual(c.at);
        if (c.messageIncludes) expect(out.findings[0]!.message).toContain(c.messageIncludes);
        if (c.severity) expect(out.findings[0]!.severity).toBe(c.severity);
      });
    }
  });
}

/** Lines of code joined with newlines (fixtures read better as arrays). */
export const rs = (...lines: string[]): string => `${lines.join('\n')}\n`;
