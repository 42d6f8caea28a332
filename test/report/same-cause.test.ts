/**
 * One comment per root cause per pull request: findings of one rule that share a root cause (the same
 * test fn, the same timeout-less client, one sweep over many migrations) are posted as one comment
 * listing the other places; the rules give the same root to repeats and different roots otherwise.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LineMap } from '../../src/diff/line-map.js';
import { parsePatch } from '../../src/diff/parse.js';
import type { FileDiff } from '../../src/diff/model.js';
import { fingerprintAll, planReview } from '../../src/github/review-plan.js';
import { renderComment } from '../../src/report/comment.js';
import { renderJson } from '../../src/report/json.js';
import { foldSameCause } from '../../src/report/same-cause.js';
import { renderSummary } from '../../src/report/summary.js';
import { loadRustParser } from '../../src/rust/parser.js';
import envMutation from '../../src/rules/tests/env-mutation.js';
import sleepInTest from '../../src/rules/tests/sleep-in-test.js';
import migrationEdited from '../../src/rules/database/migration-edited.js';
import missingTimeout from '../../src/rules/async/missing-timeout.js';
import { runChangeRule, runFileRule } from '../helpers/rule-tester.js';
import { finding, result } from './fixtures.js';

const env = (line: number, over = {}) => finding({ ruleId: 'tests/env-mutation', role: 'tests', severity: 'warning', path: 'tests/settings.rs', line, message: `env mutation ${line}`, rootCause: 'tests/settings.rs@10', ...over });

describe('foldSameCause', () => {
  it('keeps one finding per rule and root, listing the other places; others untouched, order kept', () => {
    const a = env(5);
    const b = env(6);
    const c = env(9, { path: 'tests/x.rs' });
    const other = env(30, { rootCause: 'tests/settings.rs@400' });
    const plain = finding({ line: 7 });
    const sameRootOtherRule = finding({ line: 8, rootCause: 'tests/settings.rs@10' });
    const folded = foldSameCause([a, plain, b, sameRootOtherRule, c, other]);
    expect(folded.map((f) => f.finding)).toEqual([a, plain, sameRootOtherRule, other]);
    expect(folded[0]!.sameCause).toEqual([{ path: 'tests/settings.rs', line: 6 }, { path: 'tests/x.rs', line: 9 }]);
    expect(folded.slice(1).every((f) => f.sameCause.length === 0)).toBe(true);
  });

  it('keeps the most severe, then one on an added line', () => {
    const context = env(3, { mark: 'context' });
    const added = env(4);
    const error = env(9, { severity: 'error', mark: 'context' });
    expect(foldSameCause([context, added]).map((f) => f.finding)).toEqual([added]);
    expect(foldSameCause([context, added, error]).map((f) => f.finding)).toEqual([error]);
  });
});

describe('the review', () => {
  // Head lines 1-12 of one added file: all commentable.
  const patch = ['@@ -0,0 +1,12 @@', ...Array.from({ length: 12 }, (_, i) => `+l${i + 1}`)].join('\n');
  const file: FileDiff = { path: 'tests/settings.rs', status: 'added', binary: false, hunks: parsePatch(patch) };
  const fs = [env(3), env(4), env(5), env(11, { rootCause: 'tests/settings.rs@900' })];

  it('posts one comment per root cause, listing the other places; every finding stays current', async () => {
    const r = result({ inline: fs, reviewedFiles: ['tests/settings.rs'] });
    const plan = planReview(r, [file], [], { full: false, maxComments: 50 });
    expect(plan.comments.map((c) => c.finding)).toEqual([fs[0], fs[3]]);
    expect(plan.notPosted).toEqual([]);
    await expect(plan.comments[0]!.comment.body).toMatchFileSnapshot('__snapshots__/comment-same-cause.md');
    expect(plan.comments[1]!.comment.body).not.toContain('Same cause');
    // An earlier comment on a folded place (from before folding) is not resolved as fixed.
    const fps = fingerprintAll(r);
    const earlier = { id: 'T1', fingerprint: fps.get(fs[1]!)!, path: 'tests/settings.rs', isResolved: false, isOutdated: false, resolvedByHuman: false, thumbsDown: false };
    expect(planReview(r, [file], [earlier], { full: false, maxComments: 50 }).resolve).toEqual([]);
    expect(LineMap.ofFile(file).commentable(5)).toBe(true);
  });

  it('lists folded places in --format json and the summary; counts stay whole', () => {
    const json = JSON.parse(renderJson(result({ inline: fs })));
    // Every place stays a finding (the CLI contract); the folded ones point at the comment that lists them.
    expect(json.findings).toHaveLength(4);
    expect(json.findings[0].sameCause).toEqual([{ path: 'tests/settings.rs', line: 4 }, { path: 'tests/settings.rs', line: 5 }]);
    expect(json.findings[0]).not.toHaveProperty('rootCause');
    expect(json.findings.filter((f: { sameCauseAs?: unknown }) => f.sameCauseAs).map((f: { line: number; sameCauseAs: unknown }) => [f.line, f.sameCauseAs])).toEqual([
      [4, { path: 'tests/settings.rs', line: json.findings[0].line }],
      [5, { path: 'tests/settings.rs', line: json.findings[0].line }],
    ]);
    const summary = renderSummary(result({ inline: fs }));
    expect(summary).toContain('### Tests & performance: 4 findings');
    expect(summary).toContain('and 2 more of the same cause (listed in its comment)');
  });

  it('caps the places listed in one comment', () => {
    const many = Array.from({ length: 35 }, (_, i) => ({ path: 'migrations/m.sql', line: i + 1 }));
    expect(renderComment({ ...env(3), sameCause: many }, 'fp')).toMatch(/Same cause, 35 more places.*`migrations\/m\.sql:30`, and 5 more\./);
  });
});

describe('rules give repeats one root cause', () => {
  beforeAll(() => loadRustParser());
  const roots = (fs: { rootCause?: string }[]) => fs.map((f) => f.rootCause);

  it('tests/env-mutation: the test fn', async () => {
    const code = '#[test]\nfn a() {\n    std::env::set_var("A", "1");\n    std::env::set_var("B", "2");\n    run();\n}\n\n#[test]\nfn b() {\n    std::env::remove_var("A");\n    run();\n}\n';
    const [x, y, z] = roots((await runFileRule(envMutation, { path: 'tests/settings.rs', code })).findings);
    expect(x).toBeDefined();
    expect(y).toBe(x);
    expect(z).not.toBe(x);
  });

  it('tests/sleep-in-test: the test fn', async () => {
    const code = '#[tokio::test]\nasync fn a() {\n    start();\n    tokio::time::sleep(Duration::from_millis(100)).await;\n    poke();\n    tokio::time::sleep(Duration::from_millis(100)).await;\n    assert!(done());\n}\n\n#[test]\nfn b() {\n    std::thread::sleep(Duration::from_millis(5));\n    assert!(done());\n}\n';
    const [x, y, z] = roots((await runFileRule(sleepInTest, { path: 'src/worker.rs', code: `#[cfg(test)]\nmod tests {\n${code}}\n` })).findings);
    expect(x).toBeDefined();
    expect(y).toBe(x);
    expect(z).not.toBe(x);
  });

  it('async/missing-timeout: the client every request goes through', async () => {
    const code = 'pub async fn sync_all(ids: Vec<u64>) -> Result<(), Error> {\n    let client = reqwest::Client::new();\n    client.get("http://a").send().await?;\n    client.post("http://b").send().await?;\n    Ok(())\n}\n\npub async fn other() -> Result<(), Error> {\n    let http = reqwest::Client::new();\n    http.get("http://c").send().await?;\n    Ok(())\n}\n';
    const out = await runChangeRule(missingTimeout, { files: { 'src/sync.rs': { base: code.replace(/client\.(get|post)\("http:\/\/[ab]"\)\.send\(\)\.await\?;\n/g, '').replace('    http.get("http://c").send().await?;\n', ''), head: code } } });
    const requests = out.findings.filter((f) => f.message.includes('request goes through'));
    expect(requests.map((f) => f.line)).toEqual([3, 4, 10]);
    const [x, y, z] = roots(requests);
    expect(x).toBeDefined();
    expect(y).toBe(x);
    expect(z).not.toBe(x);
  });

  it('database/migration-edited: the same edit in many files is one sweep; a different edit is not', async () => {
    const header = '-- SPDX-License-Identifier: MIT\n';
    const m = (n: number) => `CREATE TABLE t${n} (id INT);\n`;
    const out = await runChangeRule(migrationEdited, {
      files: {
        'migrations/20240101000000_a.sql': { base: m(1), head: header + m(1) },
        'migrations/20240102000000_b.sql': { base: m(2), head: header + m(2) },
        'migrations/20240103000000_c.sql': { base: m(3), head: m(3).replace('INT', 'BIGINT') },
      },
    });
    const [x, y, z] = roots(out.findings);
    expect(out.findings).toHaveLength(3);
    expect(y).toBe(x);
    expect(z).not.toBe(x);
  });
});
