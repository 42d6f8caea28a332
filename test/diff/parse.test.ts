/** Unit cases of the diff parser that the golden files do not pin down on their own. */
import { describe, expect, it } from 'vitest';
import { parseGitDiff, parsePatch, unquote } from '../../src/diff/parse.js';

describe('unquote', () => {
  it('decodes octal UTF-8 bytes', () => expect(unquote('"caf\\303\\251 menu.rs"')).toBe('café menu.rs'));
  it('decodes C escapes', () => expect(unquote('"a\\tb\\\\c\\"d\\n"')).toBe('a\tb\\c"d\n'));
  it('leaves plain paths alone and drops a trailing tab', () => expect(unquote('a/my file.rs\t')).toBe('a/my file.rs'));
});

describe('parseGitDiff', () => {
  it('returns nothing for an empty diff', () => {
    expect(parseGitDiff('')).toEqual([]);
    expect(parsePatch('')).toEqual([]);
  });

  it('reads a header where only the second path is quoted', () => {
    const diff = 'diff --git a/old name.rs "b/n\\303\\244me.rs"\nold mode 100644\nnew mode 100755\n';
    expect(parseGitDiff(diff)).toMatchObject([{ path: 'näme.rs', oldMode: '100644', newMode: '100755' }]);
  });

  it('reads a header where only the first path is quoted', () => {
    const diff = 'diff --git "a/n\\303\\244me.rs" b/plain.rs\nold mode 100644\nnew mode 100755\n';
    expect(parseGitDiff(diff)[0]!.path).toBe('plain.rs');
  });

  it('keeps removed SQL comment lines (`--- x`) inside the hunk', () => {
    const diff = [
      'diff --git a/m.sql b/m.sql',
      'index 1..2 100644',
      '--- a/m.sql',
      '+++ b/m.sql',
      '@@ -1,2 +1,1 @@',
      '--- drop this comment',
      ' SELECT 1;',
      'diff --git a/n.sql b/n.sql',
      'index 1..2 100644',
      '--- a/n.sql',
      '+++ b/n.sql',
      '@@ -1 +1,2 @@',
      ' SELECT 2;',
      '++++ not a header',
      '',
    ].join('\n');
    const files = parseGitDiff(diff);
    expect(files.map((f) => f.path)).toEqual(['m.sql', 'n.sql']);
    expect(files[0]!.hunks[0]!.lines).toEqual([
      { kind: 'del', oldLine: 1, text: '-- drop this comment' },
      { kind: 'context', oldLine: 2, newLine: 1, text: 'SELECT 1;' },
    ]);
    expect(files[1]!.hunks[0]!.lines[1]).toEqual({ kind: 'add', newLine: 2, text: '+++ not a header' });
  });

  it('treats a blank line inside a hunk as an empty context line (trailing whitespace stripped)', () => {
    const hunks = parsePatch('@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n');
    expect(hunks[0]!.lines.map((l) => [l.kind, l.oldLine, l.newLine, l.text])).toEqual([
      ['context', 1, 1, 'a'],
      ['context', 2, 2, ''],
      ['del', 3, undefined, 'b'],
      ['add', undefined, 3, 'c'],
    ]);
  });

  it('skips text before the first hunk of a patch', () => {
    expect(parsePatch('From 123\nSubject: x\n---\n@@ -1 +1 @@\n-a\n+b\n')).toHaveLength(1);
  });
});
