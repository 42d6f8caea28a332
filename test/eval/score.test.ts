/** The real-bug evaluation's scorer (eval/lib/score.ts): what counts as caught, and the summary. */
import { describe, expect, it } from 'vitest';
import { addedLines, matchExpectation, otherFindings, summarise, type CaseOutcome, type Expectation, type ReportedFinding } from '../../eval/lib/score.js';

const DIFF = `diff --git a/src/a.rs b/src/a.rs
index 1111111..2222222 100644
--- a/src/a.rs
+++ b/src/a.rs
@@ -1,4 +1,5 @@
 fn keep() {}
-fn fixed(v: &[u8]) {}
+fn buggy(v: &Vec<u8>) {}
+fn also_new() {}
 fn context() {}
@@ -10,2 +11,3 @@ fn later() {
 let a = 1;
+let b = a.clone();
 let c = 3;
diff --git a/src/gone.rs b/src/gone.rs
deleted file mode 100644
--- a/src/gone.rs
+++ /dev/null
@@ -1 +0,0 @@
-fn gone() {}
diff --git a/migrations/1/up.sql b/migrations/1/up.sql
new file mode 100644
--- /dev/null
+++ b/migrations/1/up.sql
@@ -0,0 +1,2 @@
+DROP INDEX i;
+-- a comment
diff --git a/migrations/0/up.sql b/migrations/0/up.sql
--- a/migrations/0/up.sql
+++ b/migrations/0/up.sql
@@ -1,2 +1,2 @@
--- a removed comment
+++ an added line that starts with two plus signs
 SELECT 1;
`;

const finding = (ruleId: string, path: string, line: number, severity = 'warning'): ReportedFinding => ({ ruleId, path, line, severity, message: `${ruleId} here` });
const expectation = (line: number, rule: string | string[] = 'ownership/ptr-arg'): Expectation => ({ path: 'src/a.rs', line, rule, why: 'test' });

describe('addedLines', () => {
  it('numbers the head side of every hunk and skips removed and deleted files', () => {
    const added = addedLines(DIFF);
    expect([...added.get('src/a.rs')!]).toEqual([2, 3, 12]);
    expect(added.has('src/gone.rs')).toBe(false);
    expect([...added.get('migrations/1/up.sql')!]).toEqual([1, 2]);
    // In a hunk, `--- x` is a removed `-- x` and `+++ x` an added `++ x`: not file headers.
    expect([...added.get('migrations/0/up.sql')!]).toEqual([1]);
    expect(added.size).toBe(3);
  });
});

describe('matchExpectation', () => {
  const added = addedLines(DIFF);

  it('counts a fitting finding on the labelled added line, or one line off', () => {
    expect(matchExpectation(expectation(2), [finding('ownership/ptr-arg', 'src/a.rs', 2)], added).caught).toBe(true);
    expect(matchExpectation(expectation(2), [finding('ownership/ptr-arg', 'src/a.rs', 3)], added).caught).toBe(true);
    expect(matchExpectation(expectation(3), [finding('ownership/ptr-arg', 'src/a.rs', 2)], added).caught).toBe(true);
  });

  it('does not count a finding two lines away, and says how far it was', () => {
    const r = matchExpectation(expectation(12), [finding('ownership/ptr-arg', 'src/a.rs', 2)], added);
    expect(r.caught).toBe(false);
    expect(r.nearMiss).toBe('ownership/ptr-arg at line 2, 10 lines away');
  });

  it('does not count a finding on a line the PR did not add (context)', () => {
    const r = matchExpectation(expectation(4), [finding('ownership/ptr-arg', 'src/a.rs', 4)], added);
    expect(r.caught).toBe(false);
    expect(r.nearMiss).toBe('ownership/ptr-arg at line 4, but not on an added line');
  });

  it('counts a finding whose range reaches an added line', () => {
    const f = { ...finding('ownership/ptr-arg', 'src/a.rs', 1), endLine: 2 };
    expect(matchExpectation(expectation(1), [f], added).caught).toBe(true);
  });

  it('needs a fitting rule, in the same file; any of a list of rules fits', () => {
    expect(matchExpectation(expectation(2), [finding('ownership/redundant-clone', 'src/a.rs', 2)], added).caught).toBe(false);
    expect(matchExpectation(expectation(2), [finding('ownership/ptr-arg', 'src/b.rs', 2)], added).caught).toBe(false);
    const either = expectation(12, ['ownership/to-owned-then-borrow', 'ownership/redundant-clone']);
    expect(matchExpectation(either, [finding('ownership/redundant-clone', 'src/a.rs', 12)], added).caught).toBe(true);
  });
});

describe('summarise', () => {
  it('gives recall per role, per repository and in total, and counts the other findings by severity', () => {
    const added = addedLines(DIFF);
    const inline = [finding('ownership/ptr-arg', 'src/a.rs', 2), finding('tests/sleep-in-test', 'src/a.rs', 3, 'info')];
    const results = [matchExpectation(expectation(2), inline, added), matchExpectation(expectation(12, 'async/missing-timeout'), inline, added)];
    const outcomes: CaseOutcome[] = [
      { id: 'one', repo: 'o/r', results, others: otherFindings(inline, results) },
      { id: 'broken', repo: 'o/s', results: [], others: [], error: 'mirror missing' },
    ];
    const s = summarise(outcomes);
    expect(s.total).toEqual({ caught: 1, total: 2 });
    expect(s.byRole.ownership).toEqual({ caught: 1, total: 1 });
    expect(s.byRole.async).toEqual({ caught: 0, total: 1 });
    expect(s.byRole.database).toEqual({ caught: 0, total: 0 });
    expect(s.byRepo['o/r']).toEqual({ caught: 1, total: 2 });
    expect(s.others).toEqual({ info: 1 });
    expect(s.cases).toEqual({ run: 1, failed: 1 });
  });
});
