/**
 * The pipeline through an in-memory ChangeSource. Findings come from
 * `architecture/unsafe-without-safety-comment` only (every other rule is off), so these tests do not
 * depend on which other rules exist.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/review/finding.js';
import { runReview, type LlmPass } from '../../src/review/pipeline.js';
import { FakeSource, type FakeFile } from './fake-source.js';

const RULE = 'architecture/unsafe-without-safety-comment';
const ONLY_UNSAFE = `rules:\n  "*": off\n  ${RULE}: on\n`;
const config = (extra = '') => `${ONLY_UNSAFE}${extra}`;

/** Three functions, an unsafe block without SAFETY comment on lines 2, 5 and 8. */
const THREE = [
  'pub fn a(v: &[u8]) -> u8 {',
  '    unsafe { *v.get_unchecked(0) }',
  '}',
  'pub fn b(v: &[u8]) -> u8 {',
  '    unsafe { *v.get_unchecked(1) }',
  '}',
  'pub fn c(v: &[u8]) -> u8 {',
  '    unsafe { *v.get_unchecked(2) }',
  '}',
  '',
].join('\n');
const UNSAFE = 'pub fn first(v: &[u8]) -> u8 {\n    unsafe { *v.get_unchecked(0) }\n}\n';
const CLEAN = 'pub fn add(a: u32, b: u32) -> u32 {\n    a + b\n}\n';

/** Line 2 added, lines 1 and 3-5 diff context, line 8 elsewhere in the file. */
const MULTI: FakeFile = { base: '', head: THREE, added: [2], context: [1, 3, 4, 5] };

/** An LLM pass that reports a finding in a file outside the change, and one duplicating a rule finding. */
const llm: LlmPass = async () => ({
  findings: [
    { ruleId: 'architecture/llm', role: 'architecture', severity: 'warning', path: 'src/untouched.rs', line: 1, message: 'elsewhere', source: 'llm' },
    { ruleId: 'architecture/llm', role: 'architecture', severity: 'warning', path: 'src/multi.rs', line: 2, message: 'same line as the rule', source: 'llm' },
  ],
  status: { state: 'ran', inputTokens: 10, outputTokens: 5 },
});

const where = (fs: { path: string; line: number; mark?: string }[]) => fs.map((f) => `${f.path}:${f.line}${f.mark ? ` ${f.mark}` : ''}`);

describe('diff filter modes', () => {
  const cases = {
    added: { inline: ['src/multi.rs:2 added'], outside: ['src/multi.rs:5 context', 'src/multi.rs:8 file', 'src/untouched.rs:1 outside'] },
    diff_context: { inline: ['src/multi.rs:2 added', 'src/multi.rs:5 context'], outside: ['src/multi.rs:8 file', 'src/untouched.rs:1 outside'] },
    file: { inline: ['src/multi.rs:2 added', 'src/multi.rs:5 context', 'src/multi.rs:8 file'], outside: ['src/untouched.rs:1 outside'] },
    none: { inline: ['src/multi.rs:2 added', 'src/multi.rs:5 context', 'src/multi.rs:8 file', 'src/untouched.rs:1 outside'], outside: [] },
  } as const;

  for (const [mode, want] of Object.entries(cases)) {
    it(`${mode}: reports ${want.inline.length} inline and counts ${want.outside.length} outside the filter`, async () => {
      const r = await runReview(new FakeSource({ 'src/multi.rs': MULTI }, config(`filter: ${mode}\n`)), { llm });
      expect(where(r.inline)).toEqual(want.inline);
      expect(where(r.outsideFilter)).toEqual(want.outside);
      expect(r.inline.length + r.outsideFilter.length).toBe(4);
      expect(r.config.filter).toBe(mode);
    });
  }

  it('merges an LLM finding into the rule finding on the same line and role', async () => {
    const r = await runReview(new FakeSource({ 'src/multi.rs': MULTI }, config('filter: none\n')), { llm });
    expect(r.inline.filter((f) => f.line === 2).map((f) => f.source)).toEqual(['rule']);
    expect(r.llm).toMatchObject({ state: 'ran' });
  });

  it('does not run the LLM pass when the config disables it', async () => {
    const r = await runReview(new FakeSource({ 'src/multi.rs': MULTI }, config('llm:\n  enabled: false\n')), { llm });
    expect(r.llm.state).toBe('off');
    expect(r.outsideFilter.some((f) => f.source === 'llm')).toBe(false);
  });
});

