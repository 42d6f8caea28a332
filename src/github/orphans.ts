/**
 * After a restart without a shared queue, reviews that were running when the process died left their
 * check runs `in_progress` for ever (a required check would block the PR). On start-up the App looks
 * for them through the Checks API, in a bounded way (GitHub has no "list my in-progress check runs"
 * call): the first installations, their most recently pushed repositories, their most recently
 * updated open pull requests, and the `rust-review` check runs in progress on each head.
 *
 * An orphan on the PR's current head is resumed (re-queued with its check run id), or in `mark`
 * mode completed `cancelled` with a "Re-run review" button (not `neutral`: a required check passes on
 * `neutral`, and nobody reviewed that commit). One on an older head (the PR was pushed to while the
 * App was down; found among the PR's last `olderHeads` commits) is completed the same way, and the
 * current head, whose webhook was lost with the process, is reviewed.
 */
import { ORPHAN_TEXT } from '../report/check-text.js';
import { CheckRun } from './check-run.js';
import { CHECK_NAME } from './limits.js';
import { pullInfo, type GitHub, type PullInfo } from './octokit.js';

export interface OrphanScanLimits {
  installations?: number;
  reposPerInstallation?: number;
  pullsPerRepo?: number;
  /** Commits before the head of each open PR whose check runs are looked at (default 5). */
  olderHeads?: number;
  /** GitHub requests the whole scan may make (default 300). */
  maxRequests?: number;
  /** Only check runs started before this time are orphans (default: now; the process has just started). */
  startedBefore?: Date;
}

export interface Orphan {
  installationId: number;
  pr: PullInfo;
  checkRunId: number;
  /** The check run is on the PR's current head (resume it) or an older one (mark it). */
  current: boolean;
}

export interface OrphanScan {
  orphans: Orphan[];
  requests: number;
  /** The scan stopped at a limit before looking everywhere. */
  truncated: boolean;
}

export async function findOrphans(appOctokit: GitHub, octokitFor: (installationId: number) => Promise<GitHub>, limits: OrphanScanLimits = {}): Promise<OrphanScan> {
  const max = limits.maxRequests ?? 300;
  const before = (limits.startedBefore ?? new Date()).getTime();
  const scan: OrphanScan = { orphans: [], requests: 0, truncated: false };
  const budget = () => {
    if (scan.requests >= max) {
      scan.truncated = true;
      return false;
    }
    scan.requests++;
    return true;
  };
  if (!budget()) return scan;
  const { data: installations } = await appOctokit.rest.apps.listInstallations({ per_page: Math.min(100, limits.installations ?? 20) });
  for (const inst of installations.slice(0, limits.installations ?? 20)) {
    if (inst.suspended_at) continue;
    const octokit = await octokitFor(inst.id);
    if (!budget()) return scan;
    const { data } = await octokit.rest.apps.listReposAccessibleToInstallation({ per_page: 100 });
    const repos = [...data.repositories].sort((a, b) => Date.parse(b.pushed_at ?? '') - Date.parse(a.pushed_at ?? '') || 0).slice(0, limits.reposPerInstallation ?? 30);
    for (const r of repos) {
      if (r.archived) continue;
      const repo = { owner: r.owner.login, repo: r.name };
      if (!budget()) return scan;
      const { data: pulls } = await octokit.rest.pulls.list({ ...repo, state: 'open', sort: 'updated', direction: 'desc', per_page: limits.pullsPerRepo ?? 10 });
      for (const p of pulls) {
        const pr = pullInfo(repo, p as Parameters<typeof pullInfo>[1]);
        const heads = [p.head.sha];
        const older = limits.olderHeads ?? 5;
        if (older > 0) {
          if (!budget()) return scan;
          // Oldest first; one page (the first 100 commits: a PR longer than that is looked at partly).
          const { data: commits } = await octokit.rest.pulls.listCommits({ ...repo, pull_number: p.number, per_page: 100 });
          heads.push(...commits.map((c) => c.sha).filter((sha) => sha !== p.head.sha).slice(-older).reverse());
        }
        for (const sha of heads) {
          if (!budget()) return scan;
          const { data: runs } = await octokit.rest.checks.listForRef({ ...repo, ref: sha, check_name: CHECK_NAME, status: 'in_progress', filter: 'latest', per_page: 10 });
          for (const run of runs.check_runs) {
            if (run.external_id && run.external_id !== String(p.number)) continue;
            if (run.started_at && Date.parse(run.started_at) > before) continue;
            scan.orphans.push({ installationId: inst.id, pr, checkRunId: run.id, current: run.head_sha === p.head.sha });
          }
        }
      }
    }
  }
  return scan;
}

