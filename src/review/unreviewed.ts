/**
 * Not reviewed is never green. A pull request can make the App skip its own code: a `@generated`
 * header or a `vendor/` / `target/` path it chooses, a file padded past the size limit, a parse or
 * analysis that runs out of time, more files than GitHub lists. Each such skip *blocks*: the check
 * fails with the reason and the files. What the base branch decided stays a skip: paths its config
 * excludes, and a file that was already generated (or already at that path) on the base.
 */
import type { FileDiff } from '../diff/model.js';
import { CONFIG_EXCLUDED, GENERATED_HEADER, GENERATED_PATH, generatedReason, type SkippedFile } from './skip.js';

export async function classifySkips(skipped: SkippedFile[], files: readonly FileDiff[], readBase: (path: string) => Promise<string | undefined>): Promise<SkippedFile[]> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const out: SkippedFile[] = [];
  for (const s of skipped) out.push({ ...s, blocking: s.blocking ?? (await blocks(s, byPath.get(s.path), readBase)) });
  return out;
}

async function blocks(s: SkippedFile, file: FileDiff | undefined, readBase: (path: string) => Promise<string | undefined>): Promise<boolean> {
  if (s.reason === CONFIG_EXCLUDED) return false;
  if (file?.status === 'removed') return false;
  // Already there on the base, unmoved: the base decided this path is vendored or generated.
  if (s.reason === GENERATED_PATH) return !(file && file.status === 'modified');
  if (s.reason === GENERATED_HEADER) {
    if (!file || file.status === 'added') return true;
    const base = await readBase(file.previousPath ?? file.path).catch(() => undefined);
    return !(base !== undefined && generatedReason(base) === GENERATED_HEADER);
  }
  return true;
}

/** The one-line reason of a failing check, naming the first files. */
export function blockingReason(blocking: readonly SkippedFile[]): string {
  const names = blocking.slice(0, 3).map((s) => `${span(s.path)} (${s.reason})`).join(', ');
  return `${blocking.length} changed file${blocking.length > 1 ? 's were' : ' was'} not reviewed: ${names}${blocking.length > 3 ? ', …' : ''}. Exclude them in the base branch's config (\`paths.exclude\`) if that is intended.`;
}

/** A code span around a path, widened when the path holds backticks. */
function span(text: string): string {
  const runs = text.match(/`+/g);
  if (!runs) return `\`${text}\``;
  const fence = '`'.repeat(Math.max(...runs.map((r) => r.length)) + 1);
  return `${fence} ${text} ${fence}`;
}
