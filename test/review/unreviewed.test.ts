import { describe, expect, it } from 'vitest';
import type { FileDiff } from '../../src/diff/model.js';
import { synthesizeHunks } from '../../src/diff/synthesize.js';
import { referencedPaths } from '../../src/review/included-files.js';
import { blockingReason, classifySkips } from '../../src/review/unreviewed.js';

const file = (path: string, status: FileDiff['status'] = 'added'): FileDiff => ({ path, status, binary: false, hunks: [] });

describe('which skips block the check', () => {
  it.each([
    ['analysis stopped at line 2050: over 5000 ms (`limits.parse_timeout_ms`)', 'added', true],
    ['not analysed: timeout (`limits.parse_timeout_ms`)', 'modified', true],
    ['larger than 1.0 MB (1.1 MB)', 'modified', true],
    ['over the file limit', 'added', true],
    ['generated or vendored path', 'added', true],
    ['generated or vendored path', 'renamed', true],
    ['generated or vendored path', 'modified', false],
    ['excluded by `paths` in the config', 'added', false],
  ] as const)('%s (%s): blocking %s', async (reason, status, blocking) => {
    const [s] = await classifySkips([{ path: 'src/a.rs', reason }], [file('src/a.rs', status)], async () => undefined);
    expect(s!.blocking).toBe(blocking);
  });
  it('a generated header the base file already had stays a skip; one the PR adds blocks', async () => {
    const reason = 'generated file (`@generated` header)';
    const modified = [file('src/schema.rs', 'modified')];
    expect((await classifySkips([{ path: 'src/schema.rs', reason }], modified, async () => '// @generated\n'))[0]!.blocking).toBe(false);
    expect((await classifySkips([{ path: 'src/schema.rs', reason }], modified, async () => 'pub fn x() {}\n'))[0]!.blocking).toBe(true);
  });
  it('names the files in the reason, a backtick in a path included', () => {
    expect(blockingReason([{ path: 'src/a`b.rs', reason: 'over the file limit' }])).toBe('1 changed file was not reviewed: `` src/a`b.rs `` (over the file limit). Exclude them in the base branch\'s config (`paths.exclude`) if that is intended.');
  });
});

describe('code compiled from non-.rs files', () => {
  it('follows #[path] and include! relative to the naming file', () => {
    expect(referencedPaths('src/lib.rs', '#[path = "gen/x.in"]\nmod x;\ninclude!("../shared/y.inc");\ninclude_str!("data.txt");')).toEqual(['src/gen/x.in', 'shared/y.inc']);
    expect(referencedPaths('lib.rs', 'include!("../../etc/passwd");')).toEqual([]);
  });
});

describe('hunks computed from the blobs', () => {
  it('the common head and tail are context; the middle is added', () => {
    const [h] = synthesizeHunks('a\nb\nc\n', 'a\nX\nY\nc\n');
    expect(h!.lines.filter((l) => l.kind === 'add').map((l) => l.newLine)).toEqual([2, 3]);
    expect(h!.lines.filter((l) => l.kind === 'del').map((l) => l.oldLine)).toEqual([2]);
    expect(synthesizeHunks(undefined, 'x\ny\n')[0]!.lines.map((l) => l.kind)).toEqual(['add', 'add']);
    expect(synthesizeHunks('same\n', 'same\n')).toEqual([]);
  });
});
