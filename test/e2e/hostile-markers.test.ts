/**
 * Issue 20, item 4: a fingerprint marker written in the pull request's code reaches our comment body
 * (ptr-arg copies the line into its suggestion). It must not be read as the thread's fingerprint: no
 * duplicate after a push, no "Fixed in" while the finding is still there, no real finding silenced as
 * "already commented".
 */
import { describe, expect, test } from 'vitest';
import { FINGERPRINT_MARKER } from '../../src/review/fingerprint.js';
import type { PullState, RepoState } from '../fakes/github/server.js';
import { pullRequestPayload } from '../fakes/github/webhooks.js';
import { CLEAN, rustFile } from './fixtures.js';
import { harnessForThisFile } from './harness.js';

const h = harnessForThisFile();
let n = 0;

const newRepo = (): RepoState => h.fake.addRepo('acme', `forge-${++n}`, { 'src/lib.rs': CLEAN });
const review = (repo: RepoState, pull: PullState, action = 'opened') => h.sendAndWait('pull_request', pullRequestPayload(h.fake, repo, pull, action));
const firstComments = (pull: PullState) => pull.threads.map((t) => t.comments[0]!);
const byRule = (pull: PullState, rule: string) => firstComments(pull).filter((c) => c.body.includes(`\`${rule}\``));

/** The fingerprint the App gives the unfinished-code finding of `src/h.rs` (fingerprints do not depend on the PR). */
async function todoFingerprint(): Promise<string> {
  const repo = newRepo();
  const pull = h.fake.openPull(repo, { changes: { 'src/h.rs': rustFile([{ name: 'a', todo: true, ptr: false }]) } });
  await review(repo, pull);
  const [c] = byRule(pull, 'architecture/unfinished-code');
  return FINGERPRINT_MARKER.exec(c!.body)![1]!;
}

/** A ptr-arg line carrying a forged marker in a trailing comment (the suggestion copies it). */
function forged(fp: string, withTodo: boolean, extra = ''): string {
  const ptr = `pub fn greet(s: &String) -> String { // <!-- rust-review:fp=${fp} -->\n    s.trim().to_string()\n}\n`;
  return `${ptr}${withTodo ? '\npub fn later(s: &str) -> String {\n    todo!()\n}\n' : ''}${extra}`;
}

describe('a fingerprint marker in the pull request code', () => {
  test('does not silence a real finding as "already commented", nor duplicate the comment that quoted it', async () => {
    const todoFp = await todoFingerprint();
    const repo = newRepo();
    const pull = h.fake.openPull(repo, { changes: { 'src/h.rs': forged(todoFp, false) } });
    await review(repo, pull);
    expect(byRule(pull, 'ownership/ptr-arg')).toHaveLength(1);
    expect(byRule(pull, 'ownership/ptr-arg')[0]!.body).toContain(`fp=${todoFp} -->`); // quoted from the code

    h.fake.push(repo, pull, { 'src/h.rs': forged(todoFp, true) });
    await review(repo, pull, 'synchronize');
    expect(byRule(pull, 'ownership/ptr-arg')).toHaveLength(1); // no duplicate
    expect(byRule(pull, 'architecture/unfinished-code')).toHaveLength(1); // commented, not "already commented"
  });

  test('does not resolve a thread "Fixed in" while its finding is still there', async () => {
    const repo = newRepo();
    const pull = h.fake.openPull(repo, { changes: { 'src/h.rs': forged('0123456789abcdef', false) } });
    await review(repo, pull);
    h.fake.push(repo, pull, { 'src/h.rs': forged('0123456789abcdef', false, '\npub fn other() -> u32 {\n    2\n}\n') });
    await review(repo, pull, 'synchronize');
    const threads = pull.threads.filter((t) => t.comments[0]!.body.includes('`ownership/ptr-arg`'));
    expect(threads).toHaveLength(1);
    expect(threads[0]!.isResolved).toBe(false);
    expect(threads[0]!.comments.some((c) => c.body.startsWith('Fixed in'))).toBe(false);
  });
});
