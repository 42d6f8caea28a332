import { expect, test } from 'vitest';
import { BatchLoader } from '../../src/github/batch-loader.js';

test('loads in the same tick go out as one batch, split at the maximum; no key twice', async () => {
  const batches: string[][] = [];
  const loader = new BatchLoader<string | undefined>(async (keys) => {
    batches.push(keys);
    return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, k.toUpperCase()]));
  }, 3, undefined);
  const all = await Promise.all([loader.load('a'), loader.load('b'), loader.load('a'), loader.load('c'), loader.load('d'), loader.load('missing')]);
  expect(all).toEqual(['A', 'B', 'A', 'C', 'D', undefined]);
  expect(batches).toEqual([['a', 'b', 'c'], ['d', 'missing']]);
  // Awaited callbacks of one Promise.all still coalesce.
  await Promise.all(['e', 'f'].map(async (k) => { await Promise.resolve(); return loader.load(k); }));
  expect(batches[2]).toEqual(['e', 'f']);
  await loader.load('a');
  expect(batches).toHaveLength(3);
});

test('a failed batch rejects its loads and can be retried', async () => {
  let fail = true;
  const loader = new BatchLoader<string>(async (keys) => {
    if (fail) throw new Error('down');
    return new Map(keys.map((k) => [k, k]));
  }, 10, '');
  await expect(loader.load('x')).rejects.toThrow('down');
  fail = false;
  await expect(loader.load('x')).resolves.toBe('x');
});
