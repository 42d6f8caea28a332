/**
 * One squawk run per change set, shared by every `database/migration-*` rule: the changed migration
 * files' head contents are written to a temporary folder and linted in (at most) two batches, files the
 * tool wraps in a transaction and files that opt out. Results are cached on the change set's `files`
 * array, which the engine hands unchanged to every change rule.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChangeContext, ChangedFileView } from '../rules/define-rule.js';
import { dieselMetadataPath, dieselOptsOutOfTransaction, migrationPath, sqlxOptsOutOfTransaction, type MigrationPath } from './paths.js';
import { embeddedUpSql, rustMigrationPath, seaOrmOptsOutOfTransaction } from './rust-migrations.js';
import { runSquawk, squawkAvailability, type SquawkViolation } from './squawk.js';

export interface MigrationFileLint {
  migration: MigrationPath;
  status: ChangedFileView['status'];
  /** The SQL the migration runs (for a Rust migration: its literals' SQL, on their own lines). */
  content: string;
  /** The file's own lines (for a Rust migration, the Rust source: suggestions edit those). */
  lines: string[];
  /** Whether sqlx / diesel will run this file inside a transaction. */
  inTransaction: boolean;
  addedLines: ReadonlySet<number>;
  /** squawk's violations for this file (empty when squawk is unavailable). */
  violations: SquawkViolation[];
}

export type SquawkState = { ran: true; version: string } | { ran: false; reason: string } | { ran: false; reason: null };

export interface MigrationLint {
  /** Added, modified or renamed migration files with their head content. */
  files: MigrationFileLint[];
  /** `reason: null` when no migration changed, so squawk had nothing to do. */
  squawk: SquawkState;
}

type LintInput = Pick<ChangeContext, 'files' | 'readHead' | 'parse'>;

const pending = new WeakMap<readonly ChangedFileView[], Promise<MigrationLint>>();
const settled = new WeakMap<readonly ChangedFileView[], MigrationLint>();

/** The changed migrations of this change set with squawk's verdicts, computed once per change set. */
export function lintChangedMigrations(ctx: LintInput): Promise<MigrationLint> {
  let p = pending.get(ctx.files);
  if (!p) {
    p = lint(ctx).then((result) => {
      settled.set(ctx.files, result);
      return result;
    });
    pending.set(ctx.files, p);
  }
  return p;
}

/**
 * For the review summary: `squawk unavailable: <why>` when this change set has migration files that
 * squawk could not lint (the `database/migration-*` rules that do not need squawk still ran), else
 * undefined. Pass the same `files` array that was given to `runChangeRules`.
 */
export function squawkNoteFor(files: readonly ChangedFileView[]): string | undefined {
  const state = settled.get(files)?.squawk;
  return state && !state.ran && state.reason ? `squawk unavailable: ${state.reason}` : undefined;
}

async function lint(ctx: LintInput): Promise<MigrationLint> {
  const files: MigrationFileLint[] = [];
  for (const f of ctx.files) {
    if (f.status === 'removed') continue;
    const sql = migrationPath(f.path);
    if (!sql && !f.path.endsWith('.rs')) continue;
    const text = await ctx.readHead(f.path);
    if (text === undefined) continue;
    const lines = text.split(/\r?\n/);
    if (sql) {
      const optsOut = sql.tool === 'diesel' ? dieselOptsOutOfTransaction(await ctx.readHead(dieselMetadataPath(sql))) : sqlxOptsOutOfTransaction(text);
      files.push({ migration: sql, status: f.status, content: text, lines, inTransaction: !optsOut, addedLines: f.addedLines, violations: [] });
      continue;
    }
    const rust = rustMigrationPath(f.path, text);
    if (!rust) continue;
    const content = embeddedUpSql(ctx.parse(text), lines.length);
    if (content.trim()) files.push({ migration: rust, status: f.status, content, lines, inTransaction: !seaOrmOptsOutOfTransaction(text), addedLines: f.addedLines, violations: [] });
  }
  if (!files.length) return { files, squawk: { ran: false, reason: null } };

  const squawk = squawkAvailability();
  if (!squawk.available) return { files, squawk: { ran: false, reason: squawk.reason } };

  const dir = await mkdtemp(join(tmpdir(), 'rust-review-squawk-'));
  try {
    // Neutral names: squawk reports them back, and no repo path reaches the command line.
    const names = files.map((_, i) => `m${i}.sql`);
    await Promise.all(files.map((f, i) => writeFile(join(dir, names[i]!), f.content)));
    for (const inTransaction of [true, false]) {
      const batch = files.flatMap((f, i) => (f.inTransaction === inTransaction ? [i] : []));
      if (!batch.length) continue;
      const result = await runSquawk(squawk.binary, { cwd: dir, files: batch.map((i) => names[i]!), assumeInTransaction: inTransaction });
      if (!result.ok) {
        for (const f of files) f.violations = [];
        return { files, squawk: { ran: false, reason: result.reason } };
      }
      for (const v of result.violations) {
        const i = names.indexOf(v.file.replace(/^\.\//, ''));
        if (i >= 0) files[i]!.violations.push(v);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { files, squawk: { ran: true, version: squawk.version } };
}
