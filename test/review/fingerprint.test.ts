import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/review/finding.js';
import { FINGERPRINT_MARKER, fingerprintComment, fingerprintKey, fingerprints } from '../../src/review/fingerprint.js';
import { runReview } from '../../src/review/pipeline.js';
import { FakeSource } from './fake-source.js';

const f = (over: Partial<Finding> = {}): Finding => ({
  ruleId: 'async/lock-guard-across-await',
  role: 'async',
  severity: 'error',
  path: 'src/a.rs',
  line: 10,
  message: 'guard `g` is held across this `.await`',
  source: 'rule',
  snippet: 'let g = m.lock().unwrap();',
  ...over,
});

describe('fingerprints', () => {
  it('do not depend on the line, the column or whitespace', () => {
    const [a] = fingerprints([f()]);
    const [b] = fingerprints([f({ line: 42, column: 3, snippet: '  let g =   m.lock().unwrap();  ' })]);
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });

  it('depend on the rule, the path and the code', () => {
    const [base] = fingerprints([f()]);
    expect(fingerprints([f({ ruleId: 'async/other' })])[0]).not.toBe(base);
    expect(fingerprints([f({ path: 'src/b.rs' })])[0]).not.toBe(base);
    expect(fingerprints([f({ snippet: 'let h = m.lock().unwrap();' })])[0]).not.toBe(base);
  });

  it('fall back to the message without a snippet', () => {
    expect(fingerprintKey(f({ snippet: undefined }))).toContain(f().message);
    expect(fingerprints([f({ snippet: undefined })])[0]).not.toBe(fingerprints([f({ snippet: undefined, message: 'other' })])[0]);
  });

  it('tell equal snippets in one file apart by order', () => {
    const fps = fingerprints([f({ line: 1 }), f({ line: 20 }), f({ path: 'src/b.rs' })]);
    expect(new Set(fps).size).toBe(3);
    expect(fingerprints([f({ line: 5 }), f({ line: 50 })])).toEqual(fps.slice(0, 2));
  });

  it('round-trip through the hidden comment', () => {
    const [fp] = fingerprints([f()]);
    expect(FINGERPRINT_MARKER.exec(`body\n${fingerprintComment(fp!)}`)?.[1]).toBe(fp);
  });

  it('stay the same when a push shifts the lines (through the pipeline)', async () => {
    const code = 'pub fn first(v: &[u8]) -> u8 {\n    unsafe { *v.get_unchecked(0) }\n}\npub fn second(v: &[u8]) -> u8 {\n    unsafe { *v.get_unchecked(1) }\n}\n';
    const shifted = `use std::fmt;\n\n/// Helpers.\n${code}`;
    const cfg = 'rules:\n  "*": off\n  architecture/unsafe-without-safety-comment: on\n';
    const before = await runReview(new FakeSource({ 'src/a.rs': { head: code } }, cfg));
    const after = await runReview(new FakeSource({ 'src/a.rs': { head: shifted } }, cfg));
    expect(before.inline.map((x) => x.line)).toEqual([2, 5]);
    expect(after.inline.map((x) => x.line)).toEqual([5, 8]);
    expect(fingerprints(after.inline)).toEqual(fingerprints(before.inline));
  });
});
