/**
 * The App's ChangeSource: a pull request read from GitHub with as few requests as possible.
 *
 *   listFiles    `pulls.listFiles`, 100 per page (GitHub lists at most 3,000 files)
 *   headPaths    one recursive `git.getTree` of the head commit (with each blob's id and size:
 *                `headBlobs`, by which the crate model finds unchanged files' facts, unfetched)
 *   readHead     head blobs through GraphQL `object(expression: "<sha>:<path>")`, many files per
 *                query; reads made in the same tick are coalesced and no file is fetched twice
 *   readBase     the same, at the base commit
 *
 * Fork pull requests are read from the base repository: the head commit is reachable there.
 */
import { parsePatch } from '../diff/parse.js';
import { synthesizeHunks } from '../diff/synthesize.js';
import type { DiffStatus, FileDiff } from '../diff/model.js';
import type { ChangeSource, HeadBlob } from '../review/change-source.js';
import { BatchLoader } from './batch-loader.js';
import { FILES_PER_PAGE, MAX_BLOBS_PER_QUERY, MAX_PR_FILES } from './limits.js';
import type { GitHub, PullInfo } from './octokit.js';

export interface GitHubChangeSource extends ChangeSource {
  /** The files as listed (after `listFiles` ran). */
  readonly files: FileDiff[] | undefined;
  /** Things the summary should say about fetching (patches GitHub omitted, truncated lists). */
  readonly notes: string[];
}

const REVIEWABLE = /\.rs$|\.sql$|(^|\/)Cargo\.toml$/;

interface BlobNode {
  text: string | null;
  byteSize: number;
  isBinary: boolean | null;
  isTruncated: boolean;
  oid: string;
}

export function createGitHubSource(octokit: GitHub, pr: PullInfo, configText?: string): GitHubChangeSource {
  const notes: string[] = [];
  let files: FileDiff[] | undefined;
  let unlisted: string | undefined;
  let tree: Promise<string[]> | undefined;
  /** Blob id and size of each head file, from the same listing. */
  const treeBlobs = new Map<string, HeadBlob>();
  const blobs = new BatchLoader<Uint8Array | undefined>((keys) => fetchBlobs(octokit, pr, keys), MAX_BLOBS_PER_QUERY, undefined);

  const loadTree = () =>
    (tree ??= octokit.rest.git.getTree({ owner: pr.owner, repo: pr.repo, tree_sha: pr.headSha, recursive: '1' }).then(({ data }) => {
      if (data.truncated) notes.push('The head tree is too large for one listing; project-wide rules saw only part of it.');
      const files = data.tree.filter((e) => e.type === 'blob' && e.path);
      for (const e of files) if (e.sha && typeof e.size === 'number') treeBlobs.set(e.path!, { id: e.sha, bytes: e.size });
      return files.map((e) => e.path!);
    }));

  /** Files without a patch are still reviewed: their added lines come from the base and head blobs. */
  const synthesizeOmitted = async (list: FileDiff[], paths: string[]) => {
    const wanted = new Set(paths);
    const targets = list.filter((f) => wanted.has(f.path) && f.status !== 'removed');
    const heads = await blobs.loadMany(targets.map((f) => `${pr.headSha}:${f.path}`));
    const bases = await blobs.loadMany(targets.map((f) => (f.status === 'added' ? undefined : `${pr.baseSha}:${f.previousPath ?? f.path}`)).filter((k): k is string => !!k));
    const decoder = new TextDecoder();
    let b = 0;
    targets.forEach((f, i) => {
      const head = heads[i];
      const base = f.status === 'added' ? undefined : bases[b++];
      f.hunks = synthesizeHunks(base ? decoder.decode(base) : undefined, head ? decoder.decode(head) : '');
      f.synthetic = true;
    });
  };

  const source: GitHubChangeSource = {
    get files() {
      return files;
    },
    notes,
    async listFiles() {
      if (files) return files;
      const listed = await octokit.paginate(octokit.rest.pulls.listFiles, { owner: pr.owner, repo: pr.repo, pull_number: pr.number, per_page: FILES_PER_PAGE });
      if ((pr.changedFiles ?? listed.length) > MAX_PR_FILES || listed.length >= MAX_PR_FILES) {
        unlisted = `GitHub lists only the first ${MAX_PR_FILES.toLocaleString('en-US')} files of a pull request (this one changes ${pr.changedFiles && pr.changedFiles > listed.length ? pr.changedFiles.toLocaleString('en-US') : 'more'}); the files beyond them were not reviewed`;
      }
      const omitted: string[] = [];
      files = listed.map((f) => {
        if (!f.patch && f.changes > 0 && REVIEWABLE.test(f.filename)) omitted.push(f.filename);
        return {
          path: f.filename,
          previousPath: f.previous_filename,
          status: STATUS[f.status] ?? 'modified',
          binary: false,
          hunks: f.patch ? parsePatch(f.patch) : [],
        } satisfies FileDiff;
      });
      if (omitted.length) {
        await synthesizeOmitted(files, omitted);
        notes.push(`GitHub omitted the diff of ${omitted.length} file${omitted.length > 1 ? 's' : ''} (large, or called binary) (${omitted.slice(0, 5).join(', ')}${omitted.length > 5 ? ', …' : ''}): their changes were computed from the files themselves and reviewed; their findings cannot be commented inline and are listed here.`);
      }
      return files;
    },
    async headPaths() {
      // Nothing the passes read: do not spend a request on the tree.
      if (files && !files.some((f) => REVIEWABLE.test(f.path) && f.status !== 'removed')) return [];
      return loadTree();
    },
    async headBlobs() {
      // The crate model finds the facts of unchanged files by these ids: they are not fetched.
      await source.headPaths();
      return treeBlobs.size ? treeBlobs : undefined;
    },
    async prefetchHead(paths) {
      if (paths.length) void loadTree().catch(() => {}); // in parallel with the blobs; awaited in headPaths
      // The base side of modified files rides along in the same query: change rules (tests, migrations)
      // read it, and a second round trip costs more than the extra bytes.
      const wanted = new Set(paths);
      const bases = (files ?? []).filter((f) => wanted.has(f.path) && f.status !== 'added').map((f) => `${pr.baseSha}:${f.previousPath ?? f.path}`);
      void blobs.loadMany(bases).catch(() => {});
      await blobs.loadMany(paths.map((p) => `${pr.headSha}:${p}`));
    },
    readHead(path) {
      return blobs.load(`${pr.headSha}:${path}`);
    },
    async readBase(path) {
      const bytes = await blobs.load(`${pr.baseSha}:${path}`);
      return bytes ? new TextDecoder().decode(bytes) : undefined;
    },
    async readConfig() {
      return configText;
    },
    unlisted: () => unlisted,
  };
  return source;
}

