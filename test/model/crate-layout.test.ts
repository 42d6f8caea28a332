import { describe, expect, it } from 'vitest';
import { CrateLayout, fileModuleName } from '../../src/model/crate-layout.js';
import { dependencyLines, manifestFact, packageName } from '../../src/model/manifests.js';

const toml = (s: string) => s.replace(/^\n/, '');

describe('the manifest reader', () => {
  const manifest = toml(`
[package]
name = "ledger-core"

[lib]
path = "core.rs"

[[bin]]
name = "ledgerd"
path = "daemon/start.rs"

[dependencies]
serde = "1"
store = { path = "../store", package = "ledger-store" }
tokio.workspace = true

[target.'cfg(unix)'.dependencies]
nix = "0.29"

[dev-dependencies.proptest]
version = "1"

[workspace.dependencies]
axum = "0.8"
`);

  it('gives every dependency with the line that declares it, renamed ones by their package', () => {
    expect(dependencyLines(manifest)).toEqual([
      { line: 12, crate: 'serde', kind: 'dependencies' },
      { line: 13, crate: 'ledger-store', kind: 'dependencies' },
      { line: 14, crate: 'tokio', kind: 'dependencies' },
      { line: 17, crate: 'nix', kind: 'dependencies' },
      { line: 19, crate: 'proptest', kind: 'dev-dependencies' },
      { line: 23, crate: 'axum', kind: 'dependencies' },
    ]);
  });

  it('gives the package name, and none for a virtual workspace manifest', () => {
    expect(packageName(manifest)).toBe('ledger-core');
    expect(packageName('[workspace]\nmembers = ["a"]\n')).toBeNull();
  });

  it('keeps the declared library and binary paths, and only the package dependencies as facts', () => {
    const fact = manifestFact('crates/ledger/Cargo.toml', manifest);
    expect(fact.lib).toBe('core.rs');
    expect(fact.bins).toEqual(['daemon/start.rs']);
    expect(fact.hasBin).toBe(true);
    expect(fact.deps).toEqual(['ledger-store', 'nix', 'serde', 'tokio']);
    expect(fact.devDeps).toEqual(['proptest']);
  });

  it('keeps the paths of declared test and bench targets', () => {
    const fact = manifestFact('api/Cargo.toml', '[package]\nname = "api"\n\n[[test]]\nname = "e2e"\npath = "tests/e2e/run.rs"\n\n[[bench]]\nname = "load"\npath = "./benches/load/main.rs"\nharness = false\n');
    expect(fact.testTargets).toEqual(['tests/e2e/run.rs', 'benches/load/main.rs']);
    expect(manifestFact('api/Cargo.toml', '[package]\nname = "api"\n').testTargets).toBeUndefined();
  });
});

