/**
 * Whole-change extras that are not findings: the test-coverage table and notes from passes
 * (e.g. the migration linter being unavailable). Each pass exports its part; this gathers them.
 */
import type { ChangeInput } from '../rules/engine.js';
import type { CoverageRow } from './result.js';

export interface ChangeHookOutput {
  coverage: CoverageRow[];
  notes: string[];
}

export async function changeHooks(_change: ChangeInput): Promise<ChangeHookOutput> {
  return { coverage: [], notes: [] };
}
