import { describe, expect, it } from 'vitest';
import { CrateLayout } from '../../src/model/crate-layout.js';
import { manifestFact } from '../../src/model/manifests.js';
import rule from '../../src/rules/architecture/unfinished-code.js';
import { runFileRule } from '../helpers/rule-tester.js';
import { crateModelOf, factsOf } from '../helpers/crate-model.js';

/** A layout of `files` (Rust sources by path, their `mod` items read) and the package manifest `toml` at the root. */
async function layoutOf(files: Record<string, string>, toml = '[package]\nname = "ledger"\n'): Promise<CrateLayout> {
  const paths = ['Cargo.toml', ...Object.keys(files)];
  return new CrateLayout([manifestFact('Cargo.toml', toml, paths)], paths, await factsOf(files));
}

const at = (layout: CrateLayout, p: string) => `${layout.crateOf(p)} ${layout.moduleOfFile(p).join('::')}${layout.isTestFile(p) ? ' (test)' : ''}`;

describe('a [[test]] / [[bench]] / [[example]] target declared outside tests/', () => {
  const toml = `[package]
name = "ledger"

[[test]]
name = "integration"
path = "src/it/mod.rs"

[[example]]
name = "replay"
path = "demo/replay/main.rs"

[[bench]]
name = "load"
path = "perf/load.rs"
`;

  it('is a crate root, its modules beside it, and its code is test or tooling code', async () => {
    const layout = await layoutOf({ 'src/lib.rs': 'pub mod db;\n', 'src/db.rs': '', 'src/it/mod.rs': 'mod accounts;\n', 'src/it/accounts.rs': '', 'demo/replay/main.rs': 'mod feed;\n', 'demo/replay/feed.rs': '', 'perf/load.rs': '' }, toml);
    expect(manifestFact('Cargo.toml', toml).testTargets).toEqual(['src/it/mod.rs', 'demo/replay/main.rs', 'perf/load.rs']);
    expect(at(layout, 'src/it/mod.rs')).toBe('src/it/  (test)');
    expect(at(layout, 'src/it/accounts.rs')).toBe('src/it/ accounts (test)');
    expect(at(layout, 'demo/replay/feed.rs')).toBe('demo/replay/ feed (test)');
    expect(at(layout, 'perf/load.rs')).toBe('perf/load.rs  (test)');
    // The library beside it is not.
    expect(at(layout, 'src/db.rs')).toBe('src/ db');
    expect(at(layout, 'src/lib.rs')).toBe('src/ ');
  });

  it("places the target's fns in tests", async () => {
    const model = await crateModelOf(
      {
        'src/lib.rs': 'pub fn post(amount: i64) -> i64 { amount }\npub struct Books;\nimpl Books {\n    pub fn with_pool(self) -> Self { self }\n}\n',
        'src/it/mod.rs': 'mod accounts;\n',
        'src/it/accounts.rs': 'pub fn seed_accounts() { ledger::post(1); }\npub fn books(b: ledger::Books) { b.with_pool(); }\n',
      },
      { 'Cargo.toml': toml },
    );
    const ref = model.index.fns.find((f) => f.fn.name === 'seed_accounts')!;
    expect(model.contexts.of(ref)).toBe('test');
    // Its code calls the library's methods by name, as the library's own modules do.
    const withPool = model.index.fns.find((f) => f.fn.name === 'with_pool')!;
    expect(model.contexts.callSites(withPool).map((s) => s.caller.fn.name)).toEqual(['books']);
  });
});

describe('#[path] module items', () => {
  it('mount a test file\'s helper from elsewhere as its module, and that helper\'s own modules beside it', async () => {
    const layout = await layoutOf({
      'src/lib.rs': '',
      'tests/api.rs': '#[path = "../fixtures/seed.rs"]\nmod seed;\n',
      'fixtures/seed.rs': 'mod rows;\n',
      'fixtures/rows.rs': '',
      'fixtures/unused.rs': '',
    });
    expect(at(layout, 'fixtures/seed.rs')).toBe('tests/api.rs seed (test)');
    expect(at(layout, 'fixtures/rows.rs')).toBe('tests/api.rs seed::rows (test)');
    // Mounted by nothing: its own crate, not test code.
    expect(at(layout, 'fixtures/unused.rs')).toBe('fixtures/unused.rs ');
  });

  it('resolve as rustc does: beside a non-mod.rs file at its top level, under its stem inside an inline module', async () => {
    const layout = await layoutOf({
      'src/lib.rs': 'mod store;\n',
      'src/store.rs': '#[path = "store_impl.rs"]\nmod backend;\nmod generated {\n    #[path = "schema.rs"]\n    pub mod schema;\n}\n',
      'src/store_impl.rs': '',
      'src/store/generated/schema.rs': '',
      'src/schema.rs': '',
    });
    expect(at(layout, 'src/store_impl.rs')).toBe('src/ store::backend');
    expect(at(layout, 'src/store/generated/schema.rs')).toBe('src/ store::generated::schema');
    // A library file no `mod` item reaches keeps its path's module, and is not test code.
    expect(at(layout, 'src/schema.rs')).toBe('src/ schema');
  });

  it('mount a #[cfg(test)] module at the file the attribute names: its fns run only in tests', async () => {
    const model = await crateModelOf({
      'src/lib.rs': 'pub mod api;\n',
      'src/api.rs': 'pub fn token() -> String { String::new() }\n#[cfg(test)]\n#[path = "api_test_support.rs"]\nmod support;\n',
      'src/api_test_support.rs': 'pub fn signed_cookie() -> String { super::token() }\n',
    });
    const ref = model.index.fns.find((f) => f.fn.name === 'signed_cookie')!;
    expect(model.index.moduleOfFile('src/api_test_support.rs')).toEqual(['api', 'support']);
    expect(model.contexts.of(ref)).toBe('test');
  });

  it('leave a file of another package where it is', async () => {
    const paths = ['tool/Cargo.toml', 'tool/src/main.rs', 'core/Cargo.toml', 'core/src/lib.rs', 'core/src/hex.rs'];
    const manifests = [manifestFact('tool/Cargo.toml', '[package]\nname = "tool"\n', paths), manifestFact('core/Cargo.toml', '[package]\nname = "core"\n', paths)];
    const layout = new CrateLayout(manifests, paths, await factsOf({ 'tool/src/main.rs': '#[path = "../../core/src/hex.rs"]\nmod hex;\nfn main() {}\n', 'core/src/lib.rs': 'pub mod hex;\n', 'core/src/hex.rs': '' }));
    expect(at(layout, 'core/src/hex.rs')).toBe('core/src/ hex');
  });
});

describe('rules see the mounted helper of a test as test code', () => {
  const helper = 'pub fn seed() -> u32 {\n    dbg!(7)\n}\n';
  it('a debugging leftover there is not reported (else noisy); in a library file, it is', async () => {
    const mounted = await runFileRule(rule, { path: 'fixtures/seed.rs', code: helper, files: { 'tests/api.rs': '#[path = "../fixtures/seed.rs"]\nmod seed;\n#[test]\nfn seeds() { seed::seed(); }\n' } });
    expect(mounted.findings).toEqual([]);
    const library = await runFileRule(rule, { path: 'src/seed.rs', code: helper, files: { 'src/lib.rs': 'pub mod seed;\n' } });
    expect(library.findings.map((f) => `${f.path}:${f.line}`)).toEqual(['src/seed.rs:2']);
  });
});
