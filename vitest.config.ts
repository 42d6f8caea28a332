import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Rules run even where their `requires` pattern says they cannot fire, and firing there is a
    // rule error, so that every rule test also checks the pattern (see FileRule.requires).
    env: { RUST_REVIEW_CHECK_REQUIRES: '1' },
  },
});