describe('which crate a file is in', () => {
  it('follows a library declared at a folder of its own (`[lib] path = "mod.rs"`)', () => {
    const layout = new CrateLayout([
      manifestFact('Cargo.toml', '[workspace]\nmembers = ["parts/*"]\n'),
      manifestFact('parts/engine/Cargo.toml', '[package]\nname = "engine"\n[lib]\npath = "mod.rs"\n'),
      manifestFact('parts/runner/Cargo.toml', '[package]\nname = "runner"\n', ['parts/runner/src/main.rs']),
    ]);
    expect(layout.crateOf('parts/engine/mod.rs')).toBe('parts/engine/');
    expect(layout.moduleOfFile('parts/engine/mod.rs')).toEqual([]);
    expect(layout.crateOf('parts/engine/jobs/queue.rs')).toBe('parts/engine/');
    expect(layout.moduleOfFile('parts/engine/jobs/queue.rs')).toEqual(['jobs', 'queue']);
    expect(layout.moduleOfFile('parts/engine/jobs/mod.rs')).toEqual(['jobs']);
    // The other member keeps the usual layout.
    expect(layout.crateOf('parts/runner/src/cli.rs')).toBe('parts/runner/src/');
  });

  it('gives a declared root file that is not lib.rs the crate root module', () => {
    const layout = new CrateLayout([manifestFact('Cargo.toml', '[package]\nname = "tally"\n[lib]\npath = "src/tally.rs"\n')]);
    expect(layout.crateOf('src/tally.rs')).toBe('src/');
    expect(layout.moduleOfFile('src/tally.rs')).toEqual([]);
    expect(layout.moduleOfFile('src/count.rs')).toEqual(['count']);
  });

  it('does not let a declared root claim the files of another package inside its folder', () => {
    const layout = new CrateLayout([
      manifestFact('Cargo.toml', '[package]\nname = "outer"\n[lib]\npath = "lib.rs"\n'),
      manifestFact('tools/gen/Cargo.toml', '[package]\nname = "gen"\n'),
    ]);
    expect(layout.crateOf('helpers.rs')).toBe('');
    expect(layout.crateOf('tools/gen/src/main.rs')).toBe('tools/gen/src/');
    expect(layout.crateOf('tools/gen/build.rs')).toBe('tools/gen/build.rs');
  });

  it('knows a library file from the manifests, and from the paths when no manifest was read', () => {
    const declared = new CrateLayout([manifestFact('kit/Cargo.toml', '[package]\nname = "kit"\n[lib]\npath = "kit.rs"\n')]);
    expect(declared.isLibraryFile('kit/kit.rs')).toBe(true);
    expect(declared.isLibraryFile('kit/parse.rs')).toBe(true);
    const byPaths = new CrateLayout([], ['svc/Cargo.toml', 'svc/src/main.rs', 'svc/src/db.rs', 'lib/Cargo.toml', 'lib/src/lib.rs', 'lib/src/codec.rs']);
    expect(byPaths.isLibraryFile('lib/src/codec.rs')).toBe(true);
    expect(byPaths.isLibraryFile('svc/src/db.rs')).toBe(false);
  });

  it('finds a package folder and its integration tests, helpers last', () => {
    const paths = ['api/Cargo.toml', 'api/src/lib.rs', 'api/tests/orders.rs', 'api/tests/common/mod.rs', 'api/tests/auth.rs'];
    const layout = new CrateLayout([], paths);
    expect(layout.packageDirOf('api/src/lib.rs')).toBe('api/');
    expect(layout.integrationTestFiles('api/')).toEqual(['api/tests/auth.rs', 'api/tests/orders.rs', 'api/tests/common/mod.rs']);
    expect(layout.manifestDirOf('api/src/lib.rs')).toBe('api/');
    expect(new CrateLayout().manifestDirOf('scripts/x.rs')).toBeNull();
  });

  it('puts the modules integration tests share in one crate of the package\'s tests/, and a tests/<dir>/main.rs target\'s files in its own', () => {
    const paths = ['api/Cargo.toml', 'api/src/lib.rs', 'api/tests/orders.rs', 'api/tests/common/mod.rs', 'api/tests/common/db.rs', 'api/tests/fixtures.rs', 'api/tests/e2e/main.rs', 'api/tests/e2e/checkout.rs'];
    const layout = new CrateLayout([], paths);
    const at = (p: string) => `${layout.crateOf(p)} ${layout.moduleOfFile(p).join('::')}`;
    // Each test file is a crate (a test target); `mod common;` there is the shared module.
    expect(at('api/tests/orders.rs')).toBe('api/tests/orders.rs ');
    expect(at('api/tests/common/mod.rs')).toBe('api/tests/ common');
    expect(at('api/tests/common/db.rs')).toBe('api/tests/ common::db');
    expect(layout.mountedModule('api/tests/orders.rs', 'common')).toEqual({ crate: 'api/tests/', module: ['common'] });
    expect(layout.mountedModule('api/tests/orders.rs', 'fixtures')).toEqual({ crate: 'api/tests/fixtures.rs', module: [] });
    expect(layout.mountedModule('api/tests/orders.rs', 'missing')).toBeUndefined();
    expect(layout.mountedModule('api/src/', 'common')).toBeUndefined();
    // `tests/e2e/main.rs` is a target of its own: its folder's files are its modules.
    expect(at('api/tests/e2e/main.rs')).toBe('api/tests/e2e/ ');
    expect(at('api/tests/e2e/checkout.rs')).toBe('api/tests/e2e/ checkout');
  });
});

describe('the name a file\'s module goes by', () => {
  it('a file\'s stem, a mod.rs file\'s directory, a crate root\'s stem', () => {
    expect(fileModuleName('src/digest/tests.rs')).toBe('tests');
    expect(fileModuleName('src/digest/mod.rs')).toBe('digest');
    expect(fileModuleName('crates/api/src/lib.rs')).toBe('lib');
  });
});
