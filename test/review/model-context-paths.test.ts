import { describe, expect, it } from 'vitest';
import { modelContextPaths } from '../../src/review/crate-model.js';

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
});
