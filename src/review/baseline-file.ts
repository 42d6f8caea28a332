/**
 * `.rust-review-baseline.json`: the findings a team has accepted when adopting rust-review on an
 * existing tree. Entries are fingerprints (rule, path and normalised code; see fingerprint.ts), not
 * line numbers, so edits elsewhere in a file do not invalidate them. A review hides the findings the
 * baseline holds, counts them, and lists the entries nothing matched any more so the file can shrink.
 */
import { compareFindings, type Finding } from './finding.js';
import { fingerprints } from './fingerprint.js';
import type { MarkedFinding } from './result.js';

export const BASELINE_FILE = '.rust-review-baseline.json';

export interface BaselineEntry {
  fingerprint: string;
  /** For the reader of the file (and to tell which entries a review could judge). */
  rule: string;
  path: string;
  message: string;
}

export interface Baseline {
  version: 1;
  entries: BaselineEntry[];
}

export interface BaselineOutcome {
  file: string;
  /** Findings the baseline hid. */
  hidden: number;
  /** Entries that match nothing any more, in files this review looked at (or that are gone). */
  stale: BaselineEntry[];
}

export class BaselineError extends Error {}

/** Fingerprints of every finding, assigned in one fixed order so a later review computes the same ones. */
function fingerprinted<T extends Finding>(findings: readonly T[]): { finding: T; fingerprint: string }[] {
  const sorted = [...findings].sort(compareFindings);
  const fps = fingerprints(sorted);
  return sorted.map((finding, i) => ({ finding, fingerprint: fps[i]! }));
}

export function buildBaseline(findings: readonly Finding[]): Baseline {
  return {
    version: 1,
    entries: fingerprinted(findings).map(({ finding: f, fingerprint }) => ({ fingerprint, rule: f.ruleId, path: f.path, message: f.message })),
  };
}

export function renderBaseline(b: Baseline): string {
  return `${JSON.stringify(b, null, 2)}\n`;
}

export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new BaselineError(`${file}: not valid JSON (${(e as Error).message}); rewrite it with \`rust-review baseline\``);
  }
  const d = data as Partial<Baseline> | null;
  if (!d || typeof d !== 'object' || d.version !== 1 || !Array.isArray(d.entries)) {
    throw new BaselineError(`${file}: not a rust-review baseline (expected { "version": 1, "entries": [...] }); rewrite it with \`rust-review baseline\``);
  }
  d.entries.forEach((e, i) => {
    if (!e || typeof e.fingerprint !== 'string' || typeof e.path !== 'string' || typeof e.rule !== 'string') {
      throw new BaselineError(`${file}: entries[${i}] needs a string \`fingerprint\`, \`rule\` and \`path\``);
    }
  });
  return d as Baseline;
}

/**
 * Splits a review's findings into those the baseline holds and the rest. `judged` says whether the
 * review looked at a path (a diff review only sees the changed files): only there can an unmatched
 * entry be called stale.
 */
export function applyBaseline(
  findings: { inline: MarkedFinding[]; outsideFilter: MarkedFinding[] },
  baseline: Baseline,
  file: string,
  judged: (path: string) => boolean,
): { inline: MarkedFinding[]; outsideFilter: MarkedFinding[]; outcome: BaselineOutcome } {
  const known = new Set(baseline.entries.map((e) => e.fingerprint));
  const matched = new Set<string>();
  const hiddenSet = new Set<MarkedFinding>();
  for (const { finding, fingerprint } of fingerprinted([...findings.inline, ...findings.outsideFilter])) {
    if (!known.has(fingerprint)) continue;
    matched.add(fingerprint);
    hiddenSet.add(finding);
  }
  const inline = findings.inline.filter((f) => !hiddenSet.has(f));
  const outsideFilter = findings.outsideFilter.filter((f) => !hiddenSet.has(f));
  const stale = baseline.entries.filter((e) => !matched.has(e.fingerprint) && judged(e.path));
  return { inline, outsideFilter, outcome: { file, hidden: findings.inline.length - inline.length, stale } };
}
