/**
 * The two sides of a change as the model's column index reads them: the head tree's Rust files
 * (does the crate still name a column?) and the base side of the Rust files this change modifies
 * or removes (did this same change stop naming it?). Plumbing only: the fact is
 * `model/column-references.ts`.
 */
import type { ChangeContext, ChangedFileView } from '../../define-rule.js';
import { findColumnReference, type ColumnReference } from '../../../model/column-references.js';
import type { DroppedColumn } from '../../../migrations/sql-names.js';

type Sides = Pick<ChangeContext, 'files' | 'project' | 'readHead' | 'readBase' | 'parse'>;

/** The first place the head tree still uses `table.column`, or null (one index per change set). */
export function headColumnReference(ctx: Omit<Sides, 'readBase'>, dropped: DroppedColumn): Promise<ColumnReference | null> {
  return findColumnReference(ctx.files, () => ({ paths: ctx.project.paths, read: (path) => ctx.readHead(path), parse: ctx.parse }), dropped);
}

const baseKeys = new WeakMap<readonly ChangedFileView[], object>();

/**
 * The first place the base side of a Rust file this change modifies or removes used `table.column`,
 * or null: when the head no longer uses it, this same change stopped reading the column it drops.
 */
export function removedColumnReference(ctx: Pick<Sides, 'files' | 'readBase' | 'parse'>, dropped: DroppedColumn): Promise<ColumnReference | null> {
  let key = baseKeys.get(ctx.files);
  if (!key) baseKeys.set(ctx.files, (key = {}));
  const paths = () => ctx.files.filter((f) => f.status !== 'added' && (f.previousPath ?? f.path).endsWith('.rs')).map((f) => f.previousPath ?? f.path);
  return findColumnReference(key, () => ({ paths: paths(), read: (path) => ctx.readBase(path), parse: ctx.parse }), dropped);
}
