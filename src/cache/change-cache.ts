/**
 * The change-scoped passes (change rules, the coverage table) read any file of the head or base tree,
 * so their output is cached with the list of what they read: a hit is used only when every file they
 * read still has the same text. The key names the change itself (paths, statuses, added lines) and
 * everything else the output depends on (rule code, grammar, settings, the head tree's paths).
 */
import { digest, type AnalysisCache } from './analysis-cache.js';
import { rangesOf } from '../diff/line-set.js';
import { squawkAvailability } from '../migrations/index.js';
import type { ChangeInput } from '../rules/engine.js';

type Dependency = [side: 'head' | 'base', path: string, textDigest: string | null];

interface Entry<T> {
  deps: Dependency[];
  value: T;
}

const textDigest = (text: string | undefined): string | null => (text === undefined ? null : digest(text));

/** The key of a change's passes; with SQL files, the migration linter's identity (an external binary) too. */
export function changeKeyOf(analysisKey: string, change: ChangeInput): string {
  const files = change.files.map((f) => [f.path, f.previousPath ?? '', f.status, rangesOf(f.addedLines).map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',')]);
  const squawk = change.files.some((f) => f.path.endsWith('.sql')) ? JSON.stringify(squawkAvailability()) : '';
  // A whole-tree review lists the same files as a change adding them all, and reports differently.
  return digest('change', analysisKey, JSON.stringify(files), squawk, change.wholeTree ? 'whole tree' : '');
}

/**
 * Runs `run` over `change`, or returns what an earlier run over the same change produced when every
 * file it read is unchanged. A result `cacheable` refuses (one made while something was unavailable)
 * is not kept.
 */
export async function cachedChangePasses<T>(
  cache: AnalysisCache | undefined,
  analysisKey: string,
  change: ChangeInput,
  run: (change: ChangeInput) => Promise<T>,
  cacheable: (value: T) => boolean = () => true,
): Promise<T> {
  if (!cache) return run(change);
  const key = changeKeyOf(analysisKey, change);
  const entry = await cache.getJson<Entry<T>>(key);
  if (entry && Array.isArray(entry.deps) && (await unchanged(entry.deps, change))) return entry.value;
  const deps = new Map<string, Dependency>();
  const record = (side: 'head' | 'base', read: (p: string) => Promise<string | undefined>) => async (p: string) => {
    const text = await read(p);
    deps.set(`${side}\0${p}`, [side, p, textDigest(text)]);
    return text;
  };
  const value = await run({ ...change, readHead: record('head', change.readHead), readBase: record('base', change.readBase) });
  if (cacheable(value)) cache.setJson(key, { deps: [...deps.values()], value } satisfies Entry<T>);
  return value;
}

async function unchanged(deps: Dependency[], change: ChangeInput): Promise<boolean> {
  for (const [side, p, d] of deps) {
    const text = await (side === 'head' ? change.readHead(p) : change.readBase(p));
    if (textDigest(text) !== d) return false;
  }
  return true;
}
