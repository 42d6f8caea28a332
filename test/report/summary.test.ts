import { describe, expect, it } from 'vitest';
import { GITHUB_TEXT_LIMIT, renderSummary, summaryTitle, trimToLimit } from '../../src/report/summary.js';
import { busyResult, finding, result } from './fixtures.js';

describe('renderSummary', () => {
  it('renders no finding past GitHub\'s limit: the lines trimToLimit would cut are not built', () => {
    let messagesRead = 0;
    const counted = (i: number) => {
      const f = finding({ line: i + 1 });
      return Object.defineProperty({ ...f }, 'message', { enumerable: true, get: () => (messagesRead++, `${f.message} (${i})`) });
    };
    const text = renderSummary(result({ inline: Array.from({ length: 20_000 }, (_, i) => counted(i)) }));
    expect(text.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(text).toContain('trimmed to fit GitHub');
    // About 600 finding lines fit in 65,535 characters; 20,000 were rendered before.
    expect(messagesRead).toBeGreaterThan(100);
    expect(messagesRead).toBeLessThan(2000);
  });

  it('renders a clean review', async () => {
    await expect(renderSummary(result())).toMatchFileSnapshot('__snapshots__/summary-clean.md');
  });

  it('renders findings, the filter, coverage, skipped files, suppressions, notes, rule errors and the LLM line', async () => {
    await expect(renderSummary(busyResult(), { blobUrl: 'https://github.com/o/r/blob/abc123/', notPosted: [finding({ line: 99 })] })).toMatchFileSnapshot(
      '__snapshots__/summary-busy.md',
    );
  });

  it('renders a skipped review', async () => {
    const r = result({ reviewedFiles: [], conclusion: 'skipped', conclusionReason: 'No Rust, SQL migration or Cargo file could be reviewed.', skippedFiles: [{ path: 'target/debug/x.rs', reason: 'generated or vendored path' }] });
    await expect(renderSummary(r)).toMatchFileSnapshot('__snapshots__/summary-skipped.md');
  });

  it('counts findings the base already had, and migrations taken as history, without posting them', async () => {
    const r = result({ alreadyPresent: [finding({ line: 12 }), finding({ line: 30, ruleId: 'architecture/unwrap-in-handler', role: 'architecture', message: '`unwrap()` on request data' })], migrationsAsHistory: 3 });
    const text = renderSummary(r);
    await expect(text).toMatchFileSnapshot('__snapshots__/summary-already-present.md');
    expect(text).toContain('### Already present: 2');
    expect(text).toContain('3 migration files were treated as already-applied history');
    expect(summaryTitle(r)).toBe('rust-review: no findings');
  });

  it('counts what is outside the diff filter by kind', () => {
    const text = renderSummary(busyResult());
    expect(text).toContain('### Outside the diff filter (`added`): 3');
    expect(text).toContain('1 elsewhere in changed files, 1 outside the changed files, 1 on diff context lines');
    expect(text).toContain('**Suppressed:** 2 findings');
  });

  it('links findings with paths that need escaping', () => {
    const r = result({ inline: [finding({ path: 'src/my file#1.rs', line: 3, endLine: 5 })] });
    const text = renderSummary(r, { blobUrl: 'https://github.com/o/r/blob/abc/' });
    expect(text).toContain('(https://github.com/o/r/blob/abc/src/my%20file%231.rs#L3-L5)');
  });

  it('stays under GitHub’s 65,535 characters, cutting on a line and saying so', () => {
    const inline = Array.from({ length: 2000 }, (_, i) => finding({ line: i + 1, message: `finding number ${i} ${'x'.repeat(40)}` }));
    const text = renderSummary(result({ inline, conclusion: 'failure', conclusionReason: 'many' }));
    expect(text.length).toBeLessThanOrEqual(GITHUB_TEXT_LIMIT);
    expect(text.length).toBeGreaterThan(GITHUB_TEXT_LIMIT - 500);
    expect(text).toMatch(/\n\n_…trimmed to fit GitHub’s limit; run `rust-review review` locally for the full list._$/);
    const body = text.slice(0, text.indexOf('\n\n_…trimmed'));
    expect(body.split('\n').at(-1)).toMatch(/^- 🛑 `src\/handlers\/orders\.rs:\d+` finding number \d+ x+ \(`async\/lock-guard-across-await`\)$/);
  });

  it('honours a smaller limit', () => {
    const text = renderSummary(busyResult(), { maxLength: 1000 });
    expect(text.length).toBeLessThanOrEqual(1000);
    expect(text).toContain('trimmed to fit');
  });
});

describe('trimToLimit', () => {
  it('leaves short text alone', () => expect(trimToLimit('a\nb', 10)).toBe('a\nb'));
  it('cuts a text without newlines at the limit', () => {
    const t = trimToLimit('x'.repeat(500), 200);
    expect(t.length).toBeLessThanOrEqual(200);
    expect(t).toContain('trimmed');
  });
});

describe('summaryTitle', () => {
  it('counts by severity and says when nothing blocks', () => {
    expect(summaryTitle(result())).toBe('rust-review: no findings');
    expect(summaryTitle(busyResult())).toBe('rust-review: 1 error, 1 warning, 1 info');
    const two = result({ inline: [finding({ severity: 'warning' }), finding({ severity: 'warning', line: 3 })] });
    expect(summaryTitle(two)).toBe('rust-review: 2 warnings (none blocking)');
    expect(summaryTitle(result({ conclusion: 'skipped' }))).toBe('rust-review: nothing to review');
  });
});
