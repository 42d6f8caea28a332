/**
 * Which role passes a file needs, and how the files to review are grouped into batches within the PR's
 * token budget. One batch is one shared prompt prefix (system + the batch's diff) read by each of its role
 * passes; files beyond the budget are returned so the summary can list them.
 */
import type { Role } from '../review/finding.js';
import type { FileView } from './diff-view.js';

/** Conservative local estimate (code tokenises at roughly 3-4 characters per token on current models). */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 3);

/** Largest diff (tokens) one batch carries; bigger files get a batch of their own. */
export const BATCH_TOKENS = 12_000;
/** Per call: the role block, the rule findings list and the wrapper text. */
const PER_CALL_OVERHEAD = 1_200;

const ASYNC_HINT = /\basync\b|\.await\b|\btokio\b|\bspawn|\bMutex\b|\bRwLock\b|\bthread::|\bchannel\b|\bblock_on\b|\bselect!|\bFuture\b/;
const DB_HINT = /\bsqlx\b|\bdiesel\b|postgres|\bsea_orm\b|\bquery(_as|_scalar)?!?\s*\(|\btransaction\b|\.begin\(\)|\bPgPool\b|\bPool\b|\.execute\(|\.fetch_(all|one|optional)\b|\bSELECT\b|\bINSERT\b|\bUPDATE\b/i;

/** The specialists a file is shown to: SQL to the architect and the database specialist, manifests to the architect. */
export function rolesFor(view: FileView): Role[] {
  if (/\.sql$/i.test(view.path)) return ['architecture', 'database'];
  if (!/\.rs$/.test(view.path)) return ['architecture'];
  const roles: Role[] = ['architecture', 'ownership'];
  if (ASYNC_HINT.test(view.text)) roles.push('async');
  if (DB_HINT.test(view.text)) roles.push('database');
  roles.push('tests');
  return roles;
}

/** Review order under a tight budget: production Rust first, then SQL, tests, manifests. */
export function priority(path: string): number {
  if (/\.rs$/.test(path)) return /(^|\/)(tests|benches|examples)\/|_test\.rs$|(^|\/)test_/.test(path) ? 2 : 0;
  if (/\.sql$/i.test(path)) return 1;
  return 3;
}

export interface Batch {
  views: FileView[];
  roles: Role[];
  /** Estimated input tokens of all its calls. */
  estimate: number;
}

export interface PlanOptions {
  budget: number;
  systemTokens: number;
  batchTokens?: number;
}

export function planBatches(views: readonly FileView[], o: PlanOptions): { batches: Batch[]; overBudget: string[] } {
  const sorted = [...views].sort((a, b) => priority(a.path) - priority(b.path) || a.path.localeCompare(b.path));
  const maxBatch = o.batchTokens ?? BATCH_TOKENS;
  const batches: Batch[] = [];
  const overBudget: string[] = [];
  let spent = 0;
  let current: FileView[] = [];
  const close = () => {
    if (!current.length) return;
    const b = makeBatch(current, o.systemTokens);
    batches.push(b);
    spent += b.estimate;
    current = [];
  };
  for (const v of sorted) {
    if (current.length && tokensOf(current) + estimateTokens(v.text) > maxBatch) close();
    const candidate = makeBatch([...current, v], o.systemTokens);
    if (spent + candidate.estimate <= o.budget) current.push(v);
    else overBudget.push(v.path);
  }
  close();
  return { batches, overBudget };
}

function tokensOf(views: readonly FileView[]): number {
  return views.reduce((n, v) => n + estimateTokens(v.text), 0);
}

const ROLE_ORDER: Role[] = ['architecture', 'ownership', 'async', 'database', 'tests'];

function makeBatch(views: FileView[], systemTokens: number): Batch {
  const wanted = new Set(views.flatMap(rolesFor));
  const roles = ROLE_ORDER.filter((r) => wanted.has(r));
  const perCall = systemTokens + tokensOf(views) + PER_CALL_OVERHEAD;
  return { views, roles, estimate: perCall * roles.length };
}
