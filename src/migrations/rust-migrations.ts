/**
 * Migrations written in Rust. sea-orm-migration runs each `impl MigrationTrait for Migration` file's
 * `up` fn; raw SQL in it (`db.execute_unprepared("ALTER TABLE ..")`, `Statement::from_string(..,
 * "..")`) reaches Postgres exactly like a `.sql` migration's, and on Postgres each migration runs in
 * a transaction unless its `use_transaction` returns `Some(false)`. The SQL is lifted out of the
 * string literals onto the same lines it has in the Rust file, so squawk's and the SQL rules' line
 * numbers are the Rust file's own.
 */
import type { Node } from '../rust/parser.js';
import { closest, findDescendants, stringValue } from '../rust/syntax.js';
import { isMigrationSql, type MigrationPath } from './paths.js';

/** The trait sea-orm-migration runs; an impl of it makes the file a migration. */
const SEA_ORM_MIGRATION_IMPL = /\bimpl\s+(?:[\w:]+::)?MigrationTrait\s+for\b/;

/** `fn use_transaction(&self) -> Option<bool> { Some(false) }`: the migration opts out of the wrapping transaction. */
const OPTS_OUT = /\bfn\s+use_transaction\s*\([^)]*\)\s*->\s*Option\s*<\s*bool\s*>\s*\{\s*Some\s*\(\s*false\s*\)\s*\}/;

/** The first word of an SQL statement a migration runs (a literal that starts otherwise is not SQL). */
const SQL_START = /^\s*(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE|COMMENT|TRUNCATE|GRANT|REVOKE|REINDEX|VACUUM|CLUSTER|BEGIN|COMMIT|SET|DO)\b/i;

/** A sea-orm-migration file, recognised by its content (these files live anywhere in a migration crate). */
export function rustMigrationPath(path: string, text: string | undefined): MigrationPath | null {
  if (!path.endsWith('.rs') || text === undefined || !SEA_ORM_MIGRATION_IMPL.test(text)) return null;
  return { path, tool: 'sea-orm-migration', direction: 'forward', counterpart: null };
}

/** An SQL migration by its path, or a Rust one by its content. */
export const isMigrationFile = (path: string, text: string | undefined): boolean => isMigrationSql(path) || rustMigrationPath(path, text) !== null;

export const seaOrmOptsOutOfTransaction = (text: string): boolean => OPTS_OUT.test(text);

/**
 * The SQL the migration's `up` fn runs, as an SQL text with each statement on the lines its literal
 * occupies in the Rust file (every other line blank). Literals inside macros (`format!`) are left
 * out: their `{}` holes are not SQL.
 */
export function embeddedUpSql(root: Node, lineCount: number): string {
  const lines: string[] = Array.from({ length: lineCount }, () => '');
  for (const impl of findDescendants(root, 'impl_item')) {
    if (!/(^|::)MigrationTrait$/.test(impl.childForFieldName('trait')?.text ?? '')) continue;
    const up = impl.childForFieldName('body')?.namedChildren.find((c) => c.type === 'function_item' && c.childForFieldName('name')?.text === 'up');
    const body = up?.childForFieldName('body');
    if (!body) continue;
    for (const literal of findDescendants(body, ['string_literal', 'raw_string_literal'])) {
      if (closest(literal, 'macro_invocation')) continue;
      const sql = stringValue(literal)?.replace(/\\\r?\n[ \t]*/g, '\n');
      if (!sql || !SQL_START.test(sql)) continue;
      const statement = /;\s*$/.test(sql) ? sql : `${sql};`;
      statement.split(/\r?\n/).forEach((text, i) => {
        const row = literal.startPosition.row + i;
        if (row < lines.length) lines[row] = lines[row] ? `${lines[row]} ${text}` : text;
      });
    }
  }
  return lines.join('\n');
}
