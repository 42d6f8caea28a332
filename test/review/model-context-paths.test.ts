import { describe, expect, it } from 'vitest';
import { dependencyContextPaths, modelContextPaths } from '../../src/review/crate-model.js';
import { manifestFact } from '../../src/model/index.js';

describe('the files the crate model reads around a change', () => {
  const head = [
    'Cargo.toml',
    'core/Cargo.toml',
    'core/src/lib.rs',
    'core/src/index.rs',
    'core/tests/ranking.rs',
    'core/tests/folding.rs',
    'core/tests/support/mod.rs',
    'core/tests/support/checks.rs',
    'core/benches/speed.rs',
  ];

  it('an integration test changed: its support modules (`mod support;`), not the other test crates', () => {
    const { paths } = modelContextPaths(['core/tests/ranking.rs'], head);
    expect(paths).toContain('core/tests/support/mod.rs');
    expect(paths).toContain('core/tests/support/checks.rs');
    expect(paths).not.toContain('core/tests/folding.rs');
  });

  it('a library file changed: the crate around it, no test code', () => {
    const { paths } = modelContextPaths(['core/src/index.rs'], head);
    expect(paths).toEqual(['core/src/lib.rs']);
  });

  it('a test that is a module of a larger test crate: the modules above it and the crate root the manifest declares', () => {
    const tree = [
      'Cargo.toml',
      'core/Cargo.toml',
      'core/src/lib.rs',
      'core/tests/smoke.rs',
      'core/tests/suite/harness.rs',
      'core/tests/suite/fixtures.rs',
      'core/tests/suite/store/mod.rs',
      'core/tests/suite/store/reads.rs',
      'core/tests/suite/store/writes.rs',
      'core/tests/suite/store/backends.rs',
      'core/tests/suite/store/backends/memory.rs',
      'core/benches/load/main.rs',
      'core/benches/load/scenarios/mod.rs',
      'core/benches/load/scenarios/burst.rs',
    ];
    const manifests = [manifestFact('core/Cargo.toml', '[package]\nname = "core"\n\n[[test]]\nname = "suite"\npath = "tests/suite/harness.rs"\n', tree)];
    expect(modelContextPaths(['core/tests/suite/store/backends/memory.rs'], tree, manifests).paths.sort()).toEqual([
      'core/tests/suite/harness.rs',
      'core/tests/suite/store/backends.rs',
      'core/tests/suite/store/mod.rs',
    ]);
    // Without the manifest, Cargo's own layout (`main.rs` of the folder) is all the paths say.
    expect(modelContextPaths(['core/benches/load/scenarios/burst.rs'], tree).paths.sort()).toEqual(['core/benches/load/main.rs', 'core/benches/load/scenarios/mod.rs']);
  });

  it('the package library a test names: the module files its paths name come first', () => {
    const lib = Array.from({ length: 5 }, (_, i) => `ledger/src/area${i}.rs`);
    const tree = ['ledger/Cargo.toml', 'ledger/src/lib.rs', ...lib, 'ledger/src/wait/mod.rs', 'ledger/src/wait/probe.rs', 'ledger/tests/flow.rs'];
    const manifests = [manifestFact('ledger/Cargo.toml', '[package]\nname = "ledger"\n', tree)];
    const test = 'use ledger::{wait::probe::Probe, area3};\nuse ledger::area1::Thing;\n#[test]\nfn flows() { Probe::new().settle(); }\n';
    const paths = dependencyContextPaths(new Map([['ledger/tests/flow.rs', test]]), tree, manifests, new Set());
    expect(paths.slice(0, 4).sort()).toEqual(['ledger/src/area1.rs', 'ledger/src/area3.rs', 'ledger/src/wait/mod.rs', 'ledger/src/wait/probe.rs']);
    expect(paths).toHaveLength(tree.filter((p) => p.startsWith('ledger/src/')).length);
  });
});