describe('conclusion', () => {
  it('fails only on findings on added lines at or above fail_on', async () => {
    const warn = await runReview(new FakeSource({ 'src/multi.rs': MULTI }, config('fail_on: warning\nfilter: file\n')));
    expect(warn.conclusion).toBe('failure');
    expect(warn.conclusionReason).toBe('1 finding at or above `warning` on changed lines.');
    const err = await runReview(new FakeSource({ 'src/multi.rs': MULTI }, config()));
    expect(err).toMatchObject({ conclusion: 'success', conclusionReason: 'No finding at or above `error` on changed lines.' });
    const never = await runReview(new FakeSource({ 'src/multi.rs': MULTI }, `rules:\n  "*": off\n  ${RULE}: error\nfail_on: never\n`));
    expect(never).toMatchObject({ conclusion: 'success', conclusionReason: 'Reported only (`fail_on: never`).' });
  });

  it('does not fail on LLM findings unless the config says so', async () => {
    const addedLlm: LlmPass = async () => ({
      findings: [{ ruleId: 'async/llm', role: 'async', severity: 'error', path: 'src/clean.rs', line: 2, message: 'x', source: 'llm' }],
      status: { state: 'ran' },
    });
    const files = { 'src/clean.rs': { head: CLEAN } };
    expect((await runReview(new FakeSource(files, config()), { llm: addedLlm })).conclusion).toBe('success');
    expect((await runReview(new FakeSource(files, config('llm:\n  affects_conclusion: true\n')), { llm: addedLlm })).conclusion).toBe('failure');
  });

  it('is skipped, not success, when nothing is reviewable', async () => {
    const none = await runReview(new FakeSource({ 'README.md': { head: '# hi\n' }, 'docs/x.png': { head: new Uint8Array([0, 1]), binary: true } }, config()));
    expect(none).toMatchObject({ conclusion: 'skipped', reviewedFiles: [], inline: [] });
    const allSkipped = await runReview(new FakeSource({ 'target/debug/out.rs': { head: UNSAFE }, 'src/schema.rs': { head: `// @generated by diesel\n${UNSAFE}` } }, config()));
    // Generated and vendored code the PR adds is not reviewed: that blocks (issue 20), it is not a pass.
    expect(allSkipped.conclusion).toBe('failure');
    expect(allSkipped.skippedFiles).toHaveLength(2);
    expect(allSkipped.skippedFiles.every((s) => s.blocking)).toBe(true);
  });

  it('reviews a PR that only deletes Rust files (change rules such as tests/test-removed look at it)', async () => {
    const removedOnly = await runReview(new FakeSource({ 'src/gone.rs': { base: UNSAFE } }, config()));
    expect(removedOnly.conclusion).toBe('success');
  });
});

