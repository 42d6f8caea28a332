/**
 * Whole-change extras that are not findings: the "coverage of this change" table (tests pass) and
 * notes from passes (the migration linter being unavailable). Each pass exports its part; this
 * gathers them for the summary.
 */
import { squawkNoteFor } from '../migrations/index.js';
import { changeParser, type ChangeInput } from '../rules/engine.js';
import { changeCoverage } from '../rules/tests/support/coverage.js';
import type { CoverageRow } from './result.js';

export interface ChangeHookOutput {
  coverage: CoverageRow[];
  /** Something could not be computed (the output is not cached). */
  notes: string[];
  /** A whole-tree review's count of untested handlers, for the summary (a result, cached like the table). */
  coverageNote?: string;
}

/** Call after `runChangeRules` with the same `change` object (the migration pass caches on it). */
export async function changeHooks(change: ChangeInput): Promise<ChangeHookOutput> {
  const notes: string[] = [];
  const squawk = squawkNoteFor(change.files);
  if (squawk) notes.push(`${squawk}. The other migration checks still ran.`);
  let coverage: CoverageRow[] = [];
  let coverageNote: string | undefined;
  try {
    const table = await changeCoverage({ ...change, parse: changeParser(change) });
    coverage = table.rows;
    if (table.note) coverageNote = table.note;
  } catch (e) {
    notes.push(`The coverage table could not be computed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return coverageNote ? { coverage, notes, coverageNote } : { coverage, notes };
}