/** Completes an orphan that is not resumed, with a "Re-run review" button. */
export async function markOrphan(octokit: GitHub, orphan: Orphan): Promise<void> {
  await CheckRun.resume(octokit, orphan.pr, orphan.checkRunId).complete({ conclusion: 'cancelled', ...ORPHAN_TEXT, rerun: true });
}

export interface UnsettledHead {
  installationId: number;
  pr: PullInfo;
  /** Our check run in progress on the head, when there is one (resume it). */
  checkRunId?: number;
}

/**
 * A head is settled when its latest check run ended with a review's verdict. `cancelled` is not one:
 * it means another job took over (superseded) or the process died (an orphan marked), and that other
 * job may have been lost with Redis; reviewing the head again costs one review, not a lost one.
 */
function settled(run: { status: string; conclusion?: string | null }): boolean {
  return run.status === 'completed' && run.conclusion !== 'cancelled';
}

/**
 * After the shared queue lost its state (Redis restarted empty, or an outage that outlived the
 * queued jobs), the open pull requests whose current head has no settled `rust-review` check run:
 * the jobs for them may be gone. Bounded like `findOrphans`; one check-run listing per head.
 */
export async function findUnsettledHeads(appOctokit: GitHub, octokitFor: (installationId: number) => Promise<GitHub>, limits: OrphanScanLimits = {}): Promise<{ heads: UnsettledHead[]; requests: number; truncated: boolean }> {
  const max = limits.maxRequests ?? 300;
  const out = { heads: [] as UnsettledHead[], requests: 0, truncated: false };
  const budget = () => {
    if (out.requests >= max) {
      out.truncated = true;
      return false;
    }
    out.requests++;
    return true;
  };
  if (!budget()) return out;
  const { data: installations } = await appOctokit.rest.apps.listInstallations({ per_page: Math.min(100, limits.installations ?? 20) });
  for (const inst of installations.slice(0, limits.installations ?? 20)) {
    if (inst.suspended_at) continue;
    const octokit = await octokitFor(inst.id);
    if (!budget()) return out;
    const { data } = await octokit.rest.apps.listReposAccessibleToInstallation({ per_page: 100 });
    const repos = [...data.repositories].sort((a, b) => Date.parse(b.pushed_at ?? '') - Date.parse(a.pushed_at ?? '') || 0).slice(0, limits.reposPerInstallation ?? 30);
    for (const r of repos) {
      if (r.archived) continue;
      const repo = { owner: r.owner.login, repo: r.name };
      if (!budget()) return out;
      const { data: pulls } = await octokit.rest.pulls.list({ ...repo, state: 'open', sort: 'updated', direction: 'desc', per_page: limits.pullsPerRepo ?? 10 });
      for (const p of pulls) {
        if (p.draft) continue;
        if (!budget()) return out;
        const { data: runs } = await octokit.rest.checks.listForRef({ ...repo, ref: p.head.sha, check_name: CHECK_NAME, filter: 'latest', per_page: 10 });
        const latest = runs.check_runs.filter((run) => !run.external_id || run.external_id === String(p.number)).sort((x, y) => y.id - x.id)[0];
        if (latest && settled(latest)) continue;
        out.heads.push({ installationId: inst.id, pr: pullInfo(repo, p as Parameters<typeof pullInfo>[1]), checkRunId: latest?.status === 'completed' ? undefined : latest?.id });
      }
    }
  }
  return out;
}
