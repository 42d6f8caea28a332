/** Issue 19 item 3, through the built command: --format rdjson (reviewdog) and --format github. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../../src/report/github-annotations.js';
import { validateRdjson } from '../report/rdjson-validator.js';
import { ensureBuilt, runBin } from './built.js';
import { CLEAN, UNSAFE, prRepo, type Repo } from './repo.js';

const PTR_ARG = 'pub fn greet(name: &String) -> usize {\n    name.len()\n}\n';

// Each test runs the command several times: generous on a loaded machine.
describe('node dist/cli.js --format rdjson | github', { timeout: 120_000 }, () => {
  let repo: Repo;
  beforeAll(() => {
    ensureBuilt();
    repo = prRepo({ 'src/lib.rs': CLEAN }, { 'src/raw.rs': UNSAFE, 'src/greet.rs': PTR_ARG });
  }, 180_000);
  afterAll(() => repo?.remove());

  it('rdjson: a valid DiagnosticResult with location, severity, code (rule id, docs URL) and suggestions', () => {
    const r = runBin(['review', '--repo', repo.dir, '--format', 'rdjson'], { env: { RUST_REVIEW_DOCS_URL: 'https://example.com/rust-review/docs/rules/' } });
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(validateRdjson(doc)).toEqual([]);
    expect(doc.source.name).toBe('rust-review');
    const byRule = Object.fromEntries(doc.diagnostics.map((d: { code: { value: string } }) => [d.code.value, d]));
    expect(byRule['architecture/unsafe-without-safety-comment']).toMatchObject({
      severity: 'WARNING',
      location: { path: 'src/raw.rs', range: { start: { line: 2, column: 5 } } },
      code: { url: 'https://example.com/rust-review/docs/rules/architecture/unsafe-without-safety-comment.md' },
    });
    expect(byRule['ownership/ptr-arg']).toMatchObject({
      severity: 'INFO',
      location: { path: 'src/greet.rs', range: { start: { line: 1, column: 14 } } },
      suggestions: [{ range: { start: { line: 1 }, end: { line: 1 } }, text: 'pub fn greet(name: &str) -> usize {' }],
    });
  });

  it('the validator rejects what reviewdog would not take', () => {
    expect(validateRdjson({ diagnostics: [{ message: 'm', location: {}, severity: 'FATAL' }] })).toEqual(['diagnostics[0].location.path: required string', 'diagnostics[0].severity: not in the enum']);
    expect(validateRdjson({ diagnostics: [{ message: 'm', location: { path: 'a', range: { start: { line: 0 } } } }] })).toEqual(['diagnostics[0].location.range.start.line: must be an integer from 1']);
  });

  it('github: one workflow command per finding, with file, line, columns and the rule as title', () => {
    const r = runBin(['review', '--repo', repo.dir, '--format', 'github', '--fail-on', 'warning']);
    expect(r.status).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.find((l) => l.startsWith('::warning '))).toMatch(
      /^::warning file=src\/raw\.rs,line=2,col=5,endColumn=\d+,title=rust-review architecture\/unsafe-without-safety-comment::`unsafe` block .*%0A/,
    );
    expect(lines.find((l) => l.startsWith('::notice '))).toMatch(/^::notice file=src\/greet\.rs,line=1,col=14,.*Suggested replacement:%0Apub fn greet\(name: &str\) -> usize \{$/);
    expect(lines.at(-1)).toBe('rust-review: 2 findings, 2 files reviewed');
    // Every line is one command or the summary: a message never breaks onto a line of its own.
    expect(lines.every((l) => l.startsWith('::') || l.startsWith('rust-review: '))).toBe(true);
  });

  it('github: escapes %, CR and LF in messages and also : and , in properties, as the runner decodes them', () => {
    expect(escapeData('50% of a\r\nb: c, d')).toBe('50%25 of a%0D%0Ab: c, d');
    expect(escapeProperty('src/a,b:c%.rs')).toBe('src/a%2Cb%3Ac%25.rs');
  });
});