const STATUS: Record<string, DiffStatus> = { added: 'added', removed: 'removed', modified: 'modified', renamed: 'renamed', copied: 'copied', changed: 'modified', unchanged: 'modified' };

/** The GraphQL query for a batch of `<sha>:<path>` expressions (exported for the fake and tests). */
export function blobQuery(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$e${i}: String!`).join(', ');
  const fields = Array.from({ length: count }, (_, i) => `    f${i}: object(expression: $e${i}) { ... on Blob { text byteSize isBinary isTruncated oid } }`).join('\n');
  return `query RustReviewBlobs($owner: String!, $name: String!, ${vars}) {\n  repository(owner: $owner, name: $name) {\n${fields}\n  }\n}`;
}

async function fetchBlobs(octokit: GitHub, pr: PullInfo, keys: string[]): Promise<Map<string, Uint8Array | undefined>> {
  const variables: Record<string, string> = { owner: pr.owner, name: pr.repo };
  keys.forEach((k, i) => (variables[`e${i}`] = k));
  const data = await octokit.graphql<{ repository: Record<string, BlobNode | null> }>(blobQuery(keys.length), variables);
  const out = new Map<string, Uint8Array | undefined>();
  const encoder = new TextEncoder();
  for (const [i, key] of keys.entries()) {
    const node = data.repository[`f${i}`];
    if (!node || node.oid === undefined) {
      out.set(key, undefined); // absent (or a tree, not a blob)
    } else if (node.text !== null && !node.isTruncated && !node.isBinary) {
      out.set(key, encoder.encode(node.text));
    } else {
      // Binary or too large for GraphQL's text: the raw blob (rare; the pipeline then skips it with a reason).
      const { data: blob } = await octokit.rest.git.getBlob({ owner: pr.owner, repo: pr.repo, file_sha: node.oid });
      out.set(key, new Uint8Array(Buffer.from(blob.content, 'base64')));
    }
  }
  return out;
}
