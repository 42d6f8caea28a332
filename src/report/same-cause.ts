/**
 * One comment per root cause per pull request. A rule that knows two findings share a cause (the same
 * test fn sets seven variables, one timeout-less client serves five requests, one header sweep edits
 * twenty applied migrations) gives them the same `Finding.rootCause`; a reviewer would write one
 * comment listing the places, so the report keeps one finding and lists the others in it. Pure.
 *
 * Only what is posted or printed as a comment is folded (the review's comments, the text output);
 * `--format json` keeps every finding (a finding is a place) and marks the folded ones `sameCauseAs`. The review result keeps every finding: the conclusion, the counts,
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

/** A folded place's pointer to the finding whose comment lists it. */
export type MarkedSameCause<F extends Finding> = WithSameCause<F> & { sameCauseAs?: SameCausePlace };

/**
 * Every finding, in order: the kept one of a cause carries its other places (`sameCause`), each
 * folded one points at the kept one (`sameCauseAs`). For machine formats, where a consumer counts
 * places but may fold them as the review does.
 */
export function markSameCause<F extends Finding & { mark?: string }>(findings: readonly F[]): MarkedSameCause<F>[] {
  const keptOf = new Map<F, SameCausePlace>();
  const folded = foldSameCause(findings);
  for (const { finding, sameCause } of folded) {
    if (!sameCause.length) continue;
    for (const other of findings) {
      if (other !== finding && other.ruleId === finding.ruleId && other.rootCause !== undefined && other.rootCause === finding.rootCause) keptOf.set(other, { path: finding.path, line: finding.line });
    }
  }
  const sameCauseOf = new Map(folded.map(({ finding, sameCause }) => [finding, sameCause]));
  return findings.map((f) => {
    const places = sameCauseOf.get(f);
    if (places?.length) return { ...f, sameCause: places };
    const as = keptOf.get(f);
    return as ? { ...f, sameCauseAs: as } : f;
  });
}

function byPreference<F extends Finding & { mark?: string }>(a: F, b: F): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || Number(b.mark === 'added') - Number(a.mark === 'added') || compareFindings(a, b);
}
