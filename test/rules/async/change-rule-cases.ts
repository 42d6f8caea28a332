/**
 * `testFileRule` for rules whose cases span files: each snippet is an added `src/handlers.rs` (or
 * `path`), next to unchanged files of the same crate (a file rule gets them through the crate model). `valid` must stay silent (else noisy), `invalid` must
 * fire on exactly `lines` (else missing).
 */
import { describe, expect, it } from 'vitest';
import type { ChangeRule, FileRule } from '../../../src/rules/define-rule.js';
import { runChangeRule, runFileRule } from '../../helpers/rule-tester.js';

export interface ChangeCase {
  name: string;
  code: string;
  path?: string;
  /** Other, unchanged files of the crate. */
  crate?: Record<string, string>;
  lines?: number[];
  messageIncludes?: string;
}

export function testChangeRule(rule: ChangeRule | FileRule, cases: { valid: ChangeCase[]; invalid: ChangeCase[] }): void {
  const run = async (c: ChangeCase) => {
    const path = c.path ?? 'src/handlers.rs';
    // A file rule (on the model) sees the other files through the crate model built from them all.
    const out = rule.scope === 'file' ? await runFileRule(rule, { path, code: c.code, files: c.crate ?? {} }) : await runChangeRule(rule, { files: { [path]: { head: c.code } }, unchanged: c.crate });
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
