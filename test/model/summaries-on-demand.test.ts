import { describe, expect, it } from 'vitest';
import type { CrateModel } from '../../src/model/index.js';
import { crateModelOf } from '../helpers/crate-model.js';

const rs = (s: string) => s.replace(/^\n/, '');

// A crate where what the rounds record depends on their order: `outer` calls `slow_chain` (which
// blocks three calls down, found in a later round) before `nap` (which blocks directly and comes
// first in the index's order), so the first round gives `outer` the evidence of `nap`. And
// `sync_caller` reads a file in a closure handed to `wrap`, a wrapper over a wrapper over
// `spawn_blocking` that the rounds only find to offload in their second round.
const BASE: Record<string, string> = {
  'src/a.rs': rs(`
pub fn nap() {
    std::thread::sleep(std::time::Duration::from_millis(5));
}

pub fn outer() {
    crate::b::slow_chain();
    nap();
}

pub fn sync_caller() {
    crate::c::wrap(|| std::fs::read("x"));
}
`),
  'src/b.rs': rs(`
pub fn slow_chain() {
    middle();
}

fn middle() {
    deep();
}

fn deep() {
    std::fs::read_to_string("config.toml").unwrap();
}
`),
  'src/c.rs': rs(`
pub fn wrap<F: FnOnce() -> R + Send + 'static, R: Send + 'static>(f: F) {
    inner_wrap(f);
}

fn inner_wrap<F: FnOnce() -> R + Send + 'static, R: Send + 'static>(f: F) {
    tokio::task::spawn_blocking(f);
}
`),
  'src/lib.rs': rs(`
pub mod a;
pub mod b;
pub mod c;

pub async fn handler() {
    a::outer();
    a::sync_caller();
}
`),
};

// The pull request: `deep` stops blocking, `middle` hashes a password instead, and a new caller of `outer` appears.
const HEAD: Record<string, string> = {
  ...BASE,
  'src/b.rs': rs(`
pub fn slow_chain() {
    middle();
}

fn middle() {
    deep();
    bcrypt::hash("pw", 12).unwrap();
}

fn deep() {}

pub fn again() {
    crate::a::outer();
}
`),
};

const summariesOf = (model: CrateModel, order: readonly number[]) => {
  const fns = model.index.fns;
  for (const k of order) model.summaries.of(fns[k]!);
  return Object.fromEntries(fns.map((f) => [f.key, JSON.stringify(model.summaries.of(f))]));
};

const orders = (n: number): number[][] => {
  const index = [...Array(n).keys()];
  const shuffled = [...index];
  for (let i = n - 1, seed = 11; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  // And each fn asked first, then the rest: every batch after the first reads what an earlier one settled.
  return [index, [...index].reverse(), shuffled, ...index.map((k) => [k, ...index])];
};

describe('function summaries settled on demand', () => {
  for (const [name, files] of [
    ['base', BASE],
    ['head (after a change in one file)', HEAD],
  ] as const) {
    it(`are those of settling the whole crate, asked in any order: ${name}`, async () => {
      const full = await crateModelOf(files);
      full.summaries.settleAll();
      const expected = summariesOf(full, []);
      for (const order of orders(full.index.fns.length)) {
        const model = await crateModelOf(files);
        expect(summariesOf(model, order)).toEqual(expected);
      }
    });
  }

  it('keep the evidence the rounds found first, not the first call', async () => {
    const model = await crateModelOf(BASE);
    const summary = (name: string) => model.summaries.of(model.index.fns.find((f) => f.fn.name === name)!);
    // `slow_chain` settled first (it blocks from the third round on), then `outer`: still `nap`'s
    // sleep, found in the first round, as the rounds over the crate find it.
    expect(summary('slow_chain').blocks?.call).toBe('std::fs::read_to_string');
    expect(summary('outer').blocks?.call).toBe('std::thread::sleep');
    expect(summary('wrap').offloadsClosure).toBe(true);
  });

  it('read a summary settled earlier as it was at that point of the rounds', async () => {
    const model = await crateModelOf(HEAD);
    const summary = (name: string) => model.summaries.of(model.index.fns.find((f) => f.fn.name === name)!);
    expect(summary('middle').cpuHeavy?.call).toBe('bcrypt::hash');
    expect(summary('again').cpuHeavy?.call).toBe('bcrypt::hash');
    expect(summary('outer').blocks?.call).toBe('std::thread::sleep');
    expect(summary('deep').blocks).toBeUndefined();
  });
});
