/** One `git cat-file --batch` process answers every blob read of a review, in order. */
import { afterEach, describe, expect, it } from 'vitest';
import { BlobReader, GitError } from '../../src/local/git.js';
import { Repo } from '../cli/repo.js';

describe('BlobReader', () => {
  let repo: Repo | undefined;
  afterEach(() => repo?.remove());

  it('answers reads one at a time and in batches, binary and empty blobs included, missing ones as undefined', async () => {
    const binary = Buffer.from([0, 10, 255, 10, 10, 1]).toString('latin1');
    repo = new Repo().commit({ 'src/a.rs': 'fn a() {}\n', 'src/empty.rs': '', 'big.txt': 'x\n'.repeat(100_000), 'bin.dat': binary });
    const reader = new BlobReader(repo.dir).start();
    try {
      expect((await reader.read('HEAD:src/a.rs'))?.toString()).toBe('fn a() {}\n');
      const all = await reader.readAll(['HEAD:big.txt', 'HEAD:src/nope.rs', 'HEAD:src/empty.rs', 'HEAD:bin.dat', 'HEAD:src/a.rs']);
      expect(all.get('HEAD:big.txt')?.length).toBe(200_000);
      expect(all.get('HEAD:src/nope.rs')).toBeUndefined();
      expect(all.get('HEAD:src/empty.rs')?.length).toBe(0);
      expect(all.get('HEAD:bin.dat')).toEqual(Buffer.from(binary));
      expect(all.get('HEAD:src/a.rs')?.toString()).toBe('fn a() {}\n');
      // A tree is not a blob.
      expect(await reader.read('HEAD:src')).toBeUndefined();
    } finally {
      reader.close();
    }
  });

  it('fails reads with a clear error once git is gone', async () => {
    repo = new Repo().commit({ 'a.rs': 'fn a() {}\n' });
    const reader = new BlobReader(repo.dir).start();
    reader.close();
    await expect(reader.read('HEAD:a.rs')).rejects.toBeInstanceOf(GitError);
  });
});
