/**
 * One comment per root cause per pull request. A rule that knows two findings share a cause (the same
 * test fn sets seven variables, one timeout-less client serves five requests, one header sweep edits
 * twenty applied migrations) gives them the same `Finding.rootCause`; a reviewer would write one
 * comment listing the places, so the report keeps one finding and lists the others in it. Pure.
 *
 * Only what is posted or printed as a comment is folded (the review's comments, `--format json`'s
 * `findings`, the text output). The review result keeps every finding: the conclusion, the counts,
 * fingerprints (an earlier comment on a folded place is not "fixed"), baselines and `--fix` see them all.
 */
import { compareFindings, SEVERITY_RANK, type Finding } from '../review/finding.js';

/** Another place of the same cause, listed in the kept finding's comment. */
export interface SameCausePlace {
  path: string;
  line: number;
}

export type WithSameCause<F extends Finding> = F & { sameCause?: SameCausePlace[] };

/** A kept finding and the other places of its cause (empty when it has none). */
export interface FoldedFinding<F extends Finding> {
  finding: F;
  sameCause: SameCausePlace[];
}

/**
 * Findings with their repeats folded: per rule and root cause, the most severe one (then one on an
 * added line, then the first by position) is kept with the other places; the rest are dropped from
 * the list. Findings without a root cause are kept as they are. Order is kept; the findings are the
 * caller's objects (fingerprints are looked up by them).
 */
export function foldSameCause<F extends Finding & { mark?: string }>(findings: readonly F[]): FoldedFinding<F>[] {
  const groups = new Map<string, F[]>();
  for (const f of findings) {
    if (f.rootCause === undefined) continue;
    const key = `${f.ruleId}\0${f.rootCause}`;
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  const kept = new Map<F, SameCausePlace[]>();
  const folded = new Set<F>();
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const [first, ...others] = [...g].sort(byPreference);
    kept.set(first!, others.sort(compareFindings).map((o) => ({ path: o.path, line: o.line })));
    for (const o of others) folded.add(o);
  }
  return findings.filter((f) => !folded.has(f)).map((finding) => ({ finding, sameCause: kept.get(finding) ?? [] }));
}

/** The folded findings as findings, each carrying its other places (for renderers and JSON). */
export function withSameCause<F extends Finding & { mark?: string }>(findings: readonly F[]): WithSameCause<F>[] {
  return foldSameCause(findings).map(({ finding, sameCause }) => (sameCause.length ? { ...finding, sameCause } : finding));
}

function byPreference<F extends Finding & { mark?: string }>(a: F, b: F): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || Number(b.mark === 'added') - Number(a.mark === 'added') || compareFindings(a, b);
}
