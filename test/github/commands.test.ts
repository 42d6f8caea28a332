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

// Issue 20, item 5: a command is a line of its own in the comment's prose.
test.each([
  ['in a fenced code block', 'Try this:\n```\n/rust-review\n```'],
  ['in a tilde fence', '~~~text\n/rust-review full\n~~~'],
  ['in a longer fence that a shorter one does not close', '````\n```\n/rust-review\n````'],
  ['in an unclosed fence', '```\n/rust-review'],
  ['in an HTML comment', '<!--\n/rust-review\n-->'],
  ['in an unclosed HTML comment', 'hi <!-- \n/rust-review'],
  ['in a quote (a reply)', '> /rust-review\n\nI would not run it now'],
  ['in an indented code block', 'Run:\n\n    /rust-review'],
  ['after other words', 'please /rust-review'],
])('not a command: %s', (_, body) => {
  expect(parseCommand(body)).toBeNull();
});

test.each([
  ['after a closed fence', '```\ncode\n```\n/rust-review', { kind: 'review', full: false }],
  ['after a closed HTML comment', '<!-- note -->\n/rust-review full', { kind: 'review', full: true }],
  ['with CRLF line ends', 'thanks\r\n/rust-review\r\n', { kind: 'review', full: false }],
])('a command %s', (_, body, expected) => {
  expect(parseCommand(body)).toEqual(expected);
});
