/**
 * The config text for a review: `.github/rust-review.yml` on the pull request's **base** branch (a PR
 * cannot switch off its own gate), else the same path in the owner's `.github` repository (the
 * fallback Probot's `context.config` uses). Both are read in one GraphQL query, as raw text so that a
 * broken file is reported with its line.
 */
import { CONFIG_PATH } from '../config/load.js';
import type { GitHub, PullInfo } from './octokit.js';

export interface ConfigText {
  text: string | undefined;
  /** Where it came from, for messages. */
  file: string;
}

export const CONFIG_QUERY = `query RustReviewConfig($owner: String!, $name: String!, $own: String!, $org: String!) {
  own: repository(owner: $owner, name: $name) { object(expression: $own) { ... on Blob { text } } }
  org: repository(owner: $owner, name: ".github") { object(expression: $org) { ... on Blob { text } } }
}`;

type Data = { own: { object: { text?: string | null } | null } | null; org: { object: { text?: string | null } | null } | null };

export async function loadConfigText(octokit: GitHub, pr: PullInfo): Promise<ConfigText> {
  let data: Data;
  try {
    data = await octokit.graphql<Data>(CONFIG_QUERY, { owner: pr.owner, name: pr.repo, own: `${pr.baseRef}:${CONFIG_PATH}`, org: `HEAD:${CONFIG_PATH}` });
  } catch (err) {
    // No `<owner>/.github` repository: GitHub answers the rest with a NOT_FOUND error for `org`.
    const e = err as { data?: Data; errors?: { type?: string; path?: string[] }[] };
    if (!e.data || !e.errors?.every((x) => x.type === 'NOT_FOUND' && x.path?.[0] === 'org')) throw err;
    data = e.data;
  }
  const own = data.own?.object?.text;
  if (typeof own === 'string') return { text: own, file: `${CONFIG_PATH} (${pr.baseRef})` };
  const org = data.org?.object?.text;
  if (typeof org === 'string' && pr.repo !== '.github') return { text: org, file: `${pr.owner}/.github:${CONFIG_PATH}` };
  return { text: undefined, file: CONFIG_PATH };
}
