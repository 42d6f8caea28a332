import { expect, test } from 'vitest';
import { parseCommand } from '../../src/handlers/commands.js';

test.each([
  ['/rust-review', { kind: 'review', full: false }],
  ['  /rust-review  ', { kind: 'review', full: false }],
  ['LGTM but\n/rust-review full\nthanks', { kind: 'review', full: true }],
  ['/rust-review explain async/lock-guard-across-await', { kind: 'explain', ruleId: 'async/lock-guard-across-await' }],
  ['/rust-review explain `ownership/ptr-arg`', { kind: 'explain', ruleId: 'ownership/ptr-arg' }],
  ['/rust-review explain', { kind: 'help', unknown: 'explain (which rule?)' }],
  ['/rust-review help', { kind: 'help' }],
  ['/rust-review HELP', { kind: 'help' }],
  ['/rust-review frobnicate', { kind: 'help', unknown: 'frobnicate' }],
  ['/rust-review full please', { kind: 'help', unknown: 'full please' }],
])('%j', (body, expected) => {
  expect(parseCommand(body)).toEqual(expected);
});

test.each(['hello', 'see /rust-review', '/rust-reviewer', '`/rust-review`'])('not a command: %j', (body) => {
  expect(parseCommand(body)).toBeNull();
});
