import { migrationPath } from '../../migrations/index.js';
import { defineRule } from '../define-rule.js';

const lineSet = (text: string) => new Set(text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean));

/**
 * What an edit did, as text: the lines it added and the lines it removed. One sweep over many applied
 * migrations (a licence header, a comment, the same statement fixed everywhere) is the same edit in
 * each file: one comment lists the files. Different edits stay separate comments.
 */
function editOf(base: string, head: string | undefined): string {
  const before = lineSet(base);
  const after = lineSet(head ?? '');
  const added = [...after].filter((l) => !before.has(l)).sort();
  const removed = [...before].filter((l) => !after.has(l)).sort();
  return `edit\0${added.join('\n')}\0${removed.join('\n')}`;
}

export default defineRule({
  id: 'database/migration-edited',
  role: 'database',
  category: 'correctness',
  docs: {
    summary: 'A migration that already exists on the base branch is modified, renamed or deleted.',
    why: 'Databases that already ran it will not run it again. sqlx stores each applied migration\'s checksum and refuses to start (`VersionMismatch`, or `VersionMissing` for a deleted one); diesel silently skips the edit, so environments drift apart.',
    bad: `-- migrations/20240801090000_add_gift_message.sql, merged last month, edited in this PR:
ALTER TABLE orders ADD COLUMN gift_message TEXT;
ALTER TABLE orders ADD COLUMN gift_wrap BOOLEAN NOT NULL DEFAULT false;
`,
    good: `-- a new migrations/20240902090000_add_gift_wrap.sql instead:
ALTER TABLE orders ADD COLUMN gift_wrap BOOLEAN NOT NULL DEFAULT false;
`,
    path: 'migrations/20240801090000_add_gift_wrap.sql',
    fixtures: {
      bad: {
        files: {
          'migrations/20240801090000_add_gift_wrap.sql': {
            base: 'ALTER TABLE orders ADD COLUMN gift_message TEXT;\n',
            head: `ALTER TABLE orders ADD COLUMN gift_message TEXT;
ALTER TABLE orders ADD COLUMN gift_wrap BOOLEAN NOT NULL DEFAULT false;
`,
          },
        },
      },
      good: {
        files: { 'migrations/20240902090000_add_gift_wrap.sql': { head: 'ALTER TABLE orders ADD COLUMN gift_wrap BOOLEAN NOT NULL DEFAULT false;\n' } },
        unchanged: { 'migrations/20240801090000_add_gift_message.sql': 'ALTER TABLE orders ADD COLUMN gift_message TEXT;\n' },
      },
    },
    anchor: 'sqlx migrate: MigrateError::VersionMismatch / VersionMissing',
  },
  messages: {
    modified: '`{{file}}` is already merged and applied: {{consequence}}',
    removed: '`{{file}}` is already merged and applied: deleting it makes sqlx refuse to start (`VersionMissing`) on every database that ran it',
  },
  help: 'Leave merged migrations as they are and put the change in a new migration.',
  check: async (ctx) => {
    for (const f of ctx.files) {
      if (f.status === 'added') continue;
      const basePath = f.previousPath ?? f.path;
      const m = migrationPath(basePath);
      if (!m || m.direction === 'down') continue;
      const base = await ctx.readBase(basePath);
      if (base === undefined) continue;
      const file = basePath.slice(basePath.lastIndexOf('/') + 1);
      if (f.status === 'removed' || (f.status === 'renamed' && !migrationPath(f.path))) {
        // Deleting applied migrations in one PR is one decision (a squash, a reset): one comment lists them.
        ctx.report({ path: f.path, line: 1, messageId: 'removed', data: { file }, rootCause: 'deleted' });
        continue;
      }
      const head = await ctx.readHead(f.path);
      const versionOf = (p: string) => /\/(\d+)_[^/]*$/.exec(p)?.[1] ?? p;
      if (head === base && versionOf(f.path) === versionOf(basePath)) continue;
      const consequence =
        m.tool === 'diesel'
          ? 'diesel will not run it again there, so this edit never reaches them and the schemas drift apart'
          : 'sqlx compares its checksum on start-up and refuses to run (`VersionMismatch`) on every database that applied it';
      const first = firstLine(f.addedLines);
      ctx.report({ path: f.path, line: first, messageId: 'modified', data: { file, consequence }, rootCause: editOf(base, head) });
    }
  },
});

/** The smallest added line, or 1. A loop, not `Math.min(...lines)`: a huge migration's line set overflows the call stack as spread arguments. */
function firstLine(lines: ReadonlySet<number>): number {
  let first = Infinity;
  for (const l of lines) if (l < first) first = l;
  return first === Infinity ? 1 : first;
}
