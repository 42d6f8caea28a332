/**
 * Only what the pull request introduces: findings the base already had are counted as already
 * present, not reported inline and not counted for the conclusion. Rule: unsafe without a SAFETY
 * comment (every other rule off), so these tests do not depend on which other rules exist.
 */
import { describe, expect, it } from 'vitest';
import { runReview } from '../../src/review/pipeline.js';
import { FakeSource, type FakeFile } from './fake-source.js';

const RULE = 'architecture/unsafe-without-safety-comment';
const CONFIG = `rules:\n  "*": off\n  ${RULE}: error\n`;

const BASE = [
  'pub fn first(v: &[u8], offset: usize, stride: usize) -> u8 { unsafe { *v.get_unchecked(offset * stride + 1) } }',
  '',
  'pub fn second(v: &[u8]) -> u8 {',
  '    unsafe { *v.get_unchecked(0) }',
  '}',
  '',
].join('\n');

/** BASE after rustfmt: the first function broken over lines, the second one moved to the top. */
const FORMATTED = [
  'pub fn second(v: &[u8]) -> u8 {',
  '    unsafe { *v.get_unchecked(0) }',
  '}',
  '',
  'pub fn first(v: &[u8], offset: usize, stride: usize) -> u8 {',
  '    unsafe {',
  '        *v.get_unchecked(',
  '            offset * stride + 1,',
  '        )',
  '    }',
  '}',
  '',
].join('\n');

/** 1-based lines of `text` holding any of `needles`. */
const linesOf = (text: string, ...needles: string[]) => text.split('\n').flatMap((l, i) => (needles.some((n) => l.includes(n)) ? [i + 1] : []));
const allLines = (text: string) => text.split('\n').slice(0, -1).map((_, i) => i + 1);
const review = (files: Record<string, FakeFile>) => runReview(new FakeSource(files, CONFIG));
const where = (fs: { path: string; line: number }[]) => fs.map((f) => `${f.path}:${f.line}`);

describe('only what the pull request introduces', () => {
  it('a rustfmt run that also moves a function: nothing inline, success, two already present', async () => {
    const r = await review({ 'src/lib.rs': { base: BASE, head: FORMATTED, added: allLines(FORMATTED) } });
    expect(r.inline).toEqual([]);
    expect(where(r.alreadyPresent)).toEqual(['src/lib.rs:2', 'src/lib.rs:6']);
    expect(r.conclusion).toBe('success');
  });

  it('a new finding next to old ones is the only one inline', async () => {
    const head = `${FORMATTED}pub fn third(v: &[u8]) -> u8 {\n    unsafe { *v.get_unchecked(3) }\n}\n`;
    const r = await review({ 'src/lib.rs': { base: BASE, head, added: allLines(head) } });
    expect(where(r.inline)).toEqual(['src/lib.rs:13']);
    expect(r.alreadyPresent).toHaveLength(2);
    expect(r.conclusion).toBe('failure');
  });

  it('a third copy of an existing line is new: findings are counted, not deduplicated', async () => {
    const line = '    unsafe { *v.get_unchecked(0) }';
    const base = ['pub fn a(v: &[u8]) -> u8 {', line, '}', 'pub fn b(v: &[u8]) -> u8 {', line, '}', ''].join('\n');
    const head = ['pub fn a(v: &[u8]) -> u8 {', line, '}', 'pub fn b(v: &[u8]) -> u8 {', line, line, '}', ''].join('\n');
    const r = await review({ 'src/lib.rs': { base, head, added: [6] } });
    expect(where(r.inline)).toEqual(['src/lib.rs:6']);
    expect(r.conclusion).toBe('failure');
  });

  it('a renamed file is compared with its base path', async () => {
    const r = await review({ 'src/new_name.rs': { previousPath: 'src/old_name.rs', status: 'renamed', base: BASE, head: FORMATTED, added: allLines(FORMATTED) } });
    expect(r.inline).toEqual([]);
    expect(r.alreadyPresent).toHaveLength(2);
  });

  it('a function moved to another file in the same change is not new', async () => {
    const rest = 'pub fn first(v: &[u8], offset: usize, stride: usize) -> u8 { unsafe { *v.get_unchecked(offset * stride + 1) } }\n';
    const moved = 'pub fn second(v: &[u8]) -> u8 {\n    unsafe { *v.get_unchecked(0) }\n}\n';
    const r = await review({
      'src/lib.rs': { base: BASE, head: rest, added: [], deleted: linesOf(BASE, 'second', 'get_unchecked(0)') },
      'src/second.rs': { head: moved },
    });
    expect(r.inline).toEqual([]);
    expect(where(r.alreadyPresent)).toEqual(['src/second.rs:2']);
  });

  it('a copy of a line that stays where it was is new in another file (the old line was not moved)', async () => {
    const copied = 'pub fn third(v: &[u8]) -> u8 {\n    unsafe { *v.get_unchecked(0) }\n}\n';
    // The old line stays in lib.rs, but its head finding is gone (allowed), so the base's is left over.
    const head = BASE.replace('pub fn second', '#[allow(clippy::undocumented_unsafe_blocks)]\npub fn second');
    const r = await review({
      'src/lib.rs': { base: BASE, head, added: linesOf(head, 'allow(') },
      'src/third.rs': { head: copied },
    });
    expect(where(r.inline)).toEqual(['src/third.rs:2']);
  });

  it('an added file has no base side: its findings are new', async () => {
    const r = await review({ 'src/lib.rs': { head: FORMATTED } });
    expect(r.inline).toHaveLength(2);
    expect(r.alreadyPresent).toEqual([]);
  });
});

describe('migrations in a whole-tree review', () => {
  const MIGRATION = 'migrations/20200101000000_drop_legacy.sql';
  const files = { [MIGRATION]: { head: 'DROP TABLE legacy_sessions;\n' } };
  const config = 'rules:\n  "*": off\n  database/migration-drop: warning\n';

  it('a migration new in a change is judged', async () => {
    const r = await runReview(new FakeSource(files, config));
    expect(r.inline.map((f) => f.ruleId)).toEqual(['database/migration-drop']);
    expect(r.migrationsAsHistory).toBe(0);
  });

  it('with the whole tree listed as added, migrations are history: not judged, and counted', async () => {
    const source = Object.assign(new FakeSource(files, config), { wholeTree: true });
    const r = await runReview(source);
    expect(r.inline).toEqual([]);
    expect(r.migrationsAsHistory).toBe(1);
  });
});
