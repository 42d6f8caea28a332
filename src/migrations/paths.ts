/**
 * Which changed files are SQL migrations, and how their tool runs them. sqlx: `migrations/<ver>_<name>.sql`
 * (or reversible `.up.sql` / `.down.sql`), one transaction per file unless the file starts with
 * `-- no-transaction`. diesel: `migrations/<ts>_<name>/up.sql` + `down.sql`, one transaction per
 * migration unless its `metadata.toml` says `run_in_transaction = false`. sea-orm-migration's Rust
 * files: rust-migrations.ts.
 */

export type MigrationTool = 'sqlx' | 'diesel' | 'sea-orm-migration';
export type MigrationDirection = 'up' | 'down' | 'forward';

export interface MigrationPath {
  path: string;
  tool: MigrationTool;
  /** `forward`: a plain sqlx `<ver>_<name>.sql` with no down side by design. */
  direction: MigrationDirection;
  /** The path of the other half (`.down.sql` for `.up.sql`, diesel `down.sql` for `up.sql`); null for forward files. */
  counterpart: string | null;
}

const IN_MIGRATIONS_DIR = /(^|\/)migrations\//;

export function migrationPath(path: string): MigrationPath | null {
  if (!path.endsWith('.sql') || !IN_MIGRATIONS_DIR.test(path)) return null;
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash);
  const name = path.slice(slash + 1);
  if (name === 'up.sql' || name === 'down.sql') {
    const direction = name === 'up.sql' ? 'up' : 'down';
    return { path, tool: 'diesel', direction, counterpart: `${dir}/${direction === 'up' ? 'down' : 'up'}.sql` };
  }
  const reversible = /^(.*)\.(up|down)\.sql$/.exec(name);
  if (reversible) {
    const direction = reversible[2] as 'up' | 'down';
    return { path, tool: 'sqlx', direction, counterpart: `${dir}/${reversible[1]}.${direction === 'up' ? 'down' : 'up'}.sql` };
  }
  return { path, tool: 'sqlx', direction: 'forward', counterpart: null };
}

export const isMigrationSql = (path: string): boolean => migrationPath(path) !== null;

/** sqlx checks `sql.starts_with("-- no-transaction")`: anything before it (even a comment) turns it off. */
export function sqlxOptsOutOfTransaction(sql: string): boolean {
  return sql.replace(/^\uFEFF/, '').startsWith('-- no-transaction');
}

/** diesel's `metadata.toml` next to `up.sql`: `run_in_transaction = false`. */
export function dieselOptsOutOfTransaction(metadataToml: string | undefined): boolean {
  if (!metadataToml) return false;
  return metadataToml.split(/\r?\n/).some((l) => /^\s*run_in_transaction\s*=\s*false\s*(#.*)?$/.test(l));
}

export const dieselMetadataPath = (m: MigrationPath): string => `${m.path.slice(0, m.path.lastIndexOf('/'))}/metadata.toml`;

/**
 * Whether the tool hands a migration it runs outside a transaction to Postgres as one query string
 * (the simple-query protocol): sqlx's `execute(&*migration.sql)`, diesel's `batch_execute`. Postgres
 * runs the statements of one such string in an implicit transaction block, so opting out frees only a
 * file of a single statement (PostgreSQL docs, protocol-flow "Multiple Statements in a Simple Query";
 * sqlx issue 3693). sea-orm-migration runs each `execute_unprepared` call on its own.
 */
export const sendsFileAsOneQuery = (m: MigrationPath): boolean => m.tool === 'sqlx' || m.tool === 'diesel';

/** How to tell the author to opt out of the wrapping transaction, per tool. */
export function noTransactionAdvice(m: MigrationPath): string {
  if (m.tool === 'diesel') return 'put it in its own migration whose `metadata.toml` sets `run_in_transaction = false`';
  if (m.tool === 'sea-orm-migration') return 'put it in its own migration whose `use_transaction` returns `Some(false)` (sea-orm-migration 2.0)';
  return 'put it in its own migration file whose first line is `-- no-transaction`';
}