describe('files that are not reviewed', () => {
  it('skips generated files and generated paths with a reason', async () => {
    const r = await runReview(
      new FakeSource(
        {
          'src/schema.rs': { head: `// @generated automatically by Diesel CLI.\n${UNSAFE}` },
          'target/debug/build/out.rs': { head: UNSAFE },
          'crates/api/.sqlx/gen.rs': { head: UNSAFE },
          '.sqlx/query-123.json': { head: '{}' },
          'src/ok.rs': { head: UNSAFE },
        },
        config(),
      ),
    );
    expect(r.skippedFiles).toEqual(
      expect.arrayContaining([
        { path: 'src/schema.rs', reason: 'generated file (`@generated` header)', blocking: true },
        { path: 'target/debug/build/out.rs', reason: 'generated or vendored path', blocking: true },
        { path: 'crates/api/.sqlx/gen.rs', reason: 'generated or vendored path', blocking: true },
      ]),
    );
    expect(r.reviewedFiles).toEqual(['src/ok.rs']);
    expect(where(r.inline)).toEqual(['src/ok.rs:2 added']);
  });

  it('skips non-UTF-8 and over-size files with a reason', async () => {
    const big = `${UNSAFE}${'// padding\n'.repeat(20)}`;
    const r = await runReview(
      new FakeSource(
        {
          'src/latin1.rs': { head: new Uint8Array([0x2f, 0x2f, 0x20, 0xe9, 0x0a]) },
          'src/big.rs': { head: big },
          'src/small.rs': { head: UNSAFE },
        },
        config('limits:\n  max_file_bytes: 200\n'),
      ),
    );
    expect(r.skippedFiles).toEqual([
      { path: 'src/latin1.rs', reason: 'not valid UTF-8', blocking: true },
      { path: 'src/big.rs', reason: `larger than 200 B (${Buffer.byteLength(big)} B)`, blocking: true },
    ]);
    expect(r.reviewedFiles).toEqual(['src/small.rs']);
  });

  it('skips binary files and does not read removed ones', async () => {
    const src = new FakeSource({ 'src/blob.rs': { head: new Uint8Array([0, 0, 0]), binary: true }, 'src/gone.rs': { base: UNSAFE }, 'src/a.rs': { head: CLEAN } }, config());
    const r = await runReview(src);
    expect(r.skippedFiles).toEqual([{ path: 'src/blob.rs', reason: 'binary file', blocking: true }]);
    expect(src.reads).not.toContain('src/gone.rs');
    expect(r.reviewedFiles).toEqual(['src/a.rs']);
  });

  it('applies paths.include and paths.exclude', async () => {
    const r = await runReview(
      new FakeSource(
        { 'src/a.rs': { head: UNSAFE }, 'src/gen/b.rs': { head: UNSAFE }, 'benches/c.rs': { head: UNSAFE }, 'src/.hidden/d.rs': { head: UNSAFE } },
        config('paths:\n  include: ["src/**"]\n  exclude: ["src/gen/**"]\n'),
      ),
    );
    expect(r.reviewedFiles.sort()).toEqual(['src/.hidden/d.rs', 'src/a.rs']);
    expect(r.skippedFiles).toEqual([
      { path: 'src/gen/b.rs', reason: 'excluded by `paths` in the config', blocking: false },
      { path: 'benches/c.rs', reason: 'excluded by `paths` in the config', blocking: false },
    ]);
  });

  it('stops at limits.max_files with a note', async () => {
    const r = await runReview(new FakeSource({ 'src/a.rs': { head: CLEAN }, 'src/b.rs': { head: CLEAN }, 'src/c.rs': { head: CLEAN } }, config('limits:\n  max_files: 2\n')));
    expect(r.reviewedFiles).toEqual(['src/a.rs', 'src/b.rs']);
    expect(r.skippedFiles).toEqual([{ path: 'src/c.rs', reason: 'over the file limit', blocking: true }]);
    expect(r.notes).toEqual([expect.stringContaining('limits.max_files')]);
  });

  it('rejects a bad config before reading anything', async () => {
    const src = new FakeSource({ 'src/a.rs': { head: UNSAFE } }, 'fail_on: sometimes\n');
    await expect(runReview(src)).rejects.toThrow(/rust-review\.yml:1: `fail_on`/);
    expect(src.reads).toEqual([]);
  });
});

describe('suppression comments', () => {
  const ALLOW = `// rust-review: allow(${RULE}) the pointer is checked by the caller`;
  const run = async (code: string, extra = '') => {
    const r = await runReview(new FakeSource({ 'src/s.rs': { head: code } }, config(`filter: none\n${extra}`)));
    return { lines: where(r.inline).map((w) => Number(w.split(':')[1]!.split(' ')[0])), suppressed: r.suppressed.map((f) => f.line) };
  };

  it('on the line', async () => {
    expect(await run(`pub fn f(v: &[u8]) -> u8 {\n    unsafe { *v.get_unchecked(0) } ${ALLOW}\n}\n`)).toEqual({ lines: [], suppressed: [2] });
  });

  it('on the line above', async () => {
    expect(await run(`pub fn f(v: &[u8]) -> u8 {\n    ${ALLOW}\n    unsafe { *v.get_unchecked(0) }\n}\n`)).toEqual({ lines: [], suppressed: [3] });
  });

  it('above the enclosing item, past its attributes and doc comments', async () => {
    const code = `${ALLOW}\n/// Reads the first byte.\n#[inline]\npub fn f(v: &[u8]) -> u8 {\n    let x = 1;\n    unsafe { *v.get_unchecked(x) }\n}\npub fn g(v: &[u8]) -> u8 {\n    unsafe { *v.get_unchecked(0) }\n}\n`;
    expect(await run(code)).toEqual({ lines: [9], suppressed: [6] });
  });

  it('for a whole role with a wildcard', async () => {
    expect(await run(`pub fn f(v: &[u8]) -> u8 {\n    // rust-review: allow(architecture/*) reviewed by the team\n    unsafe { *v.get_unchecked(0) }\n}\n`)).toEqual({ lines: [], suppressed: [3] });
  });

  it('for several ids in one comment', async () => {
    expect(await run(`pub fn f(v: &[u8]) -> u8 {\n    // rust-review: allow(async/lock-guard-across-await, ${RULE}) fine\n    unsafe { *v.get_unchecked(0) }\n}\n`)).toEqual({ lines: [], suppressed: [3] });
  });

  it('not for another rule or role, and not from a comment separated by code', async () => {
    expect(await run(`pub fn f(v: &[u8]) -> u8 {\n    // rust-review: allow(async/*) wrong role\n    unsafe { *v.get_unchecked(0) }\n}\n`)).toEqual({ lines: [3], suppressed: [] });
    expect(await run(`pub fn f(v: &[u8]) -> u8 {\n    ${ALLOW}\n    let x = 0;\n    unsafe { *v.get_unchecked(x) }\n}\n`)).toEqual({ lines: [4], suppressed: [] });
  });

  it('not from the text inside a string', async () => {
    expect(await run(`pub fn f(v: &[u8]) -> u8 {\n    let s = "rust-review: allow(${RULE})"; unsafe { *v.get_unchecked(0) }\n}\n`)).toEqual({ lines: [2], suppressed: [] });
  });

  it('counts suppressed findings in the result, whatever the filter', async () => {
    const r = await runReview(new FakeSource({ 'src/s.rs': { base: '', head: `pub fn f(v: &[u8]) -> u8 {\n    ${ALLOW}\n    unsafe { *v.get_unchecked(0) }\n}\n`, added: [1] } }, config()));
    expect(r.suppressed.map((f: Finding) => `${f.ruleId}@${f.line}`)).toEqual([`${RULE}@3`]);
    expect(r.inline).toEqual([]);
    expect(r.outsideFilter).toEqual([]);
  });
});

