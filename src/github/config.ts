/**
 * The config text for a review: `.github/rust-review.yml` on the pull request's **base** branch (a PR
 * cannot switch off its own gate), else the same path in the owner's `.github` repository, as
 * Probot's `context.config` does. Read as raw text so that a broken file is reported with its line.
 */
import { CONFIG_PATH } from '../config/load.js';
import { httpStatus, type GitHub, type PullInfo } from './octokit.js';

export interface ConfigText {
  text: string | undefined;
  /** Where it came from, for messages: `owner/repo@main:.github/rust-review.yml`. */
  file: string;
}

export async function loadConfigText(octokit: GitHub, pr: PullInfo): Promise<ConfigText> {
  const own = await readRaw(octokit, pr.owner, pr.repo, CONFIG_PATH, pr.baseRef);
  if (own !== undefined) return { text: own, file: `${CONFIG_PATH} (${pr.baseRef})` };
  if (pr.repo !== '.github') {
    const org = await readRaw(octokit, pr.owner, '.github', CONFIG_PATH);
    if (org !== undefined) return { text: org, file: `${pr.owner}/.github:${CONFIG_PATH}` };
  }
  return { text: undefined, file: CONFIG_PATH };
}

async function readRaw(octokit: GitHub, owner: string, repo: string, path: string, ref?: string): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.repos.getContent({ owner, repo, path, ...(ref ? { ref } : {}), mediaType: { format: 'raw' } });
    return typeof data === 'string' ? data : undefined;
  } catch (err) {
    if (httpStatus(err) === 404) return undefined;
    throw err;
  }
}
