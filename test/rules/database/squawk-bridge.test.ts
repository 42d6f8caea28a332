import { afterEach, describe, expect, it } from 'vitest';
import { squawkAvailability, squawkNoteFor, SQUAWK_PATH_ENV } from '../../../src/migrations/index.js';
import { resetSquawkAvailability } from '../../../src/migrations/squawk.js';
import concurrently from '../../../src/rules/database/migration-concurrently-in-transaction.js';
import indexNotConcurrent from '../../../src/rules/database/migration-index-not-concurrent.js';
import type { ChangedFileView, Rule } from '../../../src/rules/define-rule.js';
import { emptyProject, runChangeRules } from '../../../src/rules/engine.js';
import { loadRustParser } from '../../../src/rust/parser.js';
import { sqlFixture } from './support/migrations.js';

async function review(contents: Record<string, string>) {
  await loadRustParser();
  const files: ChangedFileView[] = Object.entries(contents).map(([path, text]) => ({ path, status: 'added', addedLines: new Set(text.split('\n').map((_, i) => i + 1)) }));
  const out = await runChangeRules(
    { files, project: emptyProject(Object.keys(contents)), readHead: async (p) => contents[p], readBase: async () => undefined },
    new Map<Rule, object>([[concurrently, {}], [indexNotConcurrent, {}]]),
  );
  return { files, out };
}

const migrations = {
  'migrations/20240702081500_orders_customer_created_idx.sql': sqlFixture('sqlx/20240702081500_orders_customer_created_idx.sql'),
  'migrations/20240704090000_payments_idx.sql': sqlFixture('sqlx/20240704090000_payments_idx.sql'),
};

describe('squawk bridge (src/migrations)', () => {
  afterEach(() => {
    delete process.env[SQUAWK_PATH_ENV];
    resetSquawkAvailability();
  });

  it('runs the platform binary from its npm package, without install scripts', () => {
    const a = squawkAvailability();
    expect(a).toMatchObject({ available: true });
    if (a.available) expect(a.binary).toMatch(/@squawk-cli[\\/][a-z0-9-]+[\\/]bin[\\/]squawk(\.exe)?$/);
  });

  it('lints a change set once and leaves no summary note when squawk ran', async () => {
    const { files, out } = await review(migrations);
    expect(out.ruleErrors).toEqual([]);
    expect(out.findings.map((f) => `${f.ruleId}:${f.line}`).sort()).toEqual([
      'database/migration-concurrently-in-transaction:2',
      'database/migration-index-not-concurrent:2',
      'database/migration-index-not-concurrent:5',
    ]);
    expect(squawkNoteFor(files)).toBeUndefined();
  });

  it('keeps the pass working without a binary: own rules still run, the summary gets the reason', async () => {
    process.env[SQUAWK_PATH_ENV] = '/nonexistent/squawk';
    resetSquawkAvailability();
    const { files, out } = await review(migrations);
    expect(out.ruleErrors).toEqual([]);
    expect(out.findings.map((f) => `${f.ruleId}:${f.line}`)).toEqual(['database/migration-concurrently-in-transaction:2']);
    expect(squawkNoteFor(files)).toMatch(/^squawk unavailable: \/nonexistent\/squawk does not run: /);
  });

  it('says nothing about squawk when no migration changed', async () => {
    const { files } = await review({ 'src/main.rs': 'fn main() {}\n' });
    expect(squawkNoteFor(files)).toBeUndefined();
  });
});