describe('a finding on an untouched line', () => {
  // A guard taken on line 4 (unchanged) and held across an `.await` the PR adds on line 5.
  const GUARD = [
    'use std::sync::Mutex;',
    'pub struct Cache { items: Mutex<Vec<u8>> }',
    'pub async fn refresh(cache: &Cache) {',
    '    let items = cache.items.lock().unwrap();',
    '    tokio::time::sleep(std::time::Duration::from_millis(5)).await;',
    '    drop(items);',
    '}',
    '',
  ].join('\n');
  const guardConfig = 'rules:\n  "*": off\n  async/lock-guard-across-await: on\n';

  it('moves to the line the change added where the defect bites', async () => {
    const r = await runReview(new FakeSource({ 'src/cache.rs': { base: '', head: GUARD, status: 'modified', added: [5], context: [3, 4, 6] } }, guardConfig));
    expect(where(r.inline)).toEqual(['src/cache.rs:5 added']);
    expect(r.inline[0]).toMatchObject({ ruleId: 'async/lock-guard-across-await', alsoLines: [4], snippet: 'tokio::time::sleep(std::time::Duration::from_millis(5)).await;' });
    expect(r.inline[0]!.column).toBeUndefined();
  });

  it('stays on its own line when the change touched it, and outside the filter when the change touched neither', async () => {
    const own = await runReview(new FakeSource({ 'src/cache.rs': { base: '', head: GUARD, status: 'modified', added: [4, 5] } }, guardConfig));
    expect(where(own.inline)).toEqual(['src/cache.rs:4 added']);
    const neither = await runReview(new FakeSource({ 'src/cache.rs': { base: '', head: GUARD, status: 'modified', added: [1] } }, guardConfig));
    expect(where(neither.inline)).toEqual([]);
    expect(where(neither.outsideFilter)).toEqual(['src/cache.rs:4 file']);
  });

  it('a blocking call the change moved from an offloaded closure into an async block is placed where the async block begins', async () => {
    // Line 4 was `tokio::task::spawn_blocking(move || {`; the PR made it `tokio::spawn(async move {`.
    const TASK = [
      'use std::io::Read;',
      'pub async fn pump(mut src: std::fs::File, tx: tokio::sync::mpsc::Sender<u8>) {',
      '    let mut buf = [0u8; 1];',
      '    tokio::spawn(async move {',
      '        while src.read(&mut buf).is_ok() {',
      '            let _ = std::fs::metadata("/tmp");',
      '            tx.send(buf[0]).await.ok();',
      '        }',
      '    });',
      '}',
      '',
    ].join('\n');
    const r = await runReview(new FakeSource({ 'src/pump.rs': { base: '', head: TASK, status: 'modified', added: [4, 7], context: [3, 5, 6, 8] } }, 'rules:\n  "*": off\n  async/blocking-call-in-async: on\n'));
    expect(where(r.inline)).toEqual(['src/pump.rs:4 added']);
    expect(r.inline[0]).toMatchObject({ ruleId: 'async/blocking-call-in-async', alsoLines: [6] });
  });
});
